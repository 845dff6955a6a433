import type { KubeObject } from '../kube/types.js';
import { selects, toLabelSelector, type LabelSelector } from './selector.js';
import type { NamespaceView } from './view.js';
import { type Lang } from '../i18n/text.js';
import { t } from '../i18n/t.js';

const POD = { apiVersion: 'v1', kind: 'Pod' } as const;

/** Pods matching a selector, leaving out Pods already being deleted (they have a deletionTimestamp). */
export async function podsMatching(
  view: NamespaceView,
  selector: LabelSelector | Record<string, string>,
): Promise<KubeObject[]> {
  const s = toLabelSelector(selector);
  return (await view.list(POD)).filter((p) => !p.metadata?.deletionTimestamp && selects(s, p.metadata?.labels));
}

/** Whether the Pod's Ready condition is True (the condition Services and ReplicaSets count). */
export function isReady(pod: KubeObject): boolean {
  return (pod.status?.conditions ?? []).some(
    (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
  );
}

/**
 * Why a Pod is not Ready, in kubectl's words: a container's waiting reason
 * (ImagePullBackOff, CrashLoopBackOff...), else the phase and an unschedulable message.
 * Reason words and the scheduler's message stay as Kubernetes wrote them; only the
 * joining words follow `lang` (default English).
 */
export function notReadyReason(pod: KubeObject, lang: Lang = 'en'): string {
  const statuses: { state?: { waiting?: { reason?: string } } }[] = pod.status?.containerStatuses ?? [];
  const waiting = statuses.map((c) => c.state?.waiting?.reason).find(Boolean);
  if (waiting) return waiting;
  const conditions: { type?: string; status?: string; message?: string; reason?: string }[] =
    pod.status?.conditions ?? [];
  const scheduled = conditions.find((c) => c.type === 'PodScheduled');
  if (scheduled?.status === 'False') return t(lang, 'pods.unscheduled', { why: scheduled.message ?? scheduled.reason });
  return pod.status?.phase ?? 'Pending';
}
