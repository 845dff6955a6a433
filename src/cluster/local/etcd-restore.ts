import { cpSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ClusterError, UsageError } from '../../errors.js';
import { say } from '../../i18n/current.js';
import { memoryLog, type Log } from '../../util/log.js';
import { withFileLock } from '../../util/lock.js';
import { xdgDir } from '../../util/paths.js';
import { killProcess } from '../../util/process.js';
import { livePid, readComponents, type ComponentSpec } from './components.js';
import type { LocalCluster } from './local-cluster.js';

/** What {@link restoreEtcdDataDir} did. */
export interface EtcdRestoreResult {
  /** The folder etcd uses (the cluster's own data folder, now a copy of `source`). */
  dataDir: string;
  /** The folder the restore was copied from (absolute). */
  source: string;
  /** Where etcd's previous data is kept (never deleted; `lab cluster down` removes it with the cluster). */
  keptAs: string;
  /** Time from stopping the control plane to a Ready node, in ms. */
  durationMs: number;
}

/** The `--data-dir` etcd runs with, from its component in kwok.yaml. */
export function etcdDataDir(etcd: ComponentSpec): string | undefined {
  return etcd.args.find((a) => a.startsWith('--data-dir='))?.slice('--data-dir='.length);
}

/**
 * Whether `dir` looks like an etcd data folder, as `etcdutl snapshot restore --data-dir` makes it:
 * `member/snap/db` (the bbolt database) and `member/wal/`.
 */
export function isEtcdDataDir(dir: string): boolean {
  return existsSync(join(dir, 'member', 'snap', 'db')) && existsSync(join(dir, 'member', 'wal'));
}

/**
 * Puts the local cluster's etcd on a restored data folder, as editing the etcd static Pod's
 * hostPath does on kubeadm: stops every component of the control plane (etcd, the API server,
 * the controllers, kwok, metrics-server, the agent: each holds watches of the old history), moves
 * etcd's data folder aside (kept as `etcd.before-restore-<time>`, never deleted), copies `source`
 * in its place (the learner's folder stays as it is), and starts the cluster again with
 * {@link LocalCluster.up}, which waits for a Ready node. The cluster's etcd flags do not change.
 *
 * Everything written to the cluster since the snapshot is undone, in every namespace.
 * @param source a folder made by `etcdutl snapshot restore <file> --data-dir <folder>` (relative
 *   to the current folder)
 * @throws UsageError when `source` is not an etcd data folder, is a snapshot file, or is the
 *   folder etcd uses; ClusterError when the cluster was never created, the copy fails (etcd's
 *   data is then put back as it was) or the cluster does not come back (the message names the
 *   kept folder)
 */
export async function restoreEtcdDataDir(cluster: LocalCluster, source: string, log: Log): Promise<EtcdRestoreResult> {
  const from = resolve(source);
  if (!existsSync(from)) throw new UsageError(say('etcdRestore.noSource', { dir: source }));
  if (statSync(from).isFile()) throw new UsageError(say('etcdRestore.isFile', { file: source }));
  if (!isEtcdDataDir(from)) throw new UsageError(say('etcdRestore.notDataDir', { dir: source }));
  const specs = await readComponents(cluster.clusterWorkdir);
  const etcd = specs.find((c) => c.name === 'etcd');
  const dataDir = etcd ? etcdDataDir(etcd) : undefined;
  if (!etcd || !dataDir) throw new ClusterError(say('etcdRestore.noCluster', { dir: cluster.stateDir }));
  if (resolve(dataDir) === from) throw new UsageError(say('etcdRestore.same', { dir: source }));

  const started = performance.now();
  const keptAs = `${dataDir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  mkdirSync(xdgDir('state'), { recursive: true });
  // The lock `up` holds: no repair starts etcd on a half-copied folder.
  await withFileLock(join(xdgDir('state'), `${basename(cluster.stateDir)}.up`), async () => {
    log.progress(say('etcdRestore.stopping'));
    await stopAll(specs);
    renameSync(dataDir, keptAs);
    try {
      cpSync(from, dataDir, { recursive: true, errorOnExist: true });
    } catch (err) {
      rmSync(dataDir, { recursive: true, force: true }); // only the partial copy made just now
      renameSync(keptAs, dataDir);
      throw new ClusterError(say('etcdRestore.copyFailed', { dir: source, error: (err as Error).message }));
    }
  });
  log.progress(say('etcdRestore.starting', { dir: source }));
  try {
    // Every component starts at once on a fresh history; one that gave up waiting for the API
    // server (metrics-server exits when it cannot read its CA ConfigMap) is started by a second repair.
    // Its progress lines are shown, not its closing line ("its namespaces and objects are kept"):
    // the restore's own summary follows.
    const startLog: Log = { progress: (m) => log.progress(m), warn: (m) => log.warn(m), info: () => undefined };
    await cluster.up(startLog).catch(() => cluster.up(startLog));
    await handOverNodeLeases(cluster, specs);
  } catch (err) {
    throw new ClusterError(
      say('etcdRestore.notStarted', {
        error: err instanceof Error ? err.message : String(err),
        kept: keptAs,
      }),
    );
  }
  return { dataDir, source: from, keptAs, durationMs: performance.now() - started };
}

/** Stops every running component (in parallel), etcd last, and waits for each to exit. */
async function stopAll(specs: ComponentSpec[]): Promise<void> {
  const stop = (spec: ComponentSpec) => {
    const pid = livePid(spec);
    return pid === undefined ? Promise.resolve() : killProcess(pid);
  };
  await Promise.all(specs.filter((c) => c.name !== 'etcd').map(stop));
  await Promise.all(specs.filter((c) => c.name === 'etcd').map(stop));
}

/**
 * The restored kube-node-lease Leases of the kwok nodes name the kwok-controller of the snapshot's
 * time as their holder, for 200 s (kwokctl's --node-lease-duration-seconds): the new kwok-controller
 * leaves those nodes (and their Pods) alone until then, retrying every 50 s. So the new one is
 * stopped, the kwok nodes' Leases deleted, and it is started again (by a repair): it then creates
 * the Leases and takes the nodes at once. A real node's kubelet renews its own Lease and is left alone.
 */
async function handOverNodeLeases(cluster: LocalCluster, specs: ComponentSpec[]): Promise<void> {
  const kwok = specs.find((c) => c.name === 'kwok-controller');
  const pid = kwok ? livePid(kwok) : undefined;
  if (pid === undefined) return;
  const { KubeClient } = await import('../../kube/client.js');
  const { loadKubeConfig } = await import('../../kube/config.js');
  const client = new KubeClient(loadKubeConfig({ kubeconfig: cluster.kubeconfig }), { timeoutMs: 5000 });
  const nodes = await client.list({ apiVersion: 'v1', kind: 'Node' });
  const kwokNodes = nodes
    .filter((n) => n.metadata?.annotations?.['kwok.x-k8s.io/node'] === 'fake')
    .map((n) => n.metadata!.name!);
  if (kwokNodes.length === 0) return;
  await killProcess(pid);
  const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease' };
  await Promise.all(kwokNodes.map((name) => client.delete(lease, name, 'kube-node-lease').catch(() => false)));
  await cluster.up(memoryLog()); // a repair of kwok-controller, not news for the learner
}
