import { ClusterError, UsageError } from '../errors.js';
import { ApiError, type KubeClient } from '../kube/client.js';
import { defaultNamespace, LAB_LABEL, MANAGED_BY } from '../kube/namespace.js';
import type { KubeObject, TypeRef } from '../kube/types.js';
import { clusterTypeOf, isClusterScopedKind, objectProblem, ownedPrefix, type ScopeOwner } from './scope.js';
import { type Lang } from '../i18n/text.js';
import { say } from '../i18n/current.js';
import { t } from '../i18n/t.js';
import { poll } from '../util/poll.js';
import { asLabNode, daemonSetOnLabNodes, isLabNodeOf, needsLabNodes } from './lab-nodes.js';

/** The label selector of a lab's own cluster-scoped objects. */
export const ownedSelector = (labId: string): string => `${MANAGED_BY.key}=${MANAGED_BY.value},${LAB_LABEL}=${labId}`;

/**
 * How long, in ms, a Pod naming a PriorityClass created a moment before may be refused: the
 * Priority admission plugin looks the class up in its informer cache, which lags the write.
 */
const ADMISSION_CACHE_LAG_MS = 5_000;

/** The Priority admission plugin's "no PriorityClass with name … was found" (a 403). */
const justCreatedNotSeen = (err: unknown): boolean =>
  err instanceof ApiError && err.status === 403 && /no PriorityClass with name/.test(err.message);

/** Whether `obj` carries the labels cka-lab puts on the cluster-scoped objects of lab `labId`. */
export const isOwnedBy = (obj: KubeObject | undefined, labId: string): boolean =>
  obj?.metadata?.labels?.[MANAGED_BY.key] === MANAGED_BY.value && obj?.metadata?.labels?.[LAB_LABEL] === labId;

/** Whether the cluster serves `ref` outside namespaces: the built-in table, else discovery. */
async function clusterScoped(client: KubeClient, ref: TypeRef): Promise<boolean> {
  if (isClusterScopedKind(ref.kind)) return true;
  return !(await client.resource(ref)).namespaced;
}

/**
 * Applies one object of a lab's manifests (server-side apply), where the ownership model
 * puts it: a namespaced object in `namespace`, whatever its `metadata.namespace` says; a
 * cluster-scoped one only when the lab may create it (see {@link objectProblem}), with the
 * managed-by and lab labels added, and never over an object of the same name the lab does
 * not own. Decided again here with API discovery, so a kind the load-time table does not
 * know cannot slip out of the namespace. In a lab with its own Nodes (`requires: [nodes]`), a Node
 * and a DaemonSet get what src/labs/lab-nodes.ts adds ({@link asLabNode}, {@link daemonSetOnLabNodes}).
 * @throws UsageError when the lab may not create the object; ApiError when the API server refuses it
 */
export async function applyLabObject(
  client: KubeClient,
  owner: ScopeOwner,
  obj: KubeObject,
  namespace: string,
): Promise<KubeObject> {
  const ref = { apiVersion: obj.apiVersion!, kind: obj.kind! };
  obj = serviceAccountsIn(obj, owner.id, namespace);
  const cluster = await clusterScoped(client, ref);
  const problem = objectProblem(owner, obj, cluster);
  if (problem) throw new UsageError(say('ownership.mayNotCreate', { lab: owner.id, problem }));
  if (needsLabNodes(owner)) obj = obj.kind === 'Node' ? asLabNode(obj, owner.id) : daemonSetOnLabNodes(obj, owner.id);
  const metadata = { ...obj.metadata };
  delete metadata.namespace;
  if (!cluster) {
    const namespaced = { ...obj, metadata };
    return poll(() => client.apply(namespaced, namespace), {
      intervalMs: 250,
      timeoutMs: ADMISSION_CACHE_LAG_MS,
      retryIf: justCreatedNotSeen,
    });
  }
  const existing = await client.get(ref, metadata.name!);
  const ours = (o: KubeObject) => (obj.kind === 'Node' ? isLabNodeOf(o, owner.id) : isOwnedBy(o, owner.id));
  if (existing && !ours(existing)) {
    throw new UsageError(say('ownership.existsNotOurs', { kind: obj.kind, name: metadata.name, lab: owner.id }));
  }
  metadata.labels = { ...metadata.labels, [MANAGED_BY.key]: MANAGED_BY.value, [LAB_LABEL]: owner.id };
  return client.apply({ ...obj, metadata });
}

/**
 * A binding's ServiceAccount subjects of the lab's own namespace (`lab-<id>`, as kubectl writes
 * `--serviceaccount=lab-<id>:name`, or none given) moved to `namespace`, where the lab runs, as
 * its namespaced objects are; subjects of other namespaces stay as written.
 */
function serviceAccountsIn(obj: KubeObject, labId: string, namespace: string): KubeObject {
  if ((obj.kind !== 'RoleBinding' && obj.kind !== 'ClusterRoleBinding') || !Array.isArray(obj.subjects)) return obj;
  const subjects = (obj.subjects as { kind?: string; namespace?: string }[]).map((s) =>
    s?.kind === 'ServiceAccount' && (!s.namespace || s.namespace === defaultNamespace(labId)) ? { ...s, namespace } : s,
  );
  return { ...obj, subjects };
}

/**
 * Refuses a `patch`, `scale` or `delete` step on a cluster-scoped object the lab did not
 * create (no managed-by and lab labels), on a Namespace or Node, or on a kind the lab did not
 * declare. Namespaced targets are always in the lab's namespace and pass.
 * @throws UsageError naming the object
 */
export async function assertMayChange(
  client: KubeClient,
  owner: ScopeOwner,
  ref: TypeRef & { name: string },
): Promise<void> {
  if (!(await clusterScoped(client, ref))) return;
  const problem = objectProblem(
    owner,
    { apiVersion: ref.apiVersion, kind: ref.kind, metadata: { name: ref.name } },
    true,
  );
  if (problem) throw new UsageError(say('ownership.mayNotChange', { lab: owner.id, problem }));
  const live = await client.get(ref, ref.name);
  if (live && !isOwnedBy(live, owner.id)) {
    throw new UsageError(say('ownership.notOurs', { kind: ref.kind, name: ref.name, lab: owner.id }));
  }
}

/**
 * Deletes the cluster-scoped objects a lab created (found by its labels, for each kind it
 * declares) and waits until they are gone, so the setup can create them again.
 * @param timeoutMs how long to wait for finalizers (say, a PersistentVolume's), in ms
 * @returns how many objects were deleted
 * @throws ClusterError when some are still there after `timeoutMs`
 */
export async function deleteLabClusterObjects(
  client: KubeClient,
  owner: ScopeOwner,
  timeoutMs = 30_000,
): Promise<number> {
  const selector = ownedSelector(owner.id);
  const listAll = async () =>
    (
      await Promise.all(
        owner.clusterScoped.map(async (kind) => {
          const ref = clusterTypeOf(kind);
          // A lab Node whose lab label the learner removed is still the lab's (its annotation says so).
          const ours =
            kind === 'Node' ? (o: KubeObject) => isLabNodeOf(o, owner.id) : (o: KubeObject) => isOwnedBy(o, owner.id);
          // A kind the cluster does not serve has none.
          const items = await client.list(ref, undefined, kind === 'Node' ? undefined : selector).catch(() => []);
          return items.filter(ours).map((o) => ({ ref, name: o.metadata!.name! }));
        }),
      )
    ).flat();
  const found = await listAll();
  if (found.length === 0) return 0;
  await Promise.all(found.map(({ ref, name }) => client.delete(ref, name)));
  await poll(listAll, {
    intervalMs: 100,
    timeoutMs,
    done: (left) => left.length === 0,
    onTimeout: (left) => {
      const objects = left.map((o) => `${o.ref.kind} ${o.name}`).join(', ');
      throw new ClusterError(
        say('ownership.stillDeleting', { objects, count: left.length, seconds: timeoutMs / 1000 }),
      );
    },
  });
  return found.length;
}

/**
 * On a cluster that is not cka-lab's own (driver `context`: --kubeconfig/--context), a lab
 * that creates cluster-scoped objects says so before it starts, and runs only with
 * `--allow-cluster-scope`.
 * @param driver the driver of the connection (`context` for the user's own cluster)
 * @throws UsageError naming the kinds and the flag
 */
export function assertClusterScopeAllowed(
  lab: ScopeOwner,
  driver: string,
  allowed: boolean | undefined,
  lang: Lang,
): void {
  if (driver !== 'context' || lab.clusterScoped.length === 0 || allowed) return;
  const kinds = lab.clusterScoped.join(', ');
  throw new UsageError(t(lang, 'ownership.clusterScope', { lab: lab.id, kinds, prefix: ownedPrefix(lab.id) }));
}
