import * as v from 'valibot';
import { defineCheckKind, type CheckData } from './define.js';
import type { KubeObject } from '../../kube/types.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { t } from '../../i18n/t.js';
import type { Lang } from '../../i18n/text.js';
import { explainMissing } from '../describe.js';
import { controllerOf } from '../objects.js';
import { formatNanos, quantityNanos, sameQuantity } from '../quantity.js';

const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
const DEPLOYMENT = { apiVersion: 'apps/v1', kind: 'Deployment' } as const;
const REPLICA_SET = { apiVersion: 'apps/v1', kind: 'ReplicaSet' } as const;
const LIMIT_RANGE = { apiVersion: 'v1', kind: 'LimitRange' } as const;
const QUOTA = { apiVersion: 'v1', kind: 'ResourceQuota' } as const;

/** The annotation the LimitRanger admission plugin writes on a Pod whose resources it set. */
const LIMIT_RANGER = 'kubernetes.io/limit-ranger';

/** Whole bytes (or units) of a quantity, for messages: `64M` is 64000000. */
const wholeUnits = (quantity: unknown): string | undefined => {
  const n = quantityNanos(quantity);
  return n === undefined ? undefined : String(n / 1_000_000_000n);
};

/** A quantity in a lab file: a YAML number, or text in the API's syntax (checked as JSON Schema can say it). */
const Quantity = v.union(
  [
    v.number(),
    v.pipe(
      v.string(),
      v.regex(/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+|[KMGTPE]i|[numkMGTPE])?$/),
      v.description('a quantity such as 250m, 0.5, 64Mi or 1Gi'),
    ),
  ],
  'expected a quantity such as 250m, 0.5, 64Mi or 1Gi',
);
const Amounts = v.record(v.string(), Quantity);
type Amounts = v.InferOutput<typeof Amounts>;

// --- the check kind ---------------------------------------------------------------------------

const fields = {
  /** A Pod of the lab namespace: its stored containers (after LimitRange defaulting) are judged. */
  pod: v.optional(v.string()),
  /** A Deployment: its Pod template, and every Pod of it that is not being deleted. */
  deployment: v.optional(v.string()),
  /** The container judged (default: every container of the Pod). */
  container: v.optional(v.string()),
  /** resources.requests of the container, compared as quantities (`250m` equals `0.25`). */
  requests: v.optional(Amounts),
  /** resources.limits of the container, compared as quantities. */
  limits: v.optional(Amounts),
  /** With `pod`: the requests and limits asked were set by a LimitRange when the Pod was created, not written in it. */
  fromLimitRange: v.optional(v.boolean()),
  /** With `pod`: the Pod stays Pending, unschedulable, and the scheduler's message names this cause. */
  pending: v.optional(v.string()),
  /** What a container created now without resources gets from the namespace's LimitRanges. */
  defaults: v.optional(v.strictObject({ requests: v.optional(Amounts), limits: v.optional(Amounts) })),
  /** A ResourceQuota of the lab namespace that applies to every Pod (no scopes). */
  quota: v.optional(v.string()),
  /** With `quota`: its hard limits, compared as quantities (`cpu` is `requests.cpu`, `memory` is `requests.memory`). */
  hard: v.optional(Amounts),
  /** With `quota`: the quota controller has counted the namespace, and status.used adds up the Pods in it. */
  counted: v.optional(v.boolean()),
};
type ResourcesCheck = CheckData<'resources', typeof fields>;

/** The `resources` check kind; its `description` says what it checks. */
export const resourcesKind = defineCheckKind({
  type: 'resources',
  description:
    'Compute resources judged as quantities (`250m` equals `0.25`, `64Mi` equals `67108864`). With `pod` or ' +
    '`deployment`: the stored containers (`container`, default every one) have `requests` and `limits` as the API ' +
    'server keeps them after LimitRange defaulting; a Deployment its template and every Pod of it; ' +
    '`fromLimitRange`: those values were set by a LimitRange when the Pod was created; `pending`: the Pod stays ' +
    'Pending, Unschedulable, and the scheduler message names this cause (e.g. `Insufficient cpu`). With ' +
    '`defaults`: what a container created now without resources gets from the LimitRanges of the namespace. With ' +
    '`quota`: the ResourceQuota applies to every Pod, has the `hard` limits (`cpu` counts as `requests.cpu`), ' +
    'and with `counted` its status.used adds up the Pods of the namespace.',
  fields,
  reads: (check) =>
    check.quota
      ? [QUOTA, POD]
      : check.defaults
        ? [LIMIT_RANGE]
        : check.deployment
          ? [DEPLOYMENT, REPLICA_SET, POD]
          : [POD, LIMIT_RANGE],
  problem: (check) => {
    const modes = (['pod', 'deployment', 'defaults', 'quota'] as const).filter((k) => check[k] !== undefined);
    if (modes.length !== 1) return { path: [], problem: 'give exactly one of pod, deployment, defaults and quota' };
    if ((check.fromLimitRange || check.pending) && !check.pod)
      return { path: [check.pending ? 'pending' : 'fromLimitRange'], problem: 'needs pod' };
    if ((check.hard || check.counted) && !check.quota)
      return { path: [check.hard ? 'hard' : 'counted'], problem: 'needs quota' };
    return undefined;
  },
  run: checkResources,
});

/** `resources`: see the kind's description. */
async function checkResources(check: ResourcesCheck, view: NamespaceView): Promise<Outcome> {
  if (check.quota !== undefined) return checkQuota(check, check.quota, view);
  if (check.defaults) return checkDefaults(check.defaults, view);
  if (check.deployment !== undefined) return checkDeployment(check, check.deployment, view);
  return checkPod(check, check.pod ?? '', view);
}

/** The resources of one container as stored, by kind (`requests`, `limits`). */
interface ContainerResources {
  name: string;
  requests?: Record<string, unknown>;
  limits?: Record<string, unknown>;
}

const containersOf = (spec: { containers?: ContainerResources[] } | undefined): ContainerResources[] =>
  (spec?.containers ?? []).map((c: { name: string; resources?: Omit<ContainerResources, 'name'> }) => ({
    name: c.name,
    requests: c.resources?.requests,
    limits: c.resources?.limits,
  }));

/** Differences between the amounts asked and the container's, one problem each. */
function compareAmounts(
  lang: Lang,
  where: string,
  prefix: string,
  expected: Amounts | undefined,
  actual: Record<string, unknown> | undefined,
): Problem[] {
  const problems: Problem[] = [];
  for (const [name, want] of Object.entries(expected ?? {})) {
    const field = `${prefix}${name}`;
    const have = actual?.[name];
    if (have === undefined) {
      problems.push({
        message: t(lang, 'resources.missing', { where, field, expected: want }),
        path: field,
        expected: want,
      });
    } else if (!sameQuantity(have, want)) {
      const bytes = name === 'memory' || name.endsWith('.memory') || name === 'ephemeral-storage';
      const message = bytes
        ? t(lang, 'resources.wrongBytes', {
            where,
            field,
            actual: have,
            expected: want,
            actualBytes: wholeUnits(have) ?? have,
            expectedBytes: wholeUnits(want) ?? want,
          })
        : t(lang, 'resources.wrong', { where, field, actual: have, expected: want });
      problems.push({ message, path: field, expected: want, actual: have });
    }
  }
  return problems;
}

/** The containers judged: the one named, or every one; a problem when the named one is missing. */
function pickContainers(
  lang: Lang,
  containers: ContainerResources[],
  name: string | undefined,
  owner: string,
): ContainerResources[] | Problem {
  if (name === undefined) return containers;
  const found = containers.filter((c) => c.name === name);
  if (found.length) return found;
  return {
    message: t(lang, 'resources.noContainer', {
      owner,
      container: name,
      names: containers.map((c) => c.name).join(', '),
    }),
  };
}

/** Problems of the containers of a Pod spec against `requests` and `limits`. */
function judgeSpec(check: ResourcesCheck, lang: Lang, spec: KubeObject['spec'], owner: string): Problem[] {
  const picked = pickContainers(lang, containersOf(spec), check.container, owner);
  if (!Array.isArray(picked)) return [picked];
  return picked.flatMap((c) => {
    const where = t(lang, 'resources.container', { container: c.name, owner });
    return [
      ...compareAmounts(lang, where, 'requests.', check.requests, c.requests),
      ...compareAmounts(lang, where, 'limits.', check.limits, c.limits),
    ];
  });
}

/** One line of amounts for a pass: `requests cpu=250m, memory=64Mi; limits cpu=500m`. */
function describeAmounts(requests: Amounts | undefined, limits: Amounts | undefined): string {
  const list = (a: Amounts) =>
    Object.entries(a)
      .map(([k, q]) => `${k}=${q}`)
      .join(', ');
  return [requests && `requests ${list(requests)}`, limits && `limits ${list(limits)}`].filter(Boolean).join('; ');
}

const outcome = (lang: Lang, problems: Problem[], pass: () => string): Outcome =>
  problems.length
    ? failed(t(lang, 'resources.failed', { first: problems[0]!.message, more: problems.length - 1 }), problems)
    : passed(pass());

/** `pod`: the stored Pod's containers, where the values came from, and whether it is Pending for the cause asked. */
async function checkPod(check: ResourcesCheck, name: string, view: NamespaceView): Promise<Outcome> {
  const lang = view.lang;
  const pod = await view.find(POD, name);
  if (!pod) return failed(await explainMissing(view, { ...POD, name }));
  const owner = `Pod ${name}`;
  const problems = judgeSpec(check, lang, pod.spec, owner);
  if (check.fromLimitRange && problems.length === 0) problems.push(...(await notFromLimitRange(check, pod, view)));
  if (problems.length && (check.requests || check.limits)) {
    const before = await createdBeforeLimitRange(pod, view);
    if (before && problems.some((p) => p.actual === undefined))
      problems.unshift({ message: t(lang, 'resources.beforeLimitRange', { pod: name, limitRange: before }) });
  }
  if (check.pending !== undefined) problems.push(...pendingProblems(lang, pod, check.pending));
  return outcome(lang, problems, () =>
    check.pending !== undefined
      ? t(lang, 'resources.pendingOk', { pod: name, message: scheduledCondition(pod)?.message ?? '' })
      : t(lang, 'resources.ok', { what: owner, amounts: describeAmounts(check.requests, check.limits) }),
  );
}

/**
 * The resource names a LimitRanger annotation says it set for `container`, read from
 * `LimitRanger plugin set: cpu, memory request for container worker; cpu limit for container worker`.
 */
export function limitRangerSet(
  annotation: string | undefined,
  container: string,
): { requests: string[]; limits: string[] } {
  const set = { requests: [] as string[], limits: [] as string[] };
  for (const part of (annotation ?? '').replace(/^LimitRanger plugin set:\s*/, '').split(';')) {
    const m = /^\s*(.+?)\s+(request|limit) for (?:init )?container\s+(\S+)\s*$/.exec(part);
    if (!m || m[3] !== container) continue;
    set[m[2] === 'request' ? 'requests' : 'limits'].push(...m[1]!.split(',').map((s) => s.trim()));
  }
  return set;
}

/** Problems for the values asked that a LimitRange did not set (the learner wrote them into the Pod). */
async function notFromLimitRange(check: ResourcesCheck, pod: KubeObject, view: NamespaceView): Promise<Problem[]> {
  const annotation = pod.metadata?.annotations?.[LIMIT_RANGER];
  const name = pod.metadata?.name ?? '';
  const problems: Problem[] = [];
  const picked = pickContainers(view.lang, containersOf(pod.spec), check.container, `Pod ${name}`);
  for (const c of Array.isArray(picked) ? picked : []) {
    const set = limitRangerSet(annotation, c.name);
    const written = [
      ...Object.keys(check.requests ?? {})
        .filter((r) => !set.requests.includes(r))
        .map((r) => `requests.${r}`),
      ...Object.keys(check.limits ?? {})
        .filter((r) => !set.limits.includes(r))
        .map((r) => `limits.${r}`),
    ];
    if (written.length)
      problems.push({
        message: t(view.lang, 'resources.written', { pod: name, container: c.name, fields: written.join(', ') }),
        path: `metadata.annotations.${LIMIT_RANGER}`,
        actual: annotation ?? null,
      });
  }
  return problems;
}

/**
 * The name of a LimitRange created after the Pod (its defaults came too late for it), or undefined.
 * creationTimestamp has whole seconds, so one created in the same second counts too when the LimitRanger
 * admission plugin left no annotation on the Pod (had the LimitRange been there, it would have).
 */
async function createdBeforeLimitRange(pod: KubeObject, view: NamespaceView): Promise<string | undefined> {
  const created = Date.parse(String(pod.metadata?.creationTimestamp ?? ''));
  const defaulted = pod.metadata?.annotations?.[LIMIT_RANGER] !== undefined;
  const ranges = await view.list(LIMIT_RANGE);
  return ranges.find((r) => {
    const at = Date.parse(String(r.metadata?.creationTimestamp ?? ''));
    return at > created || (at === created && !defaulted);
  })?.metadata?.name;
}

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}
const scheduledCondition = (pod: KubeObject): Condition | undefined =>
  (pod.status?.conditions as Condition[] | undefined)?.find((c) => c.type === 'PodScheduled');

/** Problems unless the Pod is Pending, unschedulable, with `cause` in the scheduler's message. */
function pendingProblems(lang: Lang, pod: KubeObject, cause: string): Problem[] {
  const name = pod.metadata?.name ?? '';
  const node = pod.spec?.nodeName as string | undefined;
  if (node)
    return [
      { message: t(lang, 'resources.scheduled', { pod: name, node, cause }), path: 'spec.nodeName', actual: node },
    ];
  const condition = scheduledCondition(pod);
  if (!condition || condition.status !== 'False')
    return [{ message: t(lang, 'resources.notScheduledYet', { pod: name }), path: 'status.conditions' }];
  const message = condition.message ?? '';
  if (condition.reason !== 'Unschedulable' || !message.includes(cause))
    return [
      {
        message: t(lang, 'resources.otherCause', { pod: name, reason: condition.reason ?? '', message, cause }),
        path: 'status.conditions[PodScheduled].message',
        expected: cause,
        actual: message,
      },
    ];
  return [];
}

/** `deployment`: its template, and every Pod of it not being deleted (at least one). */
async function checkDeployment(check: ResourcesCheck, name: string, view: NamespaceView): Promise<Outcome> {
  const lang = view.lang;
  const deployment = await view.find(DEPLOYMENT, name);
  if (!deployment) return failed(await explainMissing(view, { ...DEPLOYMENT, name }));
  const problems = judgeSpec(check, lang, deployment.spec?.template?.spec, t(lang, 'resources.template', { name }));
  if (problems.length === 0) {
    const uid = deployment.metadata?.uid;
    const sets = new Set(
      (await view.list(REPLICA_SET)).filter((rs) => controllerOf(rs)?.uid === uid).map((rs) => rs.metadata?.uid),
    );
    const pods = (await view.list(POD)).filter((p) => sets.has(controllerOf(p)?.uid) && !p.metadata?.deletionTimestamp);
    if (pods.length === 0) problems.push({ message: t(lang, 'resources.noPods', { name }) });
    for (const pod of pods) {
      const stale = judgeSpec(check, lang, pod.spec, `Pod ${pod.metadata?.name ?? ''}`);
      if (stale.length)
        problems.push({ ...stale[0]!, message: t(lang, 'resources.stale', { name, problem: stale[0]!.message }) });
    }
  }
  return outcome(lang, problems, () =>
    t(lang, 'resources.ok', { what: `Deployment ${name}`, amounts: describeAmounts(check.requests, check.limits) }),
  );
}

interface LimitItem {
  type?: string;
  default?: Record<string, unknown>;
  defaultRequest?: Record<string, unknown>;
}

/**
 * What the LimitRanger admission plugin gives a container created without resources: for each
 * resource, the first LimitRange (in the order listed) whose `type: Container` item has a
 * `default` (limits) or `defaultRequest` (requests). The API server fills `defaultRequest` from
 * `default`, and `default` from `max`, when the LimitRange is stored, so the stored items say it all.
 */
export function containerDefaults(ranges: KubeObject[]): {
  requests: Record<string, unknown>;
  limits: Record<string, unknown>;
} {
  const requests: Record<string, unknown> = {};
  const limits: Record<string, unknown> = {};
  for (const range of ranges)
    for (const item of (range.spec?.limits ?? []) as LimitItem[]) {
      if (item.type !== 'Container') continue;
      for (const [k, q] of Object.entries(item.defaultRequest ?? {})) requests[k] ??= q;
      for (const [k, q] of Object.entries(item.default ?? {})) limits[k] ??= q;
    }
  return { requests, limits };
}

/** `defaults`: what a new container without resources gets from the namespace's LimitRanges. */
async function checkDefaults(
  defaults: { requests?: Amounts; limits?: Amounts },
  view: NamespaceView,
): Promise<Outcome> {
  const lang = view.lang;
  const ranges = await view.list(LIMIT_RANGE);
  if (ranges.length === 0) return failed(t(lang, 'resources.noLimitRange', { namespace: view.namespace }));
  const got = containerDefaults(ranges);
  const where = t(lang, 'resources.newContainer', { namespace: view.namespace });
  const problems = [
    ...compareAmounts(lang, where, 'requests.', defaults.requests, got.requests),
    ...compareAmounts(lang, where, 'limits.', defaults.limits, got.limits),
  ];
  return outcome(lang, problems, () =>
    t(lang, 'resources.defaultsOk', {
      amounts: describeAmounts(defaults.requests, defaults.limits),
      names: ranges.map((r) => r.metadata?.name ?? '').join(', '),
    }),
  );
}

/** The quota names that count the same thing: `cpu` is `requests.cpu`, `memory` is `requests.memory`. */
const QUOTA_ALIASES: Readonly<Record<string, string>> = {
  cpu: 'requests.cpu',
  memory: 'requests.memory',
  'ephemeral-storage': 'requests.ephemeral-storage',
};
const canonical = (name: string): string => QUOTA_ALIASES[name] ?? name;

/**
 * The hard limits of a quota by canonical name (`cpu` as `requests.cpu`); when both spellings are
 * set, both are enforced, so the smaller counts. Values keep the spelling they were written in.
 */
export function effectiveHard(
  hard: Record<string, unknown> | undefined,
): Map<string, { name: string; value: unknown }> {
  const out = new Map<string, { name: string; value: unknown }>();
  for (const [name, value] of Object.entries(hard ?? {})) {
    const key = canonical(name);
    const prev = out.get(key);
    const smaller = prev && (quantityNanos(prev.value) ?? 0n) <= (quantityNanos(value) ?? 0n);
    if (!smaller) out.set(key, { name, value });
  }
  return out;
}

/** What the Pods of a namespace add up to, as the quota controller counts non-terminal Pods. */
export function podUsage(pods: KubeObject[]): Map<string, bigint> {
  const used = new Map<string, bigint>([['pods', 0n]]);
  const add = (key: string, n: bigint) => used.set(key, (used.get(key) ?? 0n) + n);
  for (const pod of pods) {
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    add('pods', 1_000_000_000n);
    for (const kind of ['requests', 'limits'] as const) {
      const total = new Map<string, bigint>();
      for (const c of containersOf(pod.spec))
        for (const [r, q] of Object.entries(c[kind] ?? {}))
          total.set(r, (total.get(r) ?? 0n) + (quantityNanos(q) ?? 0n));
      for (const c of containersOf({ containers: pod.spec?.initContainers }))
        for (const [r, q] of Object.entries(c[kind] ?? {})) {
          const n = quantityNanos(q) ?? 0n;
          if (n > (total.get(r) ?? 0n)) total.set(r, n);
        }
      for (const [r, n] of total) add(`${kind}.${r}`, n);
    }
  }
  return used;
}

/** `quota`: applies to every Pod, has the hard limits asked, and (with `counted`) its status.used adds up the Pods. */
async function checkQuota(check: ResourcesCheck, name: string, view: NamespaceView): Promise<Outcome> {
  const lang = view.lang;
  const quota = await view.find(QUOTA, name);
  if (!quota) return failed(await explainMissing(view, { ...QUOTA, name }));
  const problems: Problem[] = [];
  const scopes = [
    ...((quota.spec?.scopes as string[] | undefined) ?? []),
    ...((quota.spec?.scopeSelector?.matchExpressions as { scopeName: string }[] | undefined) ?? []).map(
      (e) => e.scopeName,
    ),
  ];
  if (scopes.length)
    problems.push({ message: t(lang, 'resources.scoped', { name, scopes: scopes.join(', ') }), path: 'spec.scopes' });
  const hard = effectiveHard(quota.spec?.hard);
  const where = `ResourceQuota ${name}`;
  for (const [want, value] of Object.entries(check.hard ?? {})) {
    const got = hard.get(canonical(want));
    const label = got && got.name !== want ? `${got.name} (${canonical(want)})` : want;
    const found = compareAmounts(
      lang,
      where,
      'spec.hard ',
      { [label]: value },
      got ? { [label]: got.value } : undefined,
    );
    problems.push(...found.map((p) => ({ ...p, path: `spec.hard.${got?.name ?? want}` })));
  }
  if (check.counted && problems.length === 0) {
    const used = quota.status?.used as Record<string, unknown> | undefined;
    if (!used) problems.push({ message: t(lang, 'resources.notCounted', { name }), path: 'status.used' });
    else {
      const pods = podUsage(await view.list(POD));
      for (const key of Object.keys(quota.spec?.hard ?? {})) {
        const expected = pods.get(canonical(key));
        if (expected === undefined) continue;
        const actual = quantityNanos(used[key]);
        if (actual !== expected)
          problems.push({
            message: t(lang, 'resources.usedWrong', {
              name,
              field: key,
              actual: used[key] ?? '-',
              expected: formatNanos(expected, key.includes('memory')),
            }),
            path: `status.used.${key}`,
            expected: formatNanos(expected, key.includes('memory')),
            actual: used[key],
          });
      }
    }
  }
  return outcome(lang, problems, () => {
    const used = (quota.status?.used ?? {}) as Record<string, unknown>;
    return t(lang, 'resources.quotaOk', {
      name,
      hard: Object.entries(quota.spec?.hard ?? {})
        .map(([k, q]) => `${k}=${String(q)}`)
        .join(', '),
      used: Object.entries(used)
        .map(([k, q]) => `${k}=${String(q)}`)
        .join(', '),
    });
  });
}
