import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { execa } from 'execa';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { contentRoot } from '../../src/util/paths.js';
import { loadLab } from '../../src/labs/loader.js';
import { startLab } from '../../src/labs/lifecycle.js';
import { dropNamespace, freshNamespace, quietLog, testClient } from './helpers.js';

// Cluster faults on the real local cluster: each gives exit 3 with one sentence, and
// nothing hangs (bounded retries and timeouts).
const bin = join(contentRoot(), 'bin', 'lab.cjs');
const kubeconfig = inject('kubeconfig');
const client = testClient();
const ns = freshNamespace('faults');
const dir = mkdtempSync(join(tmpdir(), 'faults-'));

/** A copy of the test kubeconfig with its first cluster/user edited. */
function variant(name: string, edit: (config: any) => void): string {
  const config = parse(readFileSync(kubeconfig, 'utf8'));
  edit(config);
  const file = join(dir, name);
  writeFileSync(file, stringify(config));
  return file;
}

const check = (kc: string) => execa('node', [bin, 'check', 'replicaset', '-n', ns, '--kubeconfig', kc], { reject: false, timeout: 60_000 });

beforeAll(async () => {
  await startLab(await loadLab('replicaset'), client, ns, quietLog());
});
afterAll(() => dropNamespace(client, ns));

describe('cluster faults', () => {
  it('a TLS failure (wrong CA) exits 3 and names the certificate problem', async () => {
    const user = parse(readFileSync(kubeconfig, 'utf8')).users[0].user;
    const wrongCa = variant('wrong-ca', (c) => (c.clusters[0].cluster['certificate-authority'] = user['client-certificate']));
    const run = await check(wrongCa);
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toMatch(/^error: The TLS connection to https:\/\/127\.0\.0\.1:\d+ failed \([A-Z_]+\); check the certificate data in your kubeconfig\.$/);
  });

  it('rejected credentials exit 3 with a sentence about the kubeconfig user', async () => {
    const badToken = variant('bad-token', (c) => (c.users[0].user = { token: 'not-a-valid-token' }));
    const run = await check(badToken);
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toContain('rejected the credentials (401 Unauthorized); refresh the user in your kubeconfig');
  });

  it('RBAC forbidden exits 3 and says which rights are missing', async () => {
    await client.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'nobody' } }, ns);
    const request = { apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { expirationSeconds: 600 } };
    const answer = await client.request<any>('POST', `/api/v1/namespaces/${ns}/serviceaccounts/nobody/token`, request);
    const noRights = variant('no-rights', (c) => (c.users[0].user = { token: answer.status.token }));
    const run = await check(noRights);
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toMatch(/^error: The cluster refused access \(403 Forbidden: .*system:serviceaccount:t-faults-[0-9a-f]+:nobody.*\); use a user with rights on the lab namespace\.$/);
  });

  it('a server that accepts connections but never answers times out instead of hanging', async () => {
    const net = await import('node:net');
    const silent = net.createServer(() => undefined); // accepts, never speaks TLS
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    try {
      const hung = variant('silent', (c) => (c.clusters[0].cluster.server = `https://127.0.0.1:${port}`));
      const started = Date.now();
      const run = await check(hung);
      expect(run.exitCode).toBe(3);
      expect(run.stderr).toContain('ETIMEDOUT');
      expect(Date.now() - started).toBeLessThan(45_000);
    } finally {
      silent.close();
    }
  }, 60_000);
});

describe('an API server restarted during a check', () => {
  it('rides out the restart while --wait runs, then reports, without hanging', { timeout: 120_000 }, async () => {
    const { LocalCluster } = await import('../../src/cluster/local/local-cluster.js');
    const { spawn } = await import('node:child_process');
    const { KubeClient } = await import('../../src/kube/client.js');
    const { loadKubeConfig } = await import('../../src/kube/config.js');
    // Its own cluster: restarting the shared one would disturb the other test files.
    const cluster = new LocalCluster().withName('cka-lab-faults').withNodes(1);
    const kc = await cluster.up(quietLog());
    try {
      const own = new KubeClient(loadKubeConfig({ kubeconfig: kc }));
      await startLab(await loadLab('replicaset'), own, 'lab-replicaset', quietLog());
      const started = Date.now();
      const checking = execa('node', [bin, 'check', 'replicaset', '--kubeconfig', kc, '--wait', '25'], { reject: false, timeout: 60_000 });
      await new Promise((r) => setTimeout(r, 1500));

      // Restart kube-apiserver: kill it, then start the same command line again.
      const pidFile = join(cluster.stateDir, 'kwok', 'clusters', 'cka-lab-faults', 'pids', 'kube-apiserver.pid');
      const pid = Number(readFileSync(pidFile, 'utf8'));
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      const { readlinkSync } = await import('node:fs');
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      process.kill(pid, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 1000));
      const restarted = spawn(argv[0]!, argv.slice(1), { cwd, detached: true, stdio: 'ignore' });
      restarted.unref();
      writeFileSync(pidFile, String(restarted.pid)); // so `cluster down` stops the new one

      const run = await checking;
      // Either the server came back within the wait (the untouched lab then fails its
      // checks: exit 1, with the report), or it did not (exit 3, one sentence). Never a hang or a crash.
      if (run.exitCode === 1) expect(run.stdout).toContain('0 of 7 checks pass');
      else expect(run.stderr).toMatch(/^error: Cannot reach the cluster of context "kwok-cka-lab-faults" at [^\n]+\.$/);
      expect([1, 3]).toContain(run.exitCode);
      expect(Date.now() - started).toBeLessThan(55_000);
    } finally {
      await cluster.down(quietLog());
    }
  });
});
