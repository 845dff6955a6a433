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

/** Why nothing in the Pod's spec keeps it off a node it must never run on (the reason depends on the spec only). */
function nothingKeepsOff(pod: KubeObject, lang: Lang): string {
  const spec = specOf(pod);
  const selector = ownSelector(spec);
  const hasRequired = Object.keys(selector).length > 0 || requiredTerms(spec) !== undefined;
  if (pinnedByName(pod) && !hasRequired) return t(lang, 'placement.why.nodeName');
  if (!hasRequired && preferredTerms(spec).length > 0) return t(lang, 'placement.why.onlyPreferred');
  if (hasRequired) return t(lang, 'placement.why.matches');
  return t(lang, 'placement.why.noRules');
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
  return why;
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

  // Findings per Pod, grouped so that the Pods of a workload that share a mistake are named in one sentence.
  const groups = new Map<string, { pods: string[]; render: Render; extra: Omit<Problem, 'message'> }>();
  const add = (pod: string, group: string, render: Render, extra: Omit<Problem, 'message'> = {}) => {
    const found = groups.get(group);
    if (found) found.pods.push(pod);
    else groups.set(group, { pods: [pod], render, extra });
  };
  const problems: Problem[] = [];
  for (const pod of pods) {
    const name = nameOf(pod);
    const spec = specOf(pod);
    const nodeName = spec.nodeName;
    if (!nodeName) {
      const why = notReadyReason(pod, lang);
      add(name, `pending ${why}`, (p, podCount) => t(lang, 'placement.pending', { pod: p, podCount, why }));
    } else if (!isReady(pod)) {
      const why = notReadyReason(pod, lang);
      add(name, `notReady ${nodeName} ${why}`, (p, podCount) =>
        t(lang, 'placement.notReady', { pod: p, podCount, node: nodeName, why }),
      );
    }
    if (nodeName && sets.on && !sets.on.some((n) => nameOf(n) === nodeName)) {
      const nodes = describeNodes(check.on!, lang);
      add(
        name,
        `notOn ${nodeName}`,
        (p, podCount) => t(lang, 'placement.notOn', { pod: p, podCount, node: nodeName, nodes }),
        {
          path: 'spec.nodeName',
          expected: nodes,
          actual: nodeName,
        },
      );
    }
    const open: string[] = [];
    for (const node of sets.never ?? []) {
      const why = misfit(spec, node);
      if (nodeName === nameOf(node)) {
        const stale = why ? t(lang, 'placement.stale', { why: misfitText(why, lang) }) : '';
        add(name, `runsOnNever ${nodeName} ${stale}`, (p, podCount) =>
          t(lang, 'placement.runsOnNever', { pod: p, podCount, node: nodeName, stale }),
        );
      } else if (!why) open.push(nameOf(node));
    }
    if (open.length) {
      const why = nothingKeepsOff(pod, lang);
      const node = open.join(', ');
      add(name, `keeps ${node} ${why}`, (p, podCount) =>
        t(lang, 'placement.nothingKeepsOff', { pod: p, podCount, node, nodeCount: open.length, why }),
      );
    }
    const closed = new Map<string, string[]>();
    for (const node of sets.allows ?? []) {
      const why = misfit(spec, node);
      if (why) closed.set(misfitText(why, lang), [...(closed.get(misfitText(why, lang)) ?? []), nameOf(node)]);
    }
    for (const [why, names] of closed) {
      const node = names.join(', ');
      add(name, `cannot ${node} ${why}`, (p, podCount) =>
        t(lang, 'placement.cannot', { pod: p, podCount, node, nodeCount: names.length, why }),
      );
    }
    if (sets.prefers) {
      const found = preferenceProblem(spec, sets.prefers, allNodes, lang);
      if (found) add(name, `prefers ${found.group}`, found.render);
    }
    if (check.spread) {
      const why = spreadGap(pod, pods, lang);
      if (why) add(name, `spread ${why}`, (p, podCount) => t(lang, 'placement.spread.gap', { pod: p, podCount, why }));
    }
  }
  if (check.spread) {
    const byNode = new Map<string, string[]>();
    for (const pod of pods) {
      const node = specOf(pod).nodeName;
      if (node) byNode.set(node, [...(byNode.get(node) ?? []), nameOf(pod)]);
    }
    for (const [node, names] of byNode)
      if (names.length > 1)
        for (const name of names) add(name, `shared ${node}`, (p) => t(lang, 'placement.shared', { node, pods: p }));
  }
  // Where the Pods are (Pending, not Ready, on a wrong node) first, then what their spec allows.
  const rank = (group: string) => RANKS.indexOf(group.slice(0, group.indexOf(' ')));
  for (const [, { pods: names, render, extra }] of [...groups].sort(([a], [b]) => rank(a) - rank(b)))
    problems.push({ message: render(names.join(', '), names.length), ...extra });
  if (problems.length) return failed(problems[0]!.message, problems);
  const nodes = [...new Set(pods.map((p) => specOf(p).nodeName))].join(', ');
  return passed(t(lang, 'placement.passed', { what, count: pods.length, nodes }));
}

/** The kinds of finding, in the order a failure lists them (the first is the summary). */
const RANKS = ['pending', 'notReady', 'notOn', 'runsOnNever', 'shared', 'keeps', 'cannot', 'prefers', 'spread'];

/** A message about one or more Pods, from their names joined and their number. */
type Render = (pods: string, podCount: number) => string;

/**
 * What is wrong with the spec's preferred node affinity against `prefers`: none at all, a preferred node
 * the spec excludes, or another node it may run on weighing as much; undefined when it favours them.
 */
function preferenceProblem(
  spec: PodSpec,
  prefers: KubeObject[],
  nodes: KubeObject[],
  lang: Lang,
): { group: string; render: Render } | undefined {
  if (preferredTerms(spec).length === 0)
    return { group: 'none', render: (pod, podCount) => t(lang, 'placement.prefers.none', { pod, podCount }) };
  const favoured = new Set(prefers.map(nameOf));
  const others = nodes.filter((n) => !favoured.has(nameOf(n)) && !misfit(spec, n));
  for (const p of prefers) {
    const node = nameOf(p);
    const why = misfit(spec, p);
    if (why) {
      const text = misfitText(why, lang);
      const render: Render = (pod, podCount) =>
        t(lang, 'placement.cannot', { pod, podCount, node, nodeCount: 1, why: text });
      return { group: `cannot ${node} ${text}`, render };
    }
    const score = preferenceScore(spec, p);
    const rival = others.find((o) => preferenceScore(spec, o) >= score);
    if (rival) {
      const [other, otherScore] = [nameOf(rival), preferenceScore(spec, rival)];
      const render: Render = (pod, podCount) =>
        t(lang, 'placement.prefers.weak', { pod, podCount, node, score, other, otherScore });
      return { group: `weak ${node} ${score} ${other} ${otherScore}`, render };
    }
  }
  return undefined;
}
