import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pidFile, readComponents } from '../../src/cluster/local/components.js';
import { retryFailed } from '../../src/cluster/local/manifest-watcher.js';
import { firstBackOff } from '../../src/cluster/local/restart-backoff.js';
import { readRecord, writeRecord } from '../../src/cluster/local/static-manifests.js';

// The watcher's retries of a failed component, on the kwok.yaml of a real local cluster (its folder
// moved to a temporary one): only while the rest of the cluster runs, so never after `lab cluster down`
// nor while `lab cluster etcd-restore` has stopped every component; then with the kubelet's back-off.
const fixture = join(import.meta.dirname, '..', 'fixtures', 'local-cluster', 'kwok.yaml');
const dirs: string[] = [];
const children: ChildProcess[] = [];

afterEach(() => {
  for (const c of children.splice(0)) c.kill();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function failedScheduler(now: number) {
  const dir = mkdtempSync(join(tmpdir(), 'cka-lab-watcher-retry-'));
  dirs.push(dir);
  const text = readFileSync(fixture, 'utf8').replaceAll(
    '/home/learner/.local/state/cka-lab/cka-lab/kwok/clusters/cka-lab',
    dir,
  );
  writeFileSync(join(dir, 'kwok.yaml'), text);
  const specs = await readComponents(dir);
  const scheduler = specs.find((s) => s.name === 'kube-scheduler')!;
  const command = [scheduler.binary, ...scheduler.args];
  writeRecord(dir, {
    defaults: { 'kube-scheduler': command },
    failed: { 'kube-scheduler': { command, reason: 'stat kubeconfig.yml: no such file or directory' } },
    backOff: { 'kube-scheduler': firstBackOff(now - 10_000) }, // due now
  });
  return { cluster: { stateDir: dir, clusterWorkdir: dir }, specs };
}

describe('the manifest watcher retrying a failed component', () => {
  it('starts nothing while no other component runs (after down, during an etcd restore)', async () => {
    const { cluster } = await failedScheduler(Date.now());
    const before = readFileSync(join(cluster.stateDir, 'control-plane.json'), 'utf8');
    expect(await retryFailed(cluster)).toEqual([]);
    expect(readFileSync(join(cluster.stateDir, 'control-plane.json'), 'utf8')).toBe(before);
  });

  it('once its back-off has passed, starts it again while the cluster runs, and doubles the back-off', async () => {
    const { cluster, specs } = await failedScheduler(Date.now());
    // kwok-controller runs: a process whose argv[0] is its binary's name, in its pid file
    const kwok = specs.find((s) => s.name === 'kwok-controller')!;
    const child = spawn('sleep', ['30'], { argv0: kwok.binary, stdio: 'ignore' });
    children.push(child);
    mkdirSync(join(cluster.clusterWorkdir, 'pids'), { recursive: true });
    writeFileSync(pidFile(kwok), String(child.pid));

    const changes = await retryFailed(cluster);
    expect(changes).toMatchObject([{ component: 'kube-scheduler', outcome: 'failed' }]); // its binary is not here
    const b = readRecord(cluster.stateDir)!.backOff!['kube-scheduler']!;
    expect(b.restarts).toBe(1);
    expect(b.delayMs).toBe(20_000);
    expect(b.nextAt - Date.now()).toBeGreaterThan(15_000);
    expect(readRecord(cluster.stateDir)!.failed?.['kube-scheduler']).toBeDefined();
    expect(await retryFailed(cluster)).toEqual([]); // not due yet
  });
});
