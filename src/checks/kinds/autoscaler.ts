import * as v from 'valibot';
import { defineCheckKind, type CheckData } from './define.js';
import type { KubeObject } from '../../kube/types.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { t } from '../../i18n/t.js';
import type { Lang } from '../../i18n/text.js';
import { nearMiss } from '../describe.js';
import { selects, type LabelSelector } from '../selector.js';

const HPA = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' } as const;
const POD = { apiVersion: 'v1', kind: 'Pod' } as const;

const Count = v.pipe(v.number(), v.integer(), v.minValue(0));

const fields = {
  /** The workload the HorizontalPodAutoscaler must scale (whatever the HPA's own name). */
  target: v.strictObject({
    apiVersion: v.optional(v.string(), 'apps/v1'),
    kind: v.optional(v.string(), 'Deployment'),
    name: v.string(),
  }),
  /** spec.minReplicas (the API's default is 1). */
  minReplicas: v.optional(v.pipe(Count, v.minValue(1))),
  /** spec.maxReplicas. */
  maxReplicas: v.optional(v.pipe(Count, v.minValue(1))),
  /**
   * The HPA scales on the Pods' average CPU utilisation, this percentage of their CPU requests, and on
   * no other metric (autoscaling/v1 targetCPUUtilizationPercentage reads back as this metric).
   */
  cpuUtilization: v.optional(v.pipe(Count, v.minValue(1))),
  /** The HPA reads its metrics and computes a scale (condition ScalingActive True). */
  active: v.optional(v.boolean(), false),
  /** The HPA wants this many replicas (status.desiredReplicas), and the target's spec.replicas is that. */
  replicas: v.optional(Count),
};
type AutoscalerCheck = CheckData<'autoscaler', typeof fields>;

/** The `autoscaler` check kind; its `description` says what it checks. */
export const autoscalerKind = defineCheckKind({
  type: 'autoscaler',
  description:
    'Exactly one HorizontalPodAutoscaler (read as autoscaling/v2, so v1 objects and `kubectl autoscale` count) ' +
    'scales `target`, whatever its name, with `minReplicas`, `maxReplicas` and, with `cpuUtilization`, an ' +
    'average CPU utilisation target of that percentage as its only metric. With `active`, it reads its metrics ' +
    '(ScalingActive True; otherwise the containers without a CPU request, or the condition, say why); with ' +
    '`replicas`, it wants that many and the target has them in spec.replicas.',
  fields,
  reads: (check) => [HPA, POD, { apiVersion: check.target.apiVersion, kind: check.target.kind }],
  run: checkAutoscaler,
});

/** The fields read of an autoscaling/v2 MetricSpec (the API reference, HorizontalPodAutoscaler v2). */
interface MetricSpec {
  type: string;
  resource?: { name: string; target?: { type?: string; averageUtilization?: number; averageValue?: string } };
  containerResource?: { name: string; container: string; target?: { type?: string; averageUtilization?: number } };
  pods?: { metric?: { name?: string } };
  object?: { metric?: { name?: string } };
  external?: { metric?: { name?: string } };
}
interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

const groupOf = (apiVersion: string | undefined): string =>
  apiVersion?.includes('/') ? apiVersion.split('/')[0]! : '';
const targetOf = (hpa: KubeObject) =>
  (hpa.spec?.scaleTargetRef ?? {}) as { apiVersion?: string; kind?: string; name?: string };

/** A metric in words: `cpu utilisation 50%`, `memory average value 100Mi`, `pods metric requests_per_second`. */
function describeMetric(m: MetricSpec): string {
  const r = m.resource ?? m.containerResource;
  if (r) {
    const where = m.containerResource ? ` (container ${m.containerResource.container})` : '';
    const target = r.target ?? {};
    const value =
      target.type === 'Utilization'
        ? `utilisation ${target.averageUtilization}%`
        : `average value ${(target as { averageValue?: string }).averageValue}`;
    return `${r.name} ${value}${where}`;
  }
  const name = m.pods?.metric?.name ?? m.object?.metric?.name ?? m.external?.metric?.name ?? '';
  return `${m.type.toLowerCase()} metric ${name}`.trim();
}

/**
 * `autoscaler`: the one HPA that scales the target, its bounds and CPU target as meaning, and
 * (optionally) whether it works and what it decided. Every difference is one problem; the summary
 * is the first.
 */
async function checkAutoscaler(check: AutoscalerCheck, view: NamespaceView): Promise<Outcome> {
  const lang = view.lang;
  const target = `${check.target.kind} ${check.target.name}`;
  const all = await view.list(HPA);
  const mine = all.filter((h) => {
    const ref = targetOf(h);
    return ref.kind === check.target.kind && ref.name === check.target.name && !h.metadata?.deletionTimestamp;
  });
  if (mine.length === 0) {
    const others = all.map((h) => `${h.metadata?.name} -> ${targetOf(h).kind} ${targetOf(h).name}`).join(', ');
    const near = nearMiss(
      check.target.name,
      all.map((h) => targetOf(h).name ?? ''),
    );
    const message =
      t(lang, 'autoscaler.none', { target, ns: view.namespace, others: others || '-' }) +
      (near ? t(lang, 'autoscaler.nearMiss', { kind: check.target.kind, name: near }) : '');
    return failed(message);
  }
  if (mine.length > 1) {
    const names = mine.map((h) => h.metadata?.name).join(', ');
    const message = t(lang, 'autoscaler.many', { count: mine.length, target, names });
    return failed(message, [{ message, expected: 1, actual: mine.length }]);
  }
  const hpa = mine[0]!;
  const name = `HorizontalPodAutoscaler ${hpa.metadata?.name}`;
  const problems: Problem[] = [...specProblems(hpa, check, name, lang)];
  if (check.active || check.replicas !== undefined) problems.push(...(await activeProblems(hpa, check, name, view)));
  if (check.replicas !== undefined && problems.length === 0) {
    problems.push(...(await replicaProblems(hpa, check, name, view)));
  }
  if (problems.length) return failed(problems[0]!.message, problems);
  const metrics = ((hpa.spec?.metrics as MetricSpec[] | undefined) ?? []).map(describeMetric).join(', ');
  return passed(
    t(lang, 'autoscaler.passed', {
      name,
      target,
      min: hpa.spec?.minReplicas ?? 1,
      max: hpa.spec?.maxReplicas,
      metrics,
      desired: hpa.status?.desiredReplicas ?? '-',
    }),
  );
}

/** How the HPA's spec differs from the task: target's API group, bounds, metrics. */
function specProblems(hpa: KubeObject, check: AutoscalerCheck, name: string, lang: Lang): Problem[] {
  const problems: Problem[] = [];
  const ref = targetOf(hpa);
  if (groupOf(ref.apiVersion) !== groupOf(check.target.apiVersion)) {
    const message = t(lang, 'autoscaler.apiVersion', {
      name,
      actual: ref.apiVersion ?? '-',
      kind: check.target.kind,
      expected: check.target.apiVersion,
    });
    problems.push({
      message,
      path: 'spec.scaleTargetRef.apiVersion',
      expected: check.target.apiVersion,
      actual: ref.apiVersion,
    });
  }
  // minReplicas defaults to 1 (autoscaling/v2 HorizontalPodAutoscalerSpec); maxReplicas is required.
  const bounds = [
    ['minReplicas', check.minReplicas, (hpa.spec?.minReplicas as number | undefined) ?? 1],
    ['maxReplicas', check.maxReplicas, hpa.spec?.maxReplicas as number | undefined],
  ] as const;
  for (const [field, expected, actual] of bounds) {
    if (expected === undefined || actual === expected) continue;
    const message = t(lang, 'autoscaler.bound', { name, field, actual, expected });
    problems.push({ message, path: `spec.${field}`, expected, actual });
  }
  if (check.cpuUtilization !== undefined) {
    const metrics = (hpa.spec?.metrics as MetricSpec[] | undefined) ?? [];
    const cpu = metrics.filter((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
    const others = metrics.filter((m) => !cpu.includes(m));
    const want = check.cpuUtilization;
    const utilisation = cpu.find((m) => m.resource?.target?.type === 'Utilization');
    if (!utilisation) {
      const found = metrics.map(describeMetric).join(', ') || '-';
      const message = t(lang, 'autoscaler.noCpu', { name, found, expected: want });
      problems.push({ message, path: 'spec.metrics', expected: `cpu utilisation ${want}%`, actual: found });
    } else if (utilisation.resource?.target?.averageUtilization !== want) {
      const actual = utilisation.resource?.target?.averageUtilization;
      const message = t(lang, 'autoscaler.cpuTarget', { name, actual: actual ?? '-', expected: want });
      problems.push({
        message,
        path: 'spec.metrics[].resource.target.averageUtilization',
        expected: want,
        actual,
      });
    }
    const extra = [...others, ...cpu.filter((m) => m !== utilisation)];
    if (extra.length) {
      const found = extra.map(describeMetric).join(', ');
      const message = t(lang, 'autoscaler.extraMetrics', { name, found });
      problems.push({ message, path: 'spec.metrics', actual: found });
    }
  }
  return problems;
}

/** The target's Pods (by its selector, not being deleted), or none when the target is missing. */
async function targetPods(check: AutoscalerCheck, view: NamespaceView): Promise<KubeObject[]> {
  const workload = await view.find(check.target, check.target.name);
  const selector = workload?.spec?.selector as LabelSelector | undefined;
  if (!selector) return [];
  return (await view.list(POD)).filter((p) => !p.metadata?.deletionTimestamp && selects(selector, p.metadata?.labels));
}

/**
 * Why the HPA does not compute a scale: containers of the target's Pods without a CPU request (the
 * usual cause, which the check sees at once, before the controller's next sync says it), then the
 * ScalingActive condition and its reason, or that the controller has not computed yet.
 */
async function activeProblems(
  hpa: KubeObject,
  check: AutoscalerCheck,
  name: string,
  view: NamespaceView,
): Promise<Problem[]> {
  const lang = view.lang;
  const problems: Problem[] = [];
  const conditions = (hpa.status?.conditions as Condition[] | undefined) ?? [];
  const active = conditions.find((c) => c.type === 'ScalingActive');
  const metrics = (hpa.spec?.metrics as MetricSpec[] | undefined) ?? [];
  const usesUtilisation = metrics.some(
    (m) => (m.resource ?? m.containerResource)?.target?.type === 'Utilization' && m.type !== 'External',
  );
  if (usesUtilisation) {
    for (const pod of await targetPods(check, view)) {
      const containers = (pod.spec?.containers ?? []) as {
        name: string;
        resources?: { requests?: { cpu?: string } };
      }[];
      const missing = containers.filter((c) => !c.resources?.requests?.cpu).map((c) => c.name);
      if (missing.length) {
        const message = t(lang, 'autoscaler.noRequest', {
          name,
          containers: missing.join(', '),
          count: missing.length,
          pod: pod.metadata?.name,
        });
        problems.push({ message, path: 'spec.containers[].resources.requests.cpu', actual: null });
        break;
      }
    }
  }
  if (active?.status === 'True') return problems;
  if (active) {
    const message = t(lang, 'autoscaler.inactive', {
      name,
      reason: active.reason ?? '',
      message: active.message ?? '',
    });
    problems.push({ message, path: 'status.conditions[ScalingActive]', expected: 'True', actual: active.status });
  } else {
    const able = conditions.find((c) => c.type === 'AbleToScale' && c.status === 'False');
    const message = able
      ? t(lang, 'autoscaler.inactive', { name, reason: able.reason ?? '', message: able.message ?? '' })
      : t(lang, 'autoscaler.notYet', { name });
    problems.push({ message, path: 'status.conditions' });
  }
  return problems;
}

/** Whether the HPA wants `replicas`, and the target has them in spec.replicas (the HPA sets it). */
async function replicaProblems(
  hpa: KubeObject,
  check: AutoscalerCheck,
  name: string,
  view: NamespaceView,
): Promise<Problem[]> {
  const lang = view.lang;
  const want = check.replicas!;
  const desired = hpa.status?.desiredReplicas as number | undefined;
  const current = (
    (hpa.status?.currentMetrics ?? []) as { resource?: { name?: string; current?: { averageUtilization?: number } } }[]
  )
    .map((m) => m.resource)
    .find((r) => r?.name === 'cpu')?.current?.averageUtilization;
  const cpu = current === undefined ? '-' : `${current}%`;
  if (desired !== want) {
    const message = t(lang, 'autoscaler.desired', { name, actual: desired ?? 0, expected: want, cpu });
    return [{ message, path: 'status.desiredReplicas', expected: want, actual: desired }];
  }
  const workload = await view.find(check.target, check.target.name);
  const replicas = workload?.spec?.replicas as number | undefined;
  if (replicas !== want) {
    const message = t(lang, 'autoscaler.targetReplicas', {
      target: `${check.target.kind} ${check.target.name}`,
      actual: replicas ?? '-',
      expected: want,
    });
    return [{ message, path: 'spec.replicas', expected: want, actual: replicas }];
  }
  return [];
}
