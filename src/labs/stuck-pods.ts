import type { KubeClient } from '../kube/client.js';
import type { KubeObject } from '../kube/types.js';
import { isReady } from '../checks/pods.js';
import { selects } from '../checks/selector.js';

/**
 * Waiting reasons of a container that will not start until something changes (the kubelet's
 * reasons, as `kubectl get pods` shows them in STATUS): its image cannot be pulled, it crashes
 * in a loop, or its environment names a ConfigMap, Secret or key that does not exist.
 */
const STUCK_REASONS = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'CrashLoopBackOff',
  'CreateContainerConfigError',
]);

/**
 * Whether a Pod is stuck in a state that only a change can end, as a troubleshooting lab's setup
 * breaks it on purpose: a container (or init container) waits with one of {@link STUCK_REASONS}, or
 * is not Ready after the kernel killed it for its memory (OOMKilled), or the scheduler found no node
 * for it (condition PodScheduled False, reason Unschedulable).
 */
export function podStuck(pod: KubeObject): boolean {
  type Terminated = { terminated?: { reason?: string } };
  const statuses: {
    ready?: boolean;
    state?: Terminated & { waiting?: { reason?: string } };
    lastState?: Terminated;
  }[] = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  if (statuses.some((c) => STUCK_REASONS.has(c.state?.waiting?.reason ?? ''))) return true;
  // Killed for its memory and not Ready: it will be killed again (before the kubelet's back-off shows).
  const oom = (t?: Terminated): boolean => t?.terminated?.reason === 'OOMKilled';
  if (statuses.some((c) => !c.ready && (oom(c.state) || oom(c.lastState)))) return true;
  return (pod.status?.conditions ?? []).some(
    (c: { type?: string; status?: string; reason?: string }) =>
      c.type === 'PodScheduled' && c.status === 'False' && c.reason === 'Unschedulable',
  );
}

/**
 * Whether a workload (Deployment, ReplicaSet, ReplicationController, StatefulSet) has settled
 * broken: its controller has seen the latest spec, it has at least spec.replicas (default 1) live
 * Pods, each of them Ready or stuck ({@link podStuck}), and at least one stuck. A rollout to a bad
 * image stalls in this state for ever (the old Pods stay Ready, the new ones cannot start), so a
 * lab's setup or a wrong answer that breaks a workload on purpose is done here, not after a timeout.
 * @param workload the workload as read from the cluster (its selector and status)
 * @returns false while Pods are still being created or started
 */
export async function workloadStuck(client: KubeClient, namespace: string, workload: KubeObject): Promise<boolean> {
  const generation = (workload.metadata?.generation as number | undefined) ?? 0;
  if ((workload.status?.observedGeneration ?? 0) < generation) return false;
  const selector = workload.spec?.selector;
  const pods = (await client.list({ apiVersion: 'v1', kind: 'Pod' }, namespace)).filter(
    (p) => !p.metadata?.deletionTimestamp && selects(selector, p.metadata?.labels),
  );
  const want = (workload.spec?.replicas as number | undefined) ?? 1;
  return pods.length >= want && pods.some(podStuck) && pods.every((p) => isReady(p) || podStuck(p));
}
