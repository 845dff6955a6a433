/**
 * A Deployment's rollout history, read as `kubectl rollout history` reads it: from the ReplicaSets
 * the Deployment controls (ownerReferences with controller: true and the Deployment's uid), each
 * holding one Pod template, its revision in the `deployment.kubernetes.io/revision` annotation and
 * the revisions it held before in `deployment.kubernetes.io/revision-history` (a rollback reuses the
 * old ReplicaSet and gives it a new number). The controller also writes `desired-replicas` (the
 * Deployment's replicas) and `max-replicas` (replicas plus maxSurge) when it last scaled each one.
 * Facts from the apps/v1 API reference and the Deployment controller (pkg/controller/deployment/util).
 */
import type { KubeObject } from '../kube/types.js';
import { REVISION_ANNOTATION, revisionOf } from '../kube/revision.js';
import { normalizeImage } from './image-ref.js';

const HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
const DESIRED_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
const MAX_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
/** The label the controller adds to a ReplicaSet's template (and Pods): a hash of the Deployment's template. */
export const HASH_LABEL = 'pod-template-hash';
/** The field manager of the controllers in kube-controller-manager. */
const CONTROLLER_MANAGER = 'kube-controller-manager';

/** One revision: its number and the ReplicaSet that holds its template. */
export interface Revision {
  number: number;
  replicaSet: KubeObject;
}

/** A ReplicaSet of the Deployment whose spec a client other than the controller changed (or created). */
export interface HandEdit {
  replicaSet: string;
  /** The field manager: `kubectl-set`, `kubectl-edit`, `kubectl-client-side-apply`... */
  manager: string;
}

/** The revisions of a Deployment, oldest first, and traces of ReplicaSets changed by hand. */
export interface History {
  revisions: Revision[];
  handEdits: HandEdit[];
}

/** The ReplicaSets whose controller is `deployment` (same uid), not being deleted. */
export const ownedReplicaSets = (deployment: KubeObject, replicaSets: KubeObject[]): KubeObject[] =>
  replicaSets.filter(
    (rs) =>
      !rs.metadata?.deletionTimestamp &&
      rs.metadata?.ownerReferences?.some((r) => r.controller && r.uid === deployment.metadata?.uid),
  );

/** A field manager entry as the API returns it (metav1.ManagedFieldsEntry). */
interface ManagedFields {
  manager?: string;
  operation?: string;
  subresource?: string;
  fieldsV1?: Record<string, unknown>;
}

/**
 * Whether a managedFields entry of a ReplicaSet is a client's change to its spec: a manager other
 * than kube-controller-manager, on the main resource (not status or scale), owning spec fields
 * (when fieldsV1 is there to tell).
 */
function specChangedBy(entry: ManagedFields): boolean {
  if (!entry.manager || entry.manager === CONTROLLER_MANAGER) return false;
  if (entry.subresource) return false;
  return entry.fieldsV1 ? Object.hasOwn(entry.fieldsV1, 'f:spec') : true;
}

/**
 * The history of `deployment` from the ReplicaSets of the namespace: each revision number (current
 * and earlier ones from revision-history) with the ReplicaSet holding its template, oldest first;
 * ReplicaSets without a revision (adopted, never the Deployment's new one) are not revisions.
 */
export function historyOf(deployment: KubeObject, replicaSets: KubeObject[]): History {
  const owned = ownedReplicaSets(deployment, replicaSets);
  const revisions: Revision[] = [];
  const handEdits: HandEdit[] = [];
  for (const rs of owned) {
    const numbers = [
      revisionOf(rs),
      ...(rs.metadata?.annotations?.[HISTORY_ANNOTATION] ?? '').split(',').map((n) => Number(n.trim())),
    ].filter((n) => Number.isInteger(n) && n > 0);
    for (const number of new Set(numbers)) revisions.push({ number, replicaSet: rs });
    const edit = ((rs.metadata?.managedFields ?? []) as ManagedFields[]).find(specChangedBy);
    if (edit) handEdits.push({ replicaSet: rs.metadata?.name ?? '', manager: edit.manager! });
  }
  revisions.sort((a, b) => a.number - b.number);
  return { revisions, handEdits };
}

/** The revision the Deployment is at (its own annotation), 0 before the controller wrote one. */
export const currentRevision = (deployment: KubeObject): number => revisionOf(deployment);

/** A copy of a Pod template without the pod-template-hash label, images in their normalised form. */
function canonical(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => canonical(v));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([k]) => !(key === 'labels' && k === HASH_LABEL))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => [k, canonical(v, k)]);
    return Object.fromEntries(entries);
  }
  return key === 'image' && typeof value === 'string' ? normalizeImage(value) : value;
}

/**
 * Whether two Pod templates are the same, as the controller decides which ReplicaSet is a
 * Deployment's (`EqualIgnoreHash`): equal but for the pod-template-hash label; image references
 * compared in their normalised form.
 */
export const sameTemplate = (a: unknown, b: unknown): boolean =>
  JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

/** The `desired-replicas` and `max-replicas` annotations of a ReplicaSet (undefined when not written). */
export function replicaAnnotations(rs: KubeObject): { desired?: number; max?: number } {
  const a = rs.metadata?.annotations ?? {};
  const num = (v: string | undefined) => (v === undefined || v === '' ? undefined : Number(v));
  return { desired: num(a[DESIRED_ANNOTATION]), max: num(a[MAX_ANNOTATION]) };
}

/**
 * The surge a Deployment's strategy allows over `replicas`: 0 for Recreate; for RollingUpdate its
 * maxSurge, a number or a percentage rounded up (default 25%), as the controller resolves it.
 */
export function maxSurge(deployment: KubeObject, replicas: number): number {
  const strategy = deployment.spec?.strategy as
    { type?: string; rollingUpdate?: { maxSurge?: number | string } } | undefined;
  if (strategy?.type === 'Recreate') return 0;
  const surge = strategy?.rollingUpdate?.maxSurge ?? '25%';
  if (typeof surge === 'number') return surge;
  const percent = /^(\d+)%$/.exec(surge);
  return percent ? Math.ceil((Number(percent[1]) * replicas) / 100) : Number(surge) || 0;
}

export { REVISION_ANNOTATION };
