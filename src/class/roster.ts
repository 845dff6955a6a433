import type { KubeClient } from '../kube/client.js';
import { LAB_LABEL } from '../kube/namespace.js';
import { classSelector, LEARNER_LABEL } from './names.js';

/** One learner's lab in a class: where it runs. */
export interface Seat {
  learner: string;
  lab: string;
  namespace: string;
}

/**
 * The seats of a class (learner x lab), read from the cluster: the namespaces labelled with the
 * class, a learner and a lab (not being deleted), sorted by learner, then lab. One list request.
 */
export async function readRoster(client: KubeClient, klass: string): Promise<Seat[]> {
  const namespaces = await client.list({ apiVersion: 'v1', kind: 'Namespace' }, undefined, classSelector(klass));
  return namespaces
    .filter((ns) => !ns.metadata?.deletionTimestamp)
    .flatMap((ns) => {
      const labels = ns.metadata?.labels ?? {};
      const learner = labels[LEARNER_LABEL];
      const lab = labels[LAB_LABEL];
      return learner && lab ? [{ learner, lab, namespace: ns.metadata!.name! }] : [];
    })
    .sort((a, b) => a.learner.localeCompare(b.learner) || a.lab.localeCompare(b.lab));
}
