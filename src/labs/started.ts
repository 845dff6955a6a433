import type { KubeClient } from '../kube/client.js';
import { LAB_LABEL, MANAGED_BY } from '../kube/namespace.js';
import type { Lab } from './lab.js';
import { listLabIds, loadLab } from './loader.js';

/**
 * The labs started in the cluster: the namespaces cka-lab labelled (and not being deleted)
 * whose lab label names an installed lab, sorted by namespace name, each with its lab loaded.
 * @throws ClusterError when the cluster cannot be reached; UsageError/LabFileError when a lab file is bad
 */
export async function startedLabs(client: KubeClient): Promise<{ lab: Lab; namespace: string }[]> {
  const namespaces = await client.list(
    { apiVersion: 'v1', kind: 'Namespace' },
    undefined,
    `${MANAGED_BY.key}=${MANAGED_BY.value}`,
  );
  const known = new Set(listLabIds());
  const started = namespaces
    .filter((ns) => !ns.metadata?.deletionTimestamp && known.has(ns.metadata?.labels?.[LAB_LABEL] ?? ''))
    .sort((a, b) => a.metadata!.name!.localeCompare(b.metadata!.name!));
  return Promise.all(
    started.map(async (ns) => ({
      lab: await loadLab(ns.metadata!.labels![LAB_LABEL]!),
      namespace: ns.metadata!.name!,
    })),
  );
}
