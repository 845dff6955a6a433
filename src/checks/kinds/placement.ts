import * as v from 'valibot';
import { defineCheckKind, type CheckData } from './define.js';
import { Selector } from './fields.js';
import type { KubeObject } from '../../kube/types.js';
import { LAB_LABEL } from '../../kube/namespace.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import type { Lang } from '../../i18n/text.js';
import { t } from '../../i18n/t.js';
import { explainMissing } from '../describe.js';
import { formatLabels, formatSelector, selects, type LabelSelector } from '../selector.js';
import { isReady, notReadyReason, podsMatching } from '../pods.js';
import { formatTaint, misfit, preferenceScore, preferredTerms, requiredTerms, type Misfit } from '../node-fit.js';

const NODE = { apiVersion: 'v1', kind: 'Node' } as const;
const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
/** The label every Node has, one value per Node: the topology key that means "one per node". */
const HOSTNAME = 'kubernetes.io/hostname';

/** Nodes by name, or by a label selector read when the check runs. */
const NodeSet = v.strictObject({
  names: v.optional(v.pipe(v.array(v.string()), v.minLength(1))),
  selector: v.optional(Selector),
});
type NodeSet = v.InferOutput<typeof NodeSet>;

const fields = {
  /** Pods of the lab namespace by name or label selector (or give `workload`). */
  pods: v.optional(
    v.strictObject({
      names: v.optional(v.pipe(v.array(v.string()), v.minLength(1))),
      selector: v.optional(Selector),
    }),
  ),
  /** The Pods a workload's spec.selector selects (Deployment by default). */
  workload: v.optional(
    v.strictObject({
      apiVersion: v.optional(v.string(), 'apps/v1'),
      kind: v.optional(v.string(), 'Deployment'),
      name: v.string(),
    }),
  ),
  /** Exactly this many Pods (not being deleted). */
  count: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  /** Every Pod runs, Ready, on one of these Nodes. */
  on: v.optional(NodeSet),
  /** Every Pod's own spec lets it run on each of these Nodes (selector, affinity, tolerations). */
  allows: v.optional(NodeSet),
  /** Every Pod's own spec keeps it off each of these Nodes, and none runs there. */
  never: v.optional(NodeSet),
  /** Every Pod's preferred node affinity weighs these Nodes above the other Nodes it may run on. */
  prefers: v.optional(NodeSet),
  /** No two Pods on one Node, and each Pod's spec guarantees it (anti-affinity or topology spread on hostname). */
  spread: v.optional(v.boolean(), false),
};
type PlacementCheck = CheckData<'placement', typeof fields>;

/** The `placement` check kind; its `description` says what it checks. */
export const placementKind = defineCheckKind({
  type: 'placement',
  description:
    'Where the scheduler put a set of Pods (`pods` by names or selector, or the Pods of `workload`) and why: ' +
    "each Pod is scheduled and Ready (a Pending Pod shows the scheduler's message), on a Node of `on`; its " +
    'own spec (nodeSelector, required node affinity, tolerations against taints, cordon) lets it run on every ' +
    'Node of `allows` and keeps it off every Node of `never` (a Pod that landed right by chance fails); its ' +
    'preferred node affinity favours `prefers`; with `spread`, no two Pods share a Node and required pod ' +
    'anti-affinity or a topology spread constraint (maxSkew 1, DoNotSchedule) on kubernetes.io/hostname ' +
    'guarantees it. spec.nodeName skips the scheduler, so it keeps a Pod off nothing.',
  fields,
  reads: (check) => [
    POD,
    NODE,
    ...(check.workload ? [{ apiVersion: check.workload.apiVersion, kind: check.workload.kind }] : []),
  ],
  problem: (check) => {
    if (!check.pods === !check.workload) return { path: ['pods'], problem: 'give exactly one of pods and workload' };
    if (check.pods && !check.pods.names && !check.pods.selector)
      return { path: ['pods'], problem: 'give names or selector' };
    for (const key of ['on', 'allows', 'never', 'prefers'] as const) {
      const set = check[key];
      if (set && !set.names === !set.selector)
        return { path: [key], problem: 'give exactly one of names and selector' };
    }
    if (!check.on && !check.allows && !check.never && !check.prefers && !check.spread)
      return { path: ['on'], problem: 'say where: on, allows, never, prefers or spread' };
    return undefined;
  },
  run: checkPlacement,
});

type PodSpec = Record<string, unknown> & {
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  tolerations?: { key?: string }[];
  affinity?: Record<string, Record<string, unknown> | undefined>;
  topologySpreadConstraints?: SpreadConstraint[];
};
interface SpreadConstraint {
  maxSkew?: number;
  topologyKey?: string;
  whenUnsatisfiable?: string;
  labelSelector?: LabelSelector;
}
interface AffinityTerm {
  topologyKey?: string;
  labelSelector?: LabelSelector;
  namespaces?: string[];
  namespaceSelector?: LabelSelector;
}

const nameOf = (o: KubeObject): string => o.metadata?.name ?? '';
const specOf = (pod: KubeObject): PodSpec => (pod.spec ?? {}) as PodSpec;

/** The Pods of the check, or why there are none to judge. */
async function resolvePods(
  check: PlacementCheck,
  view: NamespaceView,
): Promise<{ pods: KubeObject[]; what: string } | { error: string }> {
  const lang = view.lang;
  if (check.workload) {
    const { name } = check.workload;
    const workload = await view.find(check.workload, name);
    if (!workload) return { error: await explainMissing(view, check.workload) };
    const selector = workload.spec?.selector as LabelSelector | undefined;
    const pods = selector ? await podsMatching(view, selector) : [];
    return { pods, what: `${check.workload.kind} ${name}` };
  }
  const set = check.pods!;
  let pods = (await view.list(POD)).filter((p) => !p.metadata?.deletionTimestamp);
  if (set.names) {
    const missing = set.names.find((n) => !pods.some((p) => nameOf(p) === n));
    if (missing) return { error: await explainMissing(view, { ...POD, name: missing }) };
    pods = pods.filter((p) => set.names!.includes(nameOf(p)));
  }
  if (set.selector) pods = pods.filter((p) => selects(set.selector, p.metadata?.labels));
  const what = set.names
    ? t(lang, 'placement.podsNamed', { names: set.names.join(', '), count: set.names.length })
    : t(lang, 'placement.podsSelected', { selector: formatSelector(set.selector) });
  return { pods, what };
}

/** The Nodes of a set (names in the order given), or the first name that is no Node. */
function resolveNodes(set: NodeSet, nodes: KubeObject[]): { nodes: KubeObject[] } | { missing: string } {
  if (set.names) {
    const missing = set.names.find((n) => !nodes.some((node) => nameOf(node) === n));
    if (missing) return { missing };
    return { nodes: set.names.map((n) => nodes.find((node) => nameOf(node) === n)!) };
  }
  return { nodes: nodes.filter((node) => selects(set.selector, node.metadata?.labels)) };
}

/** A node set in words: its names, or "nodes with <selector>". */
const describeNodes = (set: NodeSet, lang: Lang): string =>
  set.names ? set.names.join(', ') : t(lang, 'placement.nodesWith', { selector: formatSelector(set.selector) });

/** The Pod's nodeSelector without the lab's own key (PodNodeSelector adds `cka-lab.dev/lab`). */
function ownSelector(spec: PodSpec): Record<string, string> {
  const own = { ...(spec.nodeSelector ?? {}) };
  delete own[LAB_LABEL];
  return own;
}

/** Whether spec.nodeName was written by whoever made the Pod (managedFields), not by the scheduler's binding. */
function pinnedByName(pod: KubeObject): boolean {
  const entries = (pod.metadata?.managedFields ?? []) as {
    subresource?: string;
    fieldsV1?: { 'f:spec'?: Record<string, unknown> };
  }[];
  return entries.some((e) => !e.subresource && e.fieldsV1?.['f:spec']?.['f:nodeName'] !== undefined);
}

/** Why a misfit keeps the Pod off the node, in words. */
function misfitText(why: Misfit, lang: Lang): string {
  switch (why.reason) {
    case 'unschedulable':
      return t(lang, 'placement.misfit.cordoned');
    case 'nodeSelector':
      return t(lang, 'placement.misfit.selector', {
        selector: formatLabels(ownSelector({ nodeSelector: why.selector })),
      });
    case 'affinity':
      return t(lang, 'placement.misfit.affinity');
    case 'taint':
      return t(lang, 'placement.misfit.taint', { taint: formatTaint(why.taint) });
  }
}

/** Why nothing in the Pod's spec keeps it off a node it must never run on. */
function nothingKeepsOff(pod: KubeObject, node: KubeObject, lang: Lang): string {
  const spec = specOf(pod);
  const selector = ownSelector(spec);
  const hasRequired = Object.keys(selector).length > 0 || requiredTerms(spec) !== undefined;
  let why: string;
  if (pinnedByName(pod) && !hasRequired) why = t(lang, 'placement.why.nodeName');
  else if (!hasRequired && preferredTerms(spec).length > 0) why = t(lang, 'placement.why.onlyPreferred');
  else if (hasRequired) why = t(lang, 'placement.why.matches');
  else why = t(lang, 'placement.why.noRules');
  return t(lang, 'placement.nothingKeepsOff', { pod: nameOf(pod), node: nameOf(node), why });
}

/** Whether a pod anti-affinity term or spread constraint on hostname covers every Pod of the set. */
function coversAll(selector: LabelSelector | undefined, pods: KubeObject[]): boolean {
  return selector !== undefined && pods.every((p) => selects(selector, p.metadata?.labels ?? {}));
}

/** Whether an anti-affinity term counts the Pod's own namespace (the default, or named). */
const ownNamespace = (term: AffinityTerm, pod: KubeObject): boolean =>
  term.namespaceSelector && Object.keys(term.namespaceSelector).length === 0
    ? true
    : !term.namespaceSelector && (!term.namespaces?.length || term.namespaces.includes(pod.metadata?.namespace ?? ''));

/**
 * Why the Pod's spec does not guarantee that no two Pods of the set share a node, or undefined when
 * it does: a required pod anti-affinity term on kubernetes.io/hostname whose labelSelector selects
 * every Pod of the set, or a topology spread constraint on it with maxSkew 1 and DoNotSchedule.
 */
function spreadGap(pod: KubeObject, pods: KubeObject[], lang: Lang): string | undefined {
  const spec = specOf(pod);
  const anti = spec.affinity?.podAntiAffinity as
    | {
        requiredDuringSchedulingIgnoredDuringExecution?: AffinityTerm[];
        preferredDuringSchedulingIgnoredDuringExecution?: unknown[];
      }
    | undefined;
  const required = anti?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  const constraints = spec.topologySpreadConstraints ?? [];
  const antiOk = required.some(
    (term) => term.topologyKey === HOSTNAME && coversAll(term.labelSelector, pods) && ownNamespace(term, pod),
  );
  const spreadOk = constraints.some(
    (c) =>
      c.topologyKey === HOSTNAME &&
      c.maxSkew === 1 &&
      c.whenUnsatisfiable === 'DoNotSchedule' &&
      coversAll(c.labelSelector, pods),
  );
  if (antiOk || spreadOk) return undefined;
  const name = nameOf(pod);
  let why: string;
  const otherKey = [...required, ...constraints].find((x) => x.topologyKey !== HOSTNAME)?.topologyKey;
  const misses = [...required, ...constraints].find(
    (x) => x.topologyKey === HOSTNAME && !coversAll(x.labelSelector, pods),
  );
  if (misses) why = t(lang, 'placement.spread.selector', { selector: formatSelector(misses.labelSelector) });
  else if (otherKey) why = t(lang, 'placement.spread.key', { key: otherKey });
  else if (constraints.length > 0) {
    const c = constraints[0]!;
    why = t(lang, 'placement.spread.soft', { skew: c.maxSkew ?? 0, when: c.whenUnsatisfiable ?? '' });
  } else if (anti?.preferredDuringSchedulingIgnoredDuringExecution?.length) why = t(lang, 'placement.spread.preferred');
  else why = t(lang, 'placement.spread.none');
  return t(lang, 'placement.spread.gap', { pod: name, why });
}

/** `placement`: where the Pods run, and whether their own spec is what put them there. */
async function checkPlacement(check: PlacementCheck, view: NamespaceView): Promise<Outcome> {
  const lang = view.lang;
  const resolved = await resolvePods(check, view);
  if ('error' in resolved) return failed(resolved.error);
  const { what } = resolved;
  const pods = [...resolved.pods].sort((a, b) => nameOf(a).localeCompare(nameOf(b)));
  if (pods.length === 0) return failed(t(lang, 'placement.noPods', { what }));
  if (check.count !== undefined && pods.length !== check.count) {
    const message = t(lang, 'placement.count', { what, count: pods.length, expected: check.count });
    return failed(message, [{ message, path: 'pods', expected: check.count, actual: pods.length }]);
  }
  const allNodes = await view.list(NODE);
  const sets: Partial<Record<'on' | 'allows' | 'never' | 'prefers', KubeObject[]>> = {};
  for (const key of ['on', 'allows', 'never', 'prefers'] as const) {
    const set = check[key];
    if (!set) continue;
    const found = resolveNodes(set, allNodes);
    if ('missing' in found) return failed(t(lang, 'placement.noNode', { node: found.missing }));
    if (found.nodes.length === 0) return failed(t(lang, 'placement.noNodes', { nodes: describeNodes(set, lang) }));
    sets[key] = found.nodes;
  }

  const problems: Problem[] = [];
  const add = (message: string, extra: Omit<Problem, 'message'> = {}) => problems.push({ message, ...extra });
  for (const pod of pods) {
    const name = nameOf(pod);
    const spec = specOf(pod);
    const nodeName = spec.nodeName;
    if (!nodeName) add(t(lang, 'placement.pending', { pod: name, why: notReadyReason(pod, lang) }));
    else if (!isReady(pod))
      add(t(lang, 'placement.notReady', { pod: name, node: nodeName, why: notReadyReason(pod, lang) }));
    if (nodeName && sets.on && !sets.on.some((n) => nameOf(n) === nodeName))
      add(t(lang, 'placement.notOn', { pod: name, node: nodeName, nodes: describeNodes(check.on!, lang) }), {
        path: 'spec.nodeName',
        expected: describeNodes(check.on!, lang),
        actual: nodeName,
      });
    for (const node of sets.never ?? []) {
      const why = misfit(spec, node);
      if (nodeName === nameOf(node)) {
        const stale = why ? t(lang, 'placement.stale', { why: misfitText(why, lang) }) : '';
        add(t(lang, 'placement.runsOnNever', { pod: name, node: nodeName, stale }));
      } else if (!why) add(nothingKeepsOff(pod, node, lang));
    }
    for (const node of sets.allows ?? []) {
      const why = misfit(spec, node);
      if (why) add(t(lang, 'placement.cannot', { pod: name, node: nameOf(node), why: misfitText(why, lang) }));
    }
    if (sets.prefers) preferenceProblem(pod, sets.prefers, allNodes, lang, add);
  }
  if (check.spread) {
    const byNode = new Map<string, string[]>();
    for (const pod of pods) {
      const node = specOf(pod).nodeName;
      if (node) byNode.set(node, [...(byNode.get(node) ?? []), nameOf(pod)]);
    }
    for (const [node, names] of byNode)
      if (names.length > 1) add(t(lang, 'placement.shared', { node, pods: names.join(', ') }));
    const gap = spreadGap(pods[0]!, pods, lang);
    if (gap) add(gap);
  }
  if (problems.length) return failed(problems[0]!.message, problems);
  const nodes = [...new Set(pods.map((p) => specOf(p).nodeName))].join(', ');
  return passed(t(lang, 'placement.passed', { what, count: pods.length, nodes }));
}

/** Adds a problem when the preferred node affinity does not weigh `prefers` above the other nodes it may run on. */
function preferenceProblem(
  pod: KubeObject,
  prefers: KubeObject[],
  nodes: KubeObject[],
  lang: Lang,
  add: (message: string) => void,
): void {
  const spec = specOf(pod);
  const name = nameOf(pod);
  if (preferredTerms(spec).length === 0) {
    add(t(lang, 'placement.prefers.none', { pod: name }));
    return;
  }
  const favoured = new Set(prefers.map(nameOf));
  const others = nodes.filter((n) => !favoured.has(nameOf(n)) && !misfit(spec, n));
  for (const p of prefers) {
    const why = misfit(spec, p);
    if (why) {
      add(t(lang, 'placement.cannot', { pod: name, node: nameOf(p), why: misfitText(why, lang) }));
      return;
    }
    const rival = others.find((o) => preferenceScore(spec, o) >= preferenceScore(spec, p));
    if (rival) {
      add(
        t(lang, 'placement.prefers.weak', {
          pod: name,
          node: nameOf(p),
          score: preferenceScore(spec, p),
          other: nameOf(rival),
          otherScore: preferenceScore(spec, rival),
        }),
      );
      return;
    }
  }
}
