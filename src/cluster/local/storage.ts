import { lstatSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterError } from '../../errors.js';
import type { KubeClient } from '../../kube/client.js';
import type { KubeObject } from '../../kube/types.js';
import { contentRoot } from '../../util/paths.js';
import { say } from '../../i18n/current.js';

/**
 * The folder under which kube-controller-manager's in-tree hostPath provisioner creates one folder
 * per provisioned volume (`/tmp/hostpath_pv/<uuid>`; k8s.io/kubernetes pkg/volume/hostpath,
 * hostPathProvisioner.Provision, base path "hostpath_pv" under /tmp, not configurable).
 */
export const HOSTPATH_PV_DIR = '/tmp/hostpath_pv';

/**
 * The `componentsPatches:` entry of the KwokctlConfiguration for the controller-manager (one entry,
 * as YAML lines of the list, no key): its in-tree hostPath provisioner (`--enable-hostpath-provisioner`,
 * "for development and testing only", provisioner `kubernetes.io/host-path`), and a HorizontalPodAutoscaler
 * sync every 5 s instead of 15 s and a CPU initialization period of 20 s instead of 5 min, so that an HPA
 * reaches its replicas within a lab check's wait (the scale-up policy still limits each step, as on a real cluster).
 */
export const CONTROLLER_MANAGER_PATCH: readonly string[] = [
  '- name: kube-controller-manager',
  '  extraArgs:',
  '  - key: enable-hostpath-provisioner',
  '    value: "true"',
  '  - key: horizontal-pod-autoscaler-sync-period',
  '    value: 5s',
  // New Pods count at 0 % CPU for scale-up until their first sample after readiness, for up to this
  // long (default 5 min); kwok Pods are Ready at once and sampled every 10 s.
  '  - key: horizontal-pod-autoscaler-cpu-initialization-period',
  '    value: 20s',
];

/**
 * The cluster-level storage objects of a new local cluster, from cluster/storage/*.yaml: the
 * default StorageClass `standard` and the ValidatingAdmissionPolicy (with its binding) that keeps
 * the hostPath deleter inside {@link HOSTPATH_PV_DIR}. Each carries the managed-by label.
 * @throws Error when the shipped files are unreadable (a broken installation)
 */
export async function storageObjects(): Promise<KubeObject[]> {
  const { yamlDocumentsIn } = await import('./yaml-files.js');
  return (yamlDocumentsIn(join(contentRoot(), 'cluster', 'storage')) as KubeObject[]).filter((o) => !!o.kind);
}

/**
 * Makes sure {@link HOSTPATH_PV_DIR} is a real folder (created 0700 if missing), so the
 * provisioner, which runs on this machine, never follows a link another user put in /tmp.
 * @throws ClusterError when it is a symbolic link or not a folder
 */
export function prepareHostPathFolder(): void {
  mkdirSync(HOSTPATH_PV_DIR, { recursive: true, mode: 0o700 });
  const stat = lstatSync(HOSTPATH_PV_DIR);
  if (stat.isSymbolicLink() || !stat.isDirectory()) {
    throw new ClusterError(say('local.hostPathNotFolder', { dir: HOSTPATH_PV_DIR }));
  }
}

/**
 * Applies {@link storageObjects} (server-side apply) to a new local cluster. The policy comes
 * first, so no volume is admitted before it.
 * @throws ClusterError when the API server refuses one
 */
export async function applyStorage(client: KubeClient): Promise<void> {
  const objects = await storageObjects();
  const first = (o: KubeObject) => (o.apiVersion?.startsWith('admissionregistration') ? 0 : 1);
  for (const obj of objects.sort((a, b) => first(a) - first(b))) {
    try {
      await client.apply(obj);
    } catch (err) {
      throw new ClusterError(
        say('local.storageRefused', { kind: obj.kind, name: obj.metadata?.name, why: (err as Error).message }),
        { cause: err },
      );
    }
  }
}
