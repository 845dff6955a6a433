import { existsSync } from 'node:fs';
import * as v from 'valibot';
import { defineCheckKind, type CheckData } from './define.js';
import { readLearnerFile } from './file.js';
import type { KubeObject } from '../../kube/types.js';
import { failed, passed, type Outcome } from '../result.js';
import type { NamespaceView } from '../view.js';
import { formatNanos, quantityNanos } from '../quantity.js';
import { resolveLearnerPath } from '../../util/lab-paths.js';
import { t } from '../../i18n/t.js';

const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
/** What `kubectl top pods` reads: metrics-server's PodMetrics (metrics.k8s.io/v1beta1, the Metrics API). */
const POD_METRICS = { apiVersion: 'metrics.k8s.io/v1beta1', kind: 'PodMetrics' } as const;

/**
 * Usages closer than this share the top place (in nano-units: 5m CPU, or 5 bytes of memory): metrics-server
 * computes CPU as a rate over its scrape window, so two Pods staged at the same load differ by a few nanocores.
 */
const TIE = { cpu: 5_000_000n, memory: 5_000_000_000n } as const;

const fields = {
  /** The answer file in the lab's working folder: the name of one Pod (`pod/NAME` is accepted too). */
  path: v.string(),
  /** What the Pod uses most of: `cpu` (kubectl top pods --sort-by=cpu) or `memory` (--sort-by=memory). */
  resource: v.picklist(['cpu', 'memory']),
};
type TopCheck = CheckData<'top', typeof fields>;

/** The `top` check kind; its `description` says what it checks. */
export const topKind = defineCheckKind({
  type: 'top',
  description:
    "A file in the lab's working folder names the Pod of the lab namespace that uses the most `resource` " +
    '(`cpu` or `memory`) now, as metrics-server reports it (the Metrics API, what `kubectl top pods --sort-by` ' +
    'sorts): the truth is computed when the check runs, so it holds whichever Pod is busiest. Pods within 5m ' +
    'CPU or 5 bytes of the top share it. Fails while a running Pod has no metrics yet.',
  fields,
  reads: () => [POD],
  readsFiles: true,
  run: checkTop,
});

/** A Pod's usage of `resource`, in nano-units: the sum over its containers (as kubectl top pods shows it). */
function podUsage(metrics: KubeObject, resource: 'cpu' | 'memory'): bigint {
  const containers = (metrics as { containers?: { usage?: Record<string, unknown> }[] }).containers ?? [];
  return containers.reduce((sum, c) => sum + (quantityNanos(c.usage?.[resource]) ?? 0n), 0n);
}

/** The name the learner wrote: the first non-empty line, trimmed, without a `pod/` or `pods/` prefix. */
function answerIn(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.trim().replace(/^pods?\//, '');
}

/**
 * `top`: the learner found the busiest Pod (say, `kubectl top pods --sort-by=cpu`) and wrote its
 * name to a file. Compared with the Metrics API's PodMetrics of the namespace when the check runs
 * (the Kubernetes docs, "Resource metrics pipeline"), not with a name fixed in the lab.
 */
export async function checkTop(check: TopCheck, view: NamespaceView): Promise<Outcome> {
  const lang = view.lang;
  const resolved = resolveLearnerPath(view.workDir, check.path);
  if (resolved.problem !== undefined)
    return failed(t(lang, 'file.unchecked', { path: check.path, problem: resolved.problem }));
  if (!existsSync(resolved.path)) return failed(t(lang, 'file.missing', { path: check.path, dir: view.workDir }));
  const text = readLearnerFile(resolved.path, check.path, lang);
  if (typeof text !== 'string') return text;
  const answer = answerIn(text);
  if (answer === '') return failed(t(lang, 'file.empty', { path: check.path }));
  if (answer.split(/\s+/).length > 1) return failed(t(lang, 'top.notAName', { path: check.path, answer }));

  const [pods, metrics] = await Promise.all([view.list(POD), view.list(POD_METRICS)]);
  const usage = new Map(metrics.map((m) => [m.metadata?.name ?? '', podUsage(m, check.resource)]));
  const running = pods.filter((p) => (p as { status?: { phase?: string } }).status?.phase === 'Running');
  const waiting = running.map((p) => p.metadata?.name ?? '').filter((name) => !usage.has(name));
  if (usage.size === 0 || waiting.length > 0)
    return failed(t(lang, 'top.noMetrics', { ns: view.namespace, pods: waiting.join(', ') || '-' }));

  const top = [...usage.values()].reduce((a, b) => (b > a ? b : a));
  const shown = (n: bigint) =>
    check.resource === 'cpu' ? formatNanos((n / 1_000_000n) * 1_000_000n, false) : formatNanos(n, true);
  const mine = usage.get(answer);
  const params = { path: check.path, pod: answer, resource: check.resource };
  if (mine === undefined) return failed(t(lang, 'top.noSuchPod', { ...params, ns: view.namespace }));
  if (top - mine <= TIE[check.resource]) return passed(t(lang, 'top.right', { ...params, usage: shown(mine) }));
  return failed(t(lang, 'top.notTop', { ...params, usage: shown(mine) }));
}
