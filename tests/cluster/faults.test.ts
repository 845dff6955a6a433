import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of the test kubeconfig with its first cluster/user edited. */
function variant(name: string, edit: (config: any) => void): string {
  const config = parse(readFileSync(kubeconfig, 'utf8'));
  edit(config);
  const file = join(dir, name);
  writeFileSync(file, stringify(config));
  return file;
}

const check = (kc: string) =>
  execa('node', [bin, 'check', 'replicaset', '-n', ns, '--kubeconfig', kc], { reject: false, timeout: 60_000 });

beforeAll(async () => {
  await startLab(await loadLab('replicaset'), client, ns, quietLog());
});
afterAll(() => dropNamespace(client, ns));

describe('cluster faults', () => {
  it('a TLS failure (wrong CA) exits 3 and names the certificate problem', async () => {
    const user = parse(readFileSync(kubeconfig, 'utf8')).users[0].user;
    const wrongCa = variant(
      'wrong-ca',
      (c) => (c.clusters[0].cluster['certificate-authority'] = user['client-certificate']),
    );
    const run = await check(wrongCa);
    expect(run.exitCode).toBe(3);
    expect(run.stderr).toMatch(
      /^error: The TLS connection to https:\/\/127\.0\.0\.1:\d+ failed \([A-Z_]+\); check the certificate data in your kubeconfig\.$/,
    );
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
    expect(run.stderr).toMatch(
      /^error: The cluster refused access \(403 Forbidden: .*system:serviceaccount:t-faults-[0-9a-f]+:nobody.*\); use a user with rights on the lab namespace\.$/,
    );
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
      const checking = execa('node', [bin, 'check', 'replicaset', '--kubeconfig', kc, '--wait', '25'], {
        reject: false,
        timeout: 60_000,
      });
      await new Promise((r) => setTimeout(r, 1500));

      // Restart kube-apiserver: kill it, then start the same command line again.
      const pidFile = join(cluster.stateDir, 'kwok', 'clusters', 'cka-lab-faults', 'pids', 'kube-apiserver.pid');
      const pid = Number(readFileSync(pidFile, 'utf8'));
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
      const { closeSync, openSync, readlinkSync } = await import('node:fs');
      const cwd = readlinkSync(`/proc/${pid}/cwd`);
      process.kill(pid, 'SIGKILL');
      await new Promise((r) => setTimeout(r, 1000));
      const restartLog = join(cluster.stateDir, 'kube-apiserver-restarted.log');
      const out = openSync(restartLog, 'w');
      const restarted = spawn(argv[0]!, argv.slice(1), { cwd, detached: true, stdio: ['ignore', out, out] });
      restarted.unref();
      closeSync(out); // the child has its own copy
      writeFileSync(pidFile, String(restarted.pid)); // so `cluster down` stops the new one

      // The test's own part: the server must be back while the check still waits, or this
      // test proves nothing (say why: e.g. another process took its port in the meantime).
      for (let ok = false; !ok && Date.now() - started < 20_000;) {
        ok = await own.request('GET', '/api/v1/namespaces/default').then(
          () => true,
          () => false,
        );
        if (!ok) await new Promise((r) => setTimeout(r, 200));
      }
      const backAfter = Date.now() - started;
      expect(
        backAfter,
        `the restarted kube-apiserver is not back: ${readFileSync(restartLog, 'utf8').slice(-600)}`,
      ).toBeLessThan(20_000);

      const run = await checking;
      // The server is back within a few seconds, well inside the 25 s wait: the check rides
      // out the refused connections and then reports the untouched lab, whose checks fail
      // (exit 1, with the report). Exit 3 would mean it gave up while the wait still ran.
      expect(run.exitCode, run.stderr).toBe(1);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('0 of 9 checks pass');
      // It kept checking until the deadline (25 s after it started), and no longer.
      expect(Date.now() - started).toBeGreaterThanOrEqual(25_000);
      expect(Date.now() - started).toBeLessThan(55_000);
    } finally {
      await cluster.down(quietLog());
    }
  });
});
