import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { LocalCluster } from '../../src/cluster/local/local-cluster.js';
import { manifestFile, readRecord, renderManifest } from '../../src/cluster/local/static-manifests.js';
import { kubeVersion } from '../../src/cluster/local/binaries.js';
import { watcherPid } from '../../src/cluster/local/manifest-watcher.js';
import { KubeClient } from '../../src/kube/client.js';
import { loadKubeConfig } from '../../src/kube/config.js';
import { loadLab } from '../../src/labs/loader.js';
import { resetLab, startLab } from '../../src/labs/lifecycle.js';
import { contentRoot } from '../../src/util/paths.js';
import { poll } from '../../src/util/poll.js';
import { stderrLog, type Log } from '../../src/util/log.js';
import { testClient } from './helpers.js';
import { proveOnOwnCluster } from './prove-lab.js';

// The control plane's static-Pod-style manifests and their watcher (src/cluster/local/static-manifests.ts,
// manifest-watcher.ts), and the labs troubleshoot-control-plane and troubleshoot-controller-manager, which
// break the shared scheduler and controller-manager: all on a local cluster of its own (its own state
// folder), never on the cluster the other test files share (tests/cluster/prove-lab.ts leaves the labs out).

const state = mkdtempSync(join(tmpdir(), 'cka-lab-test-state-cp-'));
const shims = mkdtempSync(join(tmpdir(), 'cka-lab-cp-test-bin-'));
process.env.XDG_STATE_HOME = state;
const cluster = new LocalCluster();
let client: KubeClient;
const scheduler = () => manifestFile(cluster.stateDir, 'kube-scheduler');
const lab = (...args: string[]) =>
  execa(join(shims, 'lab'), args, { env: { ...process.env, XDG_STATE_HOME: state, NO_COLOR: '1' }, reject: false });

type Component = { running: boolean; healthy: boolean; pid?: number };

/** A component's state, polled until `done` holds (20 s at most). */
const componentWhen = (name: string, done: (c: Component) => boolean) =>
  poll(async () => (await cluster.components()).find((c) => c.name === name)!, {
    intervalMs: 250,
    timeoutMs: 20_000,
    done,
  });

/** The scheduler's state, polled until `done` holds (20 s at most). */
const schedulerWhen = (done: (c: Component) => boolean) => componentWhen('kube-scheduler', done);
const controllerManager = () => manifestFile(cluster.stateDir, 'kube-controller-manager');

/** A lab that breaks `component` proves its checks, and the component is repaired after its last case. */
async function proveBreaking(id: string, component: string): Promise<void> {
  await proveOnOwnCluster(id, client);
  expect(readRecord(cluster.stateDir)!.lab).toBeUndefined();
  expect((await componentWhen(component, (c) => c.running && c.healthy)).healthy).toBe(true);
}

beforeAll(async () => {
  // `lab` as the learner types it (the lab's exec steps, and `lab cluster status|logs` below): a copy of
  // the bundle, as another build of the working tree may remove dist/ meanwhile.
  cpSync(join(contentRoot(), 'dist'), join(shims, 'dist'), { recursive: true });
  const script = `#!/bin/sh\nCKA_LAB_HOME='${contentRoot()}' exec "${process.execPath}" "${join(shims, 'dist', 'lab.cjs')}" "$@"\n`;
  writeFileSync(join(shims, 'lab'), script);
  chmodSync(join(shims, 'lab'), 0o755);
  process.env.PATH = `${shims}${delimiter}${process.env.PATH ?? ''}`;
  await cluster.up(stderrLog());
  client = new KubeClient(loadKubeConfig({ kubeconfig: cluster.kubeconfig }));
}, 600_000);

afterAll(async () => {
  await cluster.down(stderrLog()).catch(() => undefined);
  rmSync(state, { recursive: true, force: true });
  rmSync(shims, { recursive: true, force: true });
}, 120_000);

describe('control-plane manifests of the local cluster', () => {
  it('are written by lab cluster up with the commands the components run, and a watcher runs', async () => {
    const record = readRecord(cluster.stateDir)!;
    expect(Object.keys(record.defaults).sort()).toEqual([
      'etcd',
      'kube-apiserver',
      'kube-controller-manager',
      'kube-scheduler',
    ]);
    const text = readFileSync(scheduler(), 'utf8');
    expect(text).toBe(renderManifest('kube-scheduler', record.defaults['kube-scheduler']!, kubeVersion()));
    expect(text).toContain(`    - --kubeconfig=${join(cluster.clusterWorkdir, 'kubeconfig.yaml')}\n`);
    expect(watcherPid(cluster.stateDir)).toBeGreaterThan(0);
    const status = await lab('cluster', 'status');
    expect(status.stdout).toContain(`manifests                ${join(cluster.stateDir, 'manifests')}`);
  });

  it("a changed manifest restarts its component with the new flag, keeping kwok.yaml's stages as they were", async () => {
    const kwokYaml = join(cluster.clusterWorkdir, 'kwok.yaml');
    const stages = (text: string) => text.slice(text.search(/^---\s*$/m));
    const before = readFileSync(kwokYaml, 'utf8');
    const { pid } = await schedulerWhen(() => true);
    const t0 = performance.now();
    writeFileSync(scheduler(), `${readFileSync(scheduler(), 'utf8')}    - --v=3\n`);
    const after = await schedulerWhen((c) => c.running && c.pid !== pid);
    console.log(`kube-scheduler restarted by its manifest in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    expect(readFileSync(`/proc/${after.pid}/cmdline`, 'utf8').split('\0')).toContain('--v=3');
    const now = readFileSync(kwokYaml, 'utf8');
    expect(now).toContain('- --v=3');
    expect(stages(now)).toBe(stages(before));
  }, 60_000);

  it('a broken flag leaves the component stopped, shown with its log line; up keeps it so; fixing the file brings it back', async () => {
    writeFileSync(scheduler(), readFileSync(scheduler(), 'utf8').replace('--v=3', '--leader-elct=false'));
    await schedulerWhen((c) => !c.running);
    const status = await poll(() => lab('cluster', 'status'), {
      intervalMs: 500,
      timeoutMs: 15_000,
      done: (r) => r.stdout.includes('unknown flag: --leader-elct'),
    });
    expect(status.exitCode).toBe(3);
    expect(status.stdout).toMatch(/kube-scheduler\s+stopped\n\s+Error: unknown flag: --leader-elct/);
    const logs = await lab('cluster', 'logs', 'kube-scheduler');
    expect(logs.exitCode).toBe(0);
    expect(logs.stdout).toContain('unknown flag: --leader-elct');

    // A repair does not put cka-lab's flags back behind the learner's back, nor fail: it says why.
    const warned: string[] = [];
    const log: Log = { info: () => undefined, progress: () => undefined, warn: (m) => warned.push(m) };
    await cluster.up(log);
    expect(warned.join('\n')).toContain(
      `kube-scheduler stays stopped: it failed to start with the flags of its manifest ${scheduler()}`,
    );
    expect((await schedulerWhen(() => true)).running).toBe(false);
    expect(await cluster.deadComponents()).toContain('runs no kube-scheduler');

    writeFileSync(scheduler(), readFileSync(scheduler(), 'utf8').replace('    - --leader-elct=false\n', ''));
    await schedulerWhen((c) => c.running && c.healthy);
    // The watcher records the start once the process has stayed up for its grace period (3 s).
    const record = await poll(() => readRecord(cluster.stateDir)!, {
      intervalMs: 250,
      timeoutMs: 10_000,
      done: (r) => r.failed === undefined,
    });
    expect(record.failed).toBeUndefined();
    expect(readFileSync(scheduler(), 'utf8')).toBe(
      renderManifest('kube-scheduler', readRecord(cluster.stateDir)!.defaults['kube-scheduler']!, kubeVersion()),
    );
  }, 120_000);

  it('a scheduler whose --kubeconfig names a missing file is retried with back-off; creating the file revives it', async () => {
    const own = readFileSync(scheduler(), 'utf8');
    const right = join(cluster.clusterWorkdir, 'kubeconfig.yaml');
    const missing = join(state, 'kubeconfig-of-the-scheduler.yaml');
    writeFileSync(scheduler(), own.replace(`--kubeconfig=${right}`, `--kubeconfig=${missing}`));
    await schedulerWhen((c) => !c.running);
    const failedAt = await poll(() => readRecord(cluster.stateDir)!, {
      intervalMs: 250,
      timeoutMs: 15_000,
      done: (r) => r.backOff?.['kube-scheduler'] !== undefined,
    });
    expect(failedAt.failed?.['kube-scheduler']?.reason).toContain('kubeconfig-of-the-scheduler.yaml');
    // The first restart, 10 s after the failure, fails the same way: stopped, restarted once, back-off 20 s.
    const waiting = await poll(() => lab('cluster', 'status'), {
      intervalMs: 1000,
      timeoutMs: 30_000,
      done: (r) => r.stdout.includes('CrashLoopBackOff: restarted once'),
    });
    expect(waiting.exitCode).toBe(3);
    expect(waiting.stdout).toMatch(
      /kube-scheduler\s+stopped {2}restarts 1\n.*kubeconfig-of-the-scheduler\.yaml.*\n\s+CrashLoopBackOff: restarted once, next start in \d+ s \(back-off 20 s\)/,
    );
    expect((await lab('cluster', 'logs', 'kube-scheduler')).stdout).toMatch(
      /^cka-lab: \S+ started kube-scheduler: restart 1 after a back-off of 10 s\n/,
    );
    const edited = readFileSync(scheduler(), 'utf8');
    const mtime = statSync(scheduler()).mtimeMs;

    const t0 = performance.now();
    cpSync(right, missing);
    const back = await poll(async () => (await cluster.components()).find((c) => c.name === 'kube-scheduler')!, {
      intervalMs: 500,
      timeoutMs: 40_000, // the second back-off (20 s) and a start
      done: (c) => c.running && c.healthy,
    });
    console.log(`kube-scheduler back ${((performance.now() - t0) / 1000).toFixed(1)} s after its kubeconfig appeared`);
    expect(back.healthy).toBe(true);
    expect(readFileSync(scheduler(), 'utf8')).toBe(edited); // the manifest was not touched
    expect(statSync(scheduler()).mtimeMs).toBe(mtime);
    const record = await poll(() => readRecord(cluster.stateDir)!, {
      intervalMs: 250,
      timeoutMs: 10_000,
      done: (r) => r.failed === undefined,
    });
    expect(record.backOff?.['kube-scheduler']).toMatchObject({ restarts: 2 });
    const status = await lab('cluster', 'status');
    expect(status.stdout).toMatch(/kube-scheduler\s+running, healthy\s+pid \d+\s+restarts 2\n/);
    expect(status.stdout).not.toContain('CrashLoopBackOff');

    // cka-lab's manifest back (a change of command forgets the back-off).
    writeFileSync(scheduler(), own);
    await poll(() => readRecord(cluster.stateDir)!, {
      intervalMs: 250,
      timeoutMs: 15_000,
      done: (r) => r.backOff === undefined,
    });
    expect((await schedulerWhen((c) => c.running && c.healthy)).healthy).toBe(true);
  }, 120_000);

  it("lab cluster up --restore-manifests writes cka-lab's own manifests back and starts the component", async () => {
    const own = readFileSync(scheduler(), 'utf8');
    writeFileSync(scheduler(), own.replace('--bind-address=', '--bind-adress='));
    await schedulerWhen((c) => !c.running);
    const held = await lab('cluster', 'up');
    expect(held.exitCode).toBe(0);
    expect(held.stderr).toContain('or run `lab cluster up --restore-manifests`');
    const up = await lab('cluster', 'up', '--restore-manifests');
    expect(up.exitCode, up.stderr).toBe(0);
    expect(readFileSync(scheduler(), 'utf8')).toBe(own);
    expect((await schedulerWhen((c) => c.running && c.healthy)).healthy).toBe(true);
  }, 120_000);

  it('troubleshoot-control-plane: its reset restores the manifest before breaking it again, and another lab restores it', async () => {
    const cp = await loadLab('troubleshoot-control-plane');
    await startLab(cp, client, 'lab-troubleshoot-control-plane', stderrLog(true));
    const broken = readFileSync(scheduler(), 'utf8');
    expect(broken).toContain('/kubeconfig.yml\n');
    expect((await schedulerWhen((c) => !c.running)).running).toBe(false);
    expect(readRecord(cluster.stateDir)!.lab).toEqual({
      id: 'troubleshoot-control-plane',
      components: ['kube-scheduler'],
    });

    await resetLab(cp, client, 'lab-troubleshoot-control-plane', stderrLog(true));
    expect(readFileSync(scheduler(), 'utf8')).toBe(broken); // restored, then broken once again: not kubeconfig.ymll

    await startLab(await loadLab('pods'), client, 'lab-pods', stderrLog(true));
    expect(readRecord(cluster.stateDir)!.lab).toBeUndefined();
    expect(readFileSync(scheduler(), 'utf8')).not.toContain('kubeconfig.yml\n');
    expect((await schedulerWhen((c) => c.running && c.healthy)).healthy).toBe(true);
  }, 300_000);

  it('troubleshoot-control-plane is refused, before anything is applied, on a cluster that is not this local one', async () => {
    const other = testClient(); // the cluster the other test files share (tests/cluster/global-setup.ts)
    const cp = await loadLab('troubleshoot-control-plane');
    await expect(startLab(cp, other, 'lab-troubleshoot-control-plane', stderrLog(true))).rejects.toThrow(
      "Lab troubleshoot-control-plane changes the control plane of cka-lab's local cluster through its manifests",
    );
    expect(await other.get({ apiVersion: 'v1', kind: 'Namespace' }, 'lab-troubleshoot-control-plane')).toBeUndefined();
  });

  it(
    'troubleshoot-control-plane proves its checks: wrong answers and alternatives, one case at a time',
    () => proveBreaking('troubleshoot-control-plane', 'kube-scheduler'),
    900_000,
  );

  it('troubleshoot-controller-manager: the controller-manager stops on a misspelt flag; reset breaks it once, another lab restores it', async () => {
    const own = readFileSync(controllerManager(), 'utf8');
    const cm = await loadLab('troubleshoot-controller-manager');
    await startLab(cm, client, 'lab-troubleshoot-controller-manager', stderrLog(true));
    const broken = readFileSync(controllerManager(), 'utf8');
    expect(broken).toBe(own.replace('--node-monitor-grace-period=', '--node-monitor-grace-peroid='));
    expect((await componentWhen('kube-controller-manager', (c) => !c.running)).running).toBe(false);
    expect(readRecord(cluster.stateDir)!.lab).toEqual({
      id: 'troubleshoot-controller-manager',
      components: ['kube-controller-manager'],
    });
    // What the learner reads: the error after the usage text, and the error line in the status.
    const logs = await lab('cluster', 'logs', 'kube-controller-manager');
    expect(logs.stdout.trimEnd().split('\n').pop()).toBe('Error: unknown flag: --node-monitor-grace-peroid');
    const status = await lab('cluster', 'status');
    expect(status.exitCode).toBe(3);
    expect(status.stdout).toMatch(
      /kube-controller-manager\s+stopped.*\n\s+Error: unknown flag: --node-monitor-grace-peroid/,
    );

    // The symptom: a scale-up is stored, and nothing acts on it.
    const web = { apiVersion: 'apps/v1', kind: 'Deployment' };
    const ns = 'lab-troubleshoot-controller-manager';
    await client.patch(web, 'web', ns, { spec: { replicas: 3 } }, 'merge', 'scale');
    await new Promise((r) => setTimeout(r, 3000));
    const stalled = (await client.get(web, 'web', ns))!;
    expect(stalled.status?.observedGeneration as number).toBeLessThan(stalled.metadata!.generation as number);
    expect(await client.list({ apiVersion: 'v1', kind: 'Pod' }, ns)).toHaveLength(1);

    await resetLab(cm, client, ns, stderrLog(true));
    expect(readFileSync(controllerManager(), 'utf8')).toBe(broken); // restored, then broken once again

    await startLab(await loadLab('pods'), client, 'lab-pods', stderrLog(true));
    expect(readRecord(cluster.stateDir)!.lab).toBeUndefined();
    expect(readFileSync(controllerManager(), 'utf8')).toBe(own);
    expect((await componentWhen('kube-controller-manager', (c) => c.running && c.healthy)).healthy).toBe(true);
    // The controllers act again: the reset web of the lab's namespace scales.
    await client.patch(web, 'web', ns, { spec: { replicas: 2 } }, 'merge', 'scale');
    const scaled = await poll(() => client.get(web, 'web', ns), {
      intervalMs: 250,
      timeoutMs: 60_000,
      done: (d) => d?.status?.readyReplicas === 2 && d.status.observedGeneration === d.metadata?.generation,
    });
    expect(scaled?.status?.readyReplicas).toBe(2);
  }, 300_000);

  it(
    'troubleshoot-controller-manager proves its checks: wrong answers and alternatives, one case at a time',
    () => proveBreaking('troubleshoot-controller-manager', 'kube-controller-manager'),
    900_000,
  );
});
