import { UsageError, ClusterError } from '../errors.js';
import type { KubeClient } from './client.js';
import type { KubeObject } from './types.js';
import { poll, sleep } from '../util/poll.js';
import { say } from '../i18n/current.js';

const NAMESPACE = { apiVersion: 'v1', kind: 'Namespace' } as const;

/** The label that marks a namespace as created by cka-lab; nothing else is ever touched. */
export const MANAGED_BY = { key: 'app.kubernetes.io/managed-by', value: 'cka-lab' } as const;
/** The label naming the lab a namespace belongs to. */
export const LAB_LABEL = 'cka-lab.dev/lab';
/**
 * The label naming the classroom (`lab class`) an object belongs to; a lab namespace's objects
 * with it (a learner's RoleBinding) stay when the namespace is emptied for a reset.
 */
export const CLASS_LABEL = 'cka-lab.dev/class';

/** The default namespace of a lab: `lab-<id>`. */
export const defaultNamespace = (labId: string): string => `lab-${labId}`;

/** Kinds whose controllers make Pods: emptied first, so they stop replacing the Pods. */
const POD_MAKERS = new Set([
  'deployments',
  'replicasets',
  'replicationcontrollers',
  'statefulsets',
  'daemonsets',
  'jobs',
  'cronjobs',
]);

/**
 * Deletes everything inside a namespace cka-lab labelled, without deleting the
 * namespace: every namespaced kind the cluster serves that supports deletecollection
 * (found by discovery), with a zero grace period, Pod-making controllers first and then
 * the rest in parallel; then waits until its Pods are gone and stay gone. This is what the
 * namespace controller does, minus its fixed waits (about 10 s), so `lab reset -n <ns>`
 * stays under a second. The `default` ServiceAccount and the `kube-root-ca.crt` ConfigMap
 * stay, as in a new namespace.
 * @throws UsageError when the namespace is not cka-lab's; ClusterError when Pods linger past `timeoutMs`
 */
export async function emptyNamespace(client: KubeClient, name: string, timeoutMs = 30_000): Promise<void> {
  if (!(await assertManaged(client, name))) return;
  const kinds = await namespacedCollections(client);
  const keep: Record<string, string> = { serviceaccounts: 'default', configmaps: 'kube-root-ca.crt' };
  const empty = (some: { base: string; plural: string }[]) =>
    Promise.all(
      some.map(({ base, plural }) => {
        const field =
          (keep[plural] && base === '/api/v1'
            ? `&fieldSelector=${encodeURIComponent(`metadata.name!=${keep[plural]}`)}`
            : '') + `&labelSelector=${encodeURIComponent(`!${CLASS_LABEL}`)}`;
        return client
          .request(
            'DELETE',
            `${base}/namespaces/${encodeURIComponent(name)}/${plural}` +
              `?gracePeriodSeconds=0&propagationPolicy=Background${field}`,
          )
          .catch(() => undefined); // a kind that refuses (say, a read-only aggregated API) is not ours to empty
      }),
    );
  await empty(kinds.filter((k) => POD_MAKERS.has(k.plural)));
  await empty(kinds.filter((k) => !POD_MAKERS.has(k.plural)));
  const pods = kinds.filter((k) => k.base === '/api/v1' && k.plural === 'pods');
  const podsLeft = async () => (await client.list({ apiVersion: 'v1', kind: 'Pod' }, name)).length;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await poll(podsLeft, {
      intervalMs: 100,
      timeoutMs: deadline - Date.now(),
      done: (left) => left === 0,
      onTimeout: () => {
        throw new ClusterError(say('namespace.podsTerminating', { ns: name, seconds: timeoutMs / 1000 }));
      },
    });
    // A controller that had not yet seen its own deletion may still make one more Pod
    // (its informers lag a little); look again a moment later, and delete any newcomer.
    await sleep(150);
    if ((await podsLeft()) === 0) return;
    await empty(pods);
  }
}

/** Every namespaced resource that supports deletecollection, by API discovery (preferred versions). */
async function namespacedCollections(client: KubeClient): Promise<{ base: string; plural: string }[]> {
  type Resources = { resources: { name: string; namespaced: boolean; verbs: string[] }[] };
  const groups = await client.request<{ groups: { preferredVersion: { groupVersion: string } }[] }>('GET', '/apis');
  const bases = ['/api/v1', ...groups.groups.map((g) => `/apis/${g.preferredVersion.groupVersion}`)];
  const lists = await Promise.all(
    bases.map((base) =>
      client.request<Resources>('GET', base).then(
        (r) => ({ base, r }),
        () => undefined,
      ),
    ),
  );
  return lists.flatMap((entry) =>
    entry
      ? entry.r.resources
          .filter((x) => x.namespaced && !x.name.includes('/') && x.verbs.includes('deletecollection'))
          .map((x) => ({ base: entry.base, plural: x.name }))
      : [],
  );
}

/** Whether cka-lab created (and labelled) this namespace. */
export const isManaged = (ns: KubeObject | undefined): boolean =>
  ns?.metadata?.labels?.[MANAGED_BY.key] === MANAGED_BY.value;

/**
 * Fails unless `name` is a namespace cka-lab labelled (or does not exist yet).
 * @throws UsageError for a namespace that someone else created
 */
export async function assertManaged(client: KubeClient, name: string): Promise<KubeObject | undefined> {
  const ns = await client.get(NAMESPACE, name);
  if (ns && !isManaged(ns)) {
    throw new UsageError(say('namespace.notOurs', { ns: name }));
  }
  return ns;
}

/**
 * Creates the lab namespace with cka-lab's labels, waiting first for an old one of
 * the same name to finish terminating.
 * @param timeoutMs how long to wait for a terminating namespace, in ms
 * @throws UsageError when the namespace belongs to someone else; ClusterError on timeout
 */
export async function createLabNamespace(
  client: KubeClient,
  name: string,
  labId: string,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const existing = await poll(() => assertManaged(client, name), {
    intervalMs: 200,
    timeoutMs,
    done: (ns) => !ns?.metadata?.deletionTimestamp, // gone, or there and not terminating
    onTimeout: () => {
      throw new ClusterError(say('namespace.terminating', { ns: name, seconds: timeoutMs / 1000 }));
    },
  });
  if (existing) return; // already there and ours
  await client.create({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { [MANAGED_BY.key]: MANAGED_BY.value, [LAB_LABEL]: labId } },
  });
  // Pods are refused until the controller-manager has created the `default`
  // ServiceAccount in a new namespace (ServiceAccount admission), so wait for it.
  await poll(() => client.get({ apiVersion: 'v1', kind: 'ServiceAccount' }, 'default', name), {
    intervalMs: 50,
    timeoutMs: deadline - Date.now(),
    onTimeout: () => {
      throw new ClusterError(say('namespace.noServiceAccount', { ns: name, seconds: timeoutMs / 1000 }));
    },
  });
}

/**
 * Deletes a namespace cka-lab labelled, and waits until it is gone (up to `timeoutMs`;
 * 0 does not wait).
 * @returns false when there was nothing to delete
 * @throws UsageError when the namespace is not cka-lab's
 */
export async function deleteLabNamespace(client: KubeClient, name: string, timeoutMs = 60_000): Promise<boolean> {
  const ns = await assertManaged(client, name);
  if (!ns) return false;
  await client.delete(NAMESPACE, name);
  if (timeoutMs === 0) return true; // let the namespace controller finish in the background
  await poll(() => client.get(NAMESPACE, name), {
    intervalMs: 200,
    timeoutMs,
    done: (left) => !left,
    onTimeout: () => {
      throw new ClusterError(say('namespace.stuck', { ns: name, seconds: timeoutMs / 1000 }));
    },
  });
  return true;
}
