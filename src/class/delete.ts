import { rmSync } from 'node:fs';
import { ClusterError, UsageError } from '../errors.js';
import { say } from '../i18n/current.js';
import type { KubeClient } from '../kube/client.js';
import { deleteLabNamespace } from '../kube/namespace.js';
import { poll } from '../util/poll.js';
import { CLASS_LABEL, classSelector, learnerRoleName } from './names.js';
import { classDir } from './paths.js';

const NAMESPACE = { apiVersion: 'v1', kind: 'Namespace' } as const;
const CLUSTER_ROLE = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' } as const;

/** What {@link deleteClass} deleted. */
export interface DeletedClass {
  namespaces: string[];
  clusterRole: boolean;
}

/**
 * `lab class delete`: deletes exactly what `lab class create` made, found by the class's labels
 * (cka-lab's managed-by label and `cka-lab.dev/class=<class>`): the learners' lab namespaces
 * and the class's own namespace (with the ServiceAccounts, RoleBindings and the learners' work
 * inside them), the learners' ClusterRole, and the learners' kubeconfig files; then waits until
 * the namespaces are gone.
 * @param timeoutMs how long to wait for the namespaces to finish terminating, in ms
 * @throws UsageError when the cluster holds nothing of that class; ClusterError when a namespace
 *   is still terminating after `timeoutMs`
 */
export async function deleteClass(client: KubeClient, klass: string, timeoutMs = 120_000): Promise<DeletedClass> {
  const namespaces = (await client.list(NAMESPACE, undefined, classSelector(klass))).map((n) => n.metadata!.name!);
  const role = await client.get(CLUSTER_ROLE, learnerRoleName(klass));
  const ownRole = role?.metadata?.labels?.[CLASS_LABEL] === klass;
  if (namespaces.length === 0 && !ownRole) throw new UsageError(say('class.notFound', { klass }));
  for (const ns of namespaces) await deleteLabNamespace(client, ns, 0);
  if (ownRole) await client.delete(CLUSTER_ROLE, learnerRoleName(klass));
  rmSync(classDir(klass), { recursive: true, force: true });
  await poll(() => client.list(NAMESPACE, undefined, classSelector(klass)), {
    intervalMs: 500,
    timeoutMs,
    done: (left) => left.length === 0,
    onTimeout: (left) => {
      const names = (left ?? []).map((n) => n.metadata?.name).join(', ');
      throw new ClusterError(say('namespace.stuck', { ns: names, seconds: timeoutMs / 1000 }));
    },
  });
  return { namespaces, clusterRole: ownRole };
}
