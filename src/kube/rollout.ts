import type { KubeObject } from './types.js';

/**
 * One condition of a complete rollout that a Deployment does not meet yet:
 * - `observedGeneration`: the controller has not seen the latest spec (`want` is
 *   metadata.generation, `found` status.observedGeneration);
 * - `updatedReplicas`, `availableReplicas`, `replicas`: that status field differs from
 *   spec.replicas (`want`); `replicas` counts old Pods too, so it is over `want` mid-rollout.
 */
export interface RolloutGap {
  field: 'observedGeneration' | 'updatedReplicas' | 'availableReplicas' | 'replicas';
  want: number;
  found: number;
}

/**
 * What keeps a Deployment's rollout from being complete, as `kubectl rollout status` judges it
 * (status fields from the apps/v1 Deployment API reference), in that order; empty when complete.
 * A missing spec.replicas is 1, a missing status field 0.
 */
export function rolloutGaps(d: KubeObject): RolloutGap[] {
  const want = (d.spec?.replicas as number | undefined) ?? 1;
  const st = d.status ?? {};
  const gaps: RolloutGap[] = [];
  const generation = (d.metadata?.generation as number | undefined) ?? 0;
  if ((st.observedGeneration ?? 0) < generation)
    gaps.push({ field: 'observedGeneration', want: generation, found: st.observedGeneration ?? 0 });
  for (const field of ['updatedReplicas', 'availableReplicas', 'replicas'] as const) {
    const found = (st[field] as number | undefined) ?? 0;
    if (found !== want) gaps.push({ field, want, found });
  }
  return gaps;
}

/**
 * Whether a Deployment's rollout is complete: the controller saw the latest spec, and every
 * replica is updated and available, with no old one left.
 */
export const rolloutComplete = (d: KubeObject): boolean => rolloutGaps(d).length === 0;

/**
 * Whether a workload is settled with all its Pods Ready: a Deployment's rollout is complete
 * ({@link rolloutComplete}); for a ReplicaSet, ReplicationController or StatefulSet, the
 * controller saw the latest spec and status.readyReplicas equals spec.replicas (default 1).
 */
export function workloadReady(obj: KubeObject): boolean {
  if (obj.kind === 'Deployment') return rolloutComplete(obj);
  const generation = (obj.metadata?.generation as number | undefined) ?? 0;
  return (
    (obj.status?.observedGeneration ?? 0) >= generation &&
    (obj.status?.readyReplicas ?? 0) === (obj.spec?.replicas ?? 1)
  );
}
