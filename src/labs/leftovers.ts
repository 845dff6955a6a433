/**
 * What a learner made outside the lab's reach: cluster-scoped objects named as a lab's own
 * (`<lab id>-...`, a CRD also in the group `<lab id>.cka-lab.dev`) of the kinds the lab declares,
 * but without cka-lab's labels (a PriorityClass written with `kubectl create priorityclass`).
 * `lab reset` deletes only what carries the labels, so these stay; this module finds them, says
 * so with the kubectl command that deletes them, and deletes exactly them when the learner asks
 * (`lab reset <id> --delete-my-objects`). See docs/writing-labs.md, "What a lab owns".
 */

import { ClusterError } from '../errors.js';
import { say } from '../i18n/current.js';
import type { KubeClient } from '../kube/client.js';
import { LAB_LABEL, MANAGED_BY } from '../kube/namespace.js';
import type { KubeObject, TypeRef } from '../kube/types.js';
import type { Log } from '../util/log.js';
import { poll } from '../util/poll.js';
import { clusterTypeOf, isOwnedName, type ScopeOwner } from './scope.js';

/** One cluster-scoped object the learner made with a lab's name, which cka-lab did not create. */
export interface Leftover {
  /** Its kind, as the lab declares it in `clusterScoped:` (`PriorityClass`). */
  kind: string;
  /** The API type it was listed with (see {@link clusterTypeOf}). */
  ref: TypeRef;
  name: string;
}

/** Whether any part of cka-lab made `obj`: its labels, or a lab Node's annotation (src/labs/lab-nodes.ts). */
const madeByCkaLab = (obj: KubeObject): boolean =>
  obj.metadata?.labels?.[MANAGED_BY.key] === MANAGED_BY.value || obj.metadata?.annotations?.[LAB_LABEL] !== undefined;

/**
 * Whether a cluster-scoped object named `name` is named as lab `labId`'s own and as no lab's
 * whose id is longer and starts with `<labId>-` (`deployment-rollout-x` is lab
 * `deployment-rollout`'s, not lab `deployment`'s).
 * @param labIds the ids of every lab (see listLabIds in src/labs/loader.ts)
 */
export function isLeftoverName(labId: string, kind: string, name: string, labIds: readonly string[]): boolean {
  if (!isOwnedName(labId, kind, name)) return false;
  return !labIds.some((other) => other.startsWith(`${labId}-`) && isOwnedName(other, kind, name));
}

/**
 * Lists the leftovers of lab `owner`: for each kind it declares in `clusterScoped:`, the objects
 * named as its own (see {@link isLeftoverName}) that carry no cka-lab label (nor a lab Node's
 * annotation) and are not being deleted. A kind the cluster does not serve has none.
 * @param labIds the ids of every lab, to tell a longer lab id's objects apart
 * @returns sorted by kind, in the order the lab declares them, then by name
 */
export async function findLeftovers(
  client: KubeClient,
  owner: ScopeOwner,
  labIds: readonly string[],
): Promise<Leftover[]> {
  const perKind = await Promise.all(
    owner.clusterScoped.map(async (kind) => {
      const ref = clusterTypeOf(kind);
      const items = await client.list(ref).catch(() => [] as KubeObject[]);
      return items
        .filter((o) => !madeByCkaLab(o) && !o.metadata?.deletionTimestamp)
        .map((o) => o.metadata?.name ?? '')
        .filter((name) => isLeftoverName(owner.id, kind, name, labIds))
        .sort()
        .map((name) => ({ kind, ref, name }));
    }),
  );
  return perKind.flat();
}

/** The leftovers grouped by kind, in their order. */
function byKind(leftovers: readonly Leftover[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const { kind, name } of leftovers) groups.set(kind, [...(groups.get(kind) ?? []), name]);
  return groups;
}

/** The kubectl command that deletes `names` of `kind`: `kubectl delete priorityclass a b`. */
export const deleteCommand = (kind: string, names: readonly string[]): string =>
  `kubectl delete ${kind.toLowerCase()} ${names.join(' ')}`;

/**
 * The sentences that tell the learner about `leftovers` of lab `labId`, one per kind: what they
 * are, that cka-lab leaves them, the kubectl command that deletes them and the reset flag.
 * In the current language (see src/i18n/current.ts).
 */
export function leftoverWarnings(labId: string, leftovers: readonly Leftover[]): string[] {
  return [...byKind(leftovers)].map(([kind, names]) =>
    say('leftovers.found', {
      kind,
      names: names.join(', '),
      count: names.length,
      lab: labId,
      command: deleteCommand(kind, names),
    }),
  );
}

/**
 * Deletes exactly `leftovers` (each by its name, checked again just before: one that cka-lab's
 * labels now mark, or that is gone, is left out) and waits until they are gone, so a setup or a
 * solution can create objects of those names again. Says what it deleted on `log`, one line per kind.
 * @param timeoutMs how long to wait for finalizers (a PersistentVolume's, a CRD's), in ms
 * @returns the objects deleted
 * @throws ClusterError when some are still there after `timeoutMs`; ApiError when the API server
 *   refuses a delete
 */
export async function deleteLeftovers(
  client: KubeClient,
  labId: string,
  leftovers: readonly Leftover[],
  log: Log,
  timeoutMs = 30_000,
): Promise<Leftover[]> {
  const deleted: Leftover[] = [];
  for (const leftover of leftovers) {
    const live = await client.get(leftover.ref, leftover.name);
    if (!live || madeByCkaLab(live)) continue;
    if (await client.delete(leftover.ref, leftover.name)) deleted.push(leftover);
  }
  const still = async () =>
    (await Promise.all(deleted.map(async (o) => ((await client.get(o.ref, o.name)) ? [o] : [])))).flat();
  await poll(still, {
    intervalMs: 100,
    timeoutMs,
    done: (left) => left.length === 0,
    onTimeout: (left) => {
      const objects = left.map((o) => `${o.kind} ${o.name}`).join(', ');
      throw new ClusterError(
        say('leftovers.stillDeleting', { objects, count: left.length, seconds: timeoutMs / 1000 }),
      );
    },
  });
  for (const [kind, names] of byKind(deleted))
    log.info(say('leftovers.deleted', { kind, names: names.join(', '), lab: labId }));
  return deleted;
}
