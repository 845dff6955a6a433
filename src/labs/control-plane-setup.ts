import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterError } from '../errors.js';
import { say } from '../i18n/current.js';
import type { KubeClient } from '../kube/client.js';
import { xdgDir } from '../util/paths.js';
import type { Lab } from './lab.js';

/**
 * A lab's changes to the local cluster's control-plane manifests (lab.yaml `controlPlane:`, e.g.
 * troubleshoot-control-plane's broken scheduler kubeconfig path). The lab owns these changes: they
 * are recorded in the cluster's `control-plane.json` (src/cluster/local/static-manifests.ts) and
 * undone, by putting cka-lab's own manifest back, before every setup (`lab start`, `lab reset`,
 * each `lab validate` case) and so also when another lab starts. Nothing else of the cluster changes.
 */

/** The state folder of cka-lab's local cluster (the default name, as `lab cluster up` makes it). */
const localStateDir = (): string => join(xdgDir('state'), 'cka-lab');

/** Whether the record of the local cluster names a lab's change (a read of one small file). */
function labChangeRecorded(stateDir: string): boolean {
  try {
    return (
      (JSON.parse(readFileSync(join(stateDir, 'control-plane.json'), 'utf8')) as { lab?: unknown }).lab !== undefined
    );
  } catch {
    return false;
  }
}

/** Runs `fn` holding the local cluster's `up` lock, with the cluster's driver. */
async function withLocalCluster<T>(
  fn: (cluster: import('../cluster/local/local-cluster.js').LocalCluster) => Promise<T>,
): Promise<T> {
  const { LocalCluster } = await import('../cluster/local/local-cluster.js');
  const { withFileLock } = await import('../util/lock.js');
  const cluster = new LocalCluster();
  return withFileLock(join(xdgDir('state'), 'cka-lab.up'), () => fn(cluster), 60_000);
}

/**
 * Undoes a lab's recorded changes to the local cluster's manifests (cka-lab's own manifest of
 * each changed component is written back, and the component restarted with it). Costs one
 * existsSync when no lab changed anything. Called before every setup.
 * @param starting the lab whose setup follows and the client it uses: a lab with `controlPlane:`
 *   is refused before anything is applied unless the client is cka-lab's local cluster
 * @throws ClusterError for a lab with `controlPlane:` on another cluster
 */
export async function undoControlPlaneChanges(starting?: { lab: Lab; client: KubeClient }): Promise<void> {
  const stateDir = localStateDir();
  if (starting?.lab.controlPlane?.length && !sameServer(starting.client, join(stateDir, 'kubeconfig')))
    throw new ClusterError(say('local.controlPlaneOnly', { lab: starting.lab.id }));
  if (!existsSync(join(stateDir, 'control-plane.json')) || !labChangeRecorded(stateDir)) return;
  const { readRecord, restoreManifests, writeRecord } = await import('../cluster/local/static-manifests.js');
  const { kubeVersion } = await import('../cluster/local/binaries.js');
  await withLocalCluster(async (cluster) => {
    const record = readRecord(stateDir);
    if (!record?.lab) return;
    await restoreManifests(cluster, record.lab.components, kubeVersion(), (names) => cluster.releaseLeases(names));
    const { lab: _, ...rest } = readRecord(stateDir) ?? record;
    writeRecord(stateDir, rest);
  });
}

/**
 * Makes the lab's `controlPlane:` changes (after the rest of its setup is in place): in each
 * component's manifest the first `from` becomes `to`, the change is recorded as the lab's, and
 * the component is restarted with it (a broken flag leaves it stopped, which is the point).
 * @throws ClusterError when `client` is not cka-lab's local cluster, or a manifest lacks `from`
 *   (a manifest edited since: `lab reset` restores it first)
 */
export async function makeControlPlaneChanges(lab: Lab, client: KubeClient): Promise<void> {
  if (!lab.controlPlane?.length) return;
  const stateDir = localStateDir();
  const manifests = await import('../cluster/local/static-manifests.js');
  const { readRecord, writeRecord, manifestFile, syncManifests } = manifests;
  const { ensureWatcher } = await import('../cluster/local/manifest-watcher.js');
  const { kubeVersion } = await import('../cluster/local/binaries.js');
  if (!sameServer(client, join(stateDir, 'kubeconfig'))) {
    throw new ClusterError(say('local.controlPlaneOnly', { lab: lab.id }));
  }
  const { writeFileSync } = await import('node:fs');
  await withLocalCluster(async (cluster) => {
    // A cluster made before the manifests existed gets them now, and its watcher.
    await manifests.ensureManifests(cluster, kubeVersion());
    ensureWatcher(cluster.stateDir, 'cka-lab');
    const components = [...new Set(lab.controlPlane!.map((c) => c.component))];
    const record = readRecord(stateDir);
    if (!record) throw new ClusterError(say('local.controlPlaneOnly', { lab: lab.id }));
    writeRecord(stateDir, { ...record, lab: { id: lab.id, components } }); // first: a failure below is undone too
    for (const change of lab.controlPlane!) {
      const file = manifestFile(stateDir, change.component);
      const text = readFileSync(file, 'utf8');
      if (!text.includes(change.from)) {
        throw new ClusterError(
          say('local.controlPlaneChange', { lab: lab.id, component: change.component, file, from: change.from }),
        );
      }
      writeFileSync(file, text.replace(change.from, change.to));
    }
    await syncManifests(cluster, (names) => cluster.releaseLeases(names));
  });
}

/** Whether the client talks to the API server named in the kubeconfig file `kubeconfig`. */
function sameServer(client: KubeClient, kubeconfig: string): boolean {
  try {
    const server = /^\s*server:\s*(\S+)/m.exec(readFileSync(kubeconfig, 'utf8'))?.[1];
    return server !== undefined && server.replace(/\/$/, '') === client.server.replace(/\/$/, '');
  } catch {
    return false;
  }
}
