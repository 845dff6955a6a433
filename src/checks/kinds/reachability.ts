/**
 * The `reachability` check kind: NetworkPolicies judged by what they let through, not by their
 * shape. Each pair names a source and a destination (a Pod by name, the Pods of a label selector,
 * a stand-in Pod described by its labels, or an address outside the cluster), a port and a
 * protocol; {@link evaluate} decides from the cluster's NetworkPolicies whether the connection is
 * allowed. `allowed` pairs must be allowed, `denied` pairs denied: "allow everything" fails the
 * denied ones, and a policy written differently with the same effect passes.
 */
import { isIP } from 'node:net';
import * as v from 'valibot';
import { defineCheckKind, type CheckData, type CheckProblem } from './define.js';
import { LabelMap, Selector } from './fields.js';
import type { KubeObject, TypeRef } from '../../kube/types.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { t, type Lang } from '../../i18n/t.js';
import { formatLabels, formatSelector, selects, toLabelSelector } from '../selector.js';
import {
  evaluate,
  podEnd,
  type End,
  type NetworkPolicyPort,
  type PeerMiss,
  type PodEnd,
  type Protocol,
  type RuleMiss,
  type SideVerdict,
  type Verdict,
} from '../netpol-eval.js';

const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
const NAMESPACE = { apiVersion: 'v1', kind: 'Namespace' } as const;
const NETPOL = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy' } as const;
const NAME_LABEL = 'kubernetes.io/metadata.name';

/** One end of a pair, as a lab file writes it: exactly one of `pod`, `selector`, `labels`, `address`. */
const EndSchema = v.strictObject({
  /** An existing Pod, by name. */
  pod: v.optional(v.string()),
  /** Every existing Pod matching this label selector (at least one must exist). */
  selector: v.optional(Selector),
  /** A stand-in Pod with exactly these labels: it need not exist (a Pod to come, or of another namespace). */
  labels: v.optional(LabelMap),
  /** The namespace of `pod`, `selector` or `labels` (default: the lab namespace). */
  namespace: v.optional(v.string()),
  /** With `labels`, the labels of a namespace that does not exist (`kubernetes.io/metadata.name` is added). */
  namespaceLabels: v.optional(LabelMap),
  /** An IP address outside the cluster. */
  address: v.optional(v.string()),
});
type EndSpec = v.InferOutput<typeof EndSchema>;

const Pair = v.strictObject({
  from: EndSchema,
  to: EndSchema,
  /** A port number, or a port name declared by the destination Pod's containers. */
  port: v.union([
    v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(65535)),
    v.pipe(v.string(), v.minLength(1)),
  ]),
  protocol: v.optional(v.picklist(['TCP', 'UDP', 'SCTP']), 'TCP'),
});
type PairSpec = v.InferOutput<typeof Pair>;

const fields = {
  /** Connections the NetworkPolicies must allow. */
  allowed: v.optional(v.array(Pair), []),
  /** Connections the NetworkPolicies must deny. */
  denied: v.optional(v.array(Pair), []),
};
type ReachabilityCheck = CheckData<'reachability', typeof fields>;

/** The `reachability` check kind; its `description` says what it checks. */
export const reachabilityKind = defineCheckKind({
  type: 'reachability',
  description:
    'Each connection of `allowed` is allowed and each of `denied` is denied by the NetworkPolicies of the ' +
    'cluster, evaluated with Kubernetes NetworkPolicy semantics (the docs page "Network Policies"): the ' +
    "source's egress and the destination's ingress must both allow it; podSelector and namespaceSelector in " +
    'one peer AND, separate peers OR; named ports resolved on the destination Pod; endPort; ipBlock with except ' +
    '(an ipBlock that covers a Pod IP counts as neither allowing nor denying it: network plugins differ). An end ' +
    'is `pod` (a name), `selector` (every Pod it selects, at least one), `labels` (a stand-in Pod, with ' +
    '`namespaceLabels` for a namespace that does not exist) or `address` (outside the cluster), with `namespace` ' +
    '(default: the lab namespace). Judged by meaning, so any equivalent set of policies passes.',
  fields,
  reads: () => [NETPOL, POD, NAMESPACE],
  problem: endsProblem,
  run: checkReachability,
});

/** Lab-file problems the schema cannot express: one kind of end each, a readable address, a pair at all. */
function endsProblem(check: ReachabilityCheck): CheckProblem | undefined {
  if (check.allowed.length + check.denied.length === 0)
    return { path: ['allowed'], problem: 'name at least one connection in allowed or denied' };
  for (const list of ['allowed', 'denied'] as const) {
    for (const [i, pair] of check[list].entries()) {
      for (const side of ['from', 'to'] as const) {
        const end = pair[side];
        const path = [list, i, side];
        const kinds = (['pod', 'selector', 'labels', 'address'] as const).filter((k) => end[k] !== undefined);
        if (kinds.length !== 1) return { path, problem: 'give exactly one of pod, selector, labels or address' };
        if (end.address !== undefined && !isIP(end.address))
          return { path: [...path, 'address'], problem: `"${end.address}" is not an IP address` };
        if (end.address !== undefined && end.namespace !== undefined)
          return { path: [...path, 'namespace'], problem: 'an address has no namespace' };
        if (end.namespaceLabels !== undefined && end.labels === undefined)
          return { path: [...path, 'namespaceLabels'], problem: 'namespaceLabels go with labels (a stand-in Pod)' };
      }
      if (typeof pair.port === 'string' && pair.to.pod === undefined && pair.to.selector === undefined)
        return {
          path: [list, i, 'port'],
          problem: 'a named port needs an existing Pod as destination (pod or selector)',
        };
    }
  }
  return undefined;
}

/** Lists of other namespaces read by one view (one request per kind and namespace per check run). */
const otherLists = new WeakMap<NamespaceView, Map<string, Promise<KubeObject[]>>>();

/** The objects of one type in namespace `ns`: through the view for its own namespace, else through its client. */
function listIn(view: NamespaceView, ref: TypeRef, ns: string): Promise<KubeObject[]> {
  const inNs = (all: KubeObject[]) => all.filter((o) => (o.metadata?.namespace ?? ns) === ns);
  if (ns === view.namespace || !view.client) return view.list(ref).then(inNs);
  let cache = otherLists.get(view);
  if (!cache) otherLists.set(view, (cache = new Map()));
  const key = `${ref.apiVersion}/${ref.kind}/${ns}`;
  let list = cache.get(key);
  if (!list) cache.set(key, (list = view.client.list(ref, ns).then(inNs)));
  return list;
}

/**
 * The cluster's Namespaces; none when the learner may not list them (a namespace-bound account on a
 * cluster of their own): then namespaces are known by their name label only.
 */
const namespacesOf = (view: NamespaceView): Promise<KubeObject[]> => view.list(NAMESPACE).catch(() => []);

/** The labels of namespace `ns`: its Namespace's, else (one that does not exist) `extra` and its name label. */
async function namespaceLabels(view: NamespaceView, ns: string, extra?: Record<string, string>) {
  const found = (await namespacesOf(view)).find((n) => n.metadata?.name === ns);
  return found?.metadata?.labels ?? { ...extra, [NAME_LABEL]: ns };
}

/** Stand-in Pods (named by a description rather than a Pod name). */
const standIns = new WeakSet<PodEnd>();

/** What an end stands for: the Pods or address it names, or why it names nothing. */
type Resolved = { ends: End[] } | { missing: string };

/** Resolves one end of a pair against the cluster. */
async function resolveEnd(view: NamespaceView, end: EndSpec): Promise<Resolved> {
  if (end.address !== undefined) return { ends: [{ address: end.address }] };
  const ns = end.namespace ?? view.namespace;
  const nsLabels = await namespaceLabels(view, ns, end.namespaceLabels);
  if (end.labels !== undefined) {
    const where = ns === view.namespace ? '' : ns;
    const pod: PodEnd = {
      name: standIn(view.lang, end.labels, where),
      namespace: ns,
      labels: end.labels,
      namespaceLabels: nsLabels,
      ips: [],
      ports: [],
    };
    standIns.add(pod);
    return { ends: [{ pod }] };
  }
  const pods = (await listIn(view, POD, ns)).filter((p) => !p.metadata?.deletionTimestamp);
  if (end.pod !== undefined) {
    const pod = pods.find((p) => p.metadata?.name === end.pod);
    return pod
      ? { ends: [{ pod: podEnd(pod, nsLabels) }] }
      : { missing: t(view.lang, 'reach.noPod', { pod: end.pod, ns }) };
  }
  const selector = toLabelSelector(end.selector!);
  const chosen = pods.filter((p) => selects(selector, p.metadata?.labels));
  return chosen.length
    ? { ends: chosen.map((p) => ({ pod: podEnd(p, nsLabels) })) }
    : { missing: t(view.lang, 'reach.noMatch', { selector: formatSelector(selector), ns }) };
}

/** "a Pod labelled app=x (in namespace y)" */
const standIn = (lang: Lang, labels: Record<string, string>, ns: string): string =>
  ns
    ? t(lang, 'reach.standInNs', { labels: formatLabels(labels), ns })
    : t(lang, 'reach.standIn', { labels: formatLabels(labels) });

/** How an end is named in messages: `Pod web`, `Pod web (namespace x)`, a stand-in's description, an address. */
function endName(lang: Lang, end: End, labNs: string): string {
  if ('address' in end) return t(lang, 'reach.address', { address: end.address });
  if (standIns.has(end.pod)) return end.pod.name;
  return end.pod.namespace === labNs
    ? t(lang, 'reach.pod', { pod: end.pod.name })
    : t(lang, 'reach.podNs', { pod: end.pod.name, ns: end.pod.namespace });
}

/** `TCP 80, UDP 53, TCP 8000-8080, TCP http`; every port of a protocol when a port is left out. */
const formatPorts = (ports: NetworkPolicyPort[]): string =>
  ports
    .map((p) => {
      const proto = p.protocol ?? 'TCP';
      if (p.port === undefined) return `${proto} *`;
      return p.endPort !== undefined ? `${proto} ${p.port}-${p.endPort}` : `${proto} ${p.port}`;
    })
    .join(', ');

/** Why a peer missed, as a clause. */
function peerClause(lang: Lang, miss: PeerMiss): string {
  switch (miss.why) {
    case 'podSelector':
      return t(lang, 'reach.missPodSelector', {
        selector: formatSelector(miss.selector),
        labels: formatLabels(miss.labels),
      });
    case 'namespaceSelector':
      return t(lang, 'reach.missNamespaceSelector', {
        selector: formatSelector(miss.selector),
        ns: miss.namespace,
        labels: formatLabels(miss.labels),
      });
    case 'otherNamespace':
      return t(lang, 'reach.missOtherNamespace', { policyNs: miss.policyNamespace, ns: miss.namespace });
    case 'notPod':
      return t(lang, 'reach.missNotPod', { address: miss.address });
    case 'ipBlock':
      return miss.except
        ? t(lang, 'reach.missExcept', { cidr: miss.cidr, except: miss.except, address: miss.address })
        : t(lang, 'reach.missCidr', { cidr: miss.cidr, address: miss.address });
    case 'ipBlockPod':
      return t(lang, 'reach.missIpBlockPod', { cidr: miss.cidr });
  }
}

/** What the closest rule misses: its peer, its ports, or both. */
function missClause(lang: Lang, miss: RuleMiss, to: string): string {
  const parts: string[] = [];
  if (miss.peer) parts.push(peerClause(lang, miss.peer));
  if (miss.port) {
    const ports = formatPorts(miss.port.ports);
    parts.push(
      miss.port.unresolved.length
        ? t(lang, 'reach.missNamedPort', { ports, names: miss.port.unresolved.join(', '), to })
        : t(lang, 'reach.missPort', { ports }),
    );
  }
  return parts.join(t(lang, 'reach.and'));
}

/** `backend-egress egress[2]` */
const ruleName = (rule: { name: string; direction: string; index: number }): string =>
  `${rule.name} ${rule.direction.toLowerCase()}[${rule.index}]`;

/** Why one side denies: isolated by which policies, and the closest rule and what it misses. */
function whyDenied(lang: Lang, s: SideVerdict, self: string, to: string): string {
  const policies = s.isolatedBy.map((p) => p.split('/')[1]).join(', ');
  const args = { direction: s.direction.toLowerCase(), self, policies, count: s.isolatedBy.length };
  if (!s.closest) return t(lang, 'reach.isolatedNoRules', args);
  return t(lang, 'reach.isolatedClosest', {
    ...args,
    rule: ruleName(s.closest.rule),
    miss: missClause(lang, s.closest, to),
  });
}

/** Why one side allows: nothing isolates it, or the rule that allows it. */
function whyAllowed(lang: Lang, s: SideVerdict, self: string): string {
  const direction = s.direction.toLowerCase();
  if (s.open === 'address') return t(lang, 'reach.openAddress', { direction, self });
  if (s.open === 'none') return t(lang, 'reach.openNone', { direction, self });
  return t(lang, 'reach.allowedBy', { direction, self, rule: ruleName(s.allowedBy!) });
}

/** The message for a pair judged against what the task asks (`want`), or undefined when it holds. */
function judge(lang: Lang, want: 'allowed' | 'denied', verdict: Verdict, from: string, to: string, conn: string) {
  const sides = [
    { s: verdict.egress, self: from },
    { s: verdict.ingress, self: to },
  ];
  const head = { from, to, conn };
  if (verdict.result === 'depends') {
    const d = sides.find((x) => x.s.result === 'depends')!.s.dependsOn!;
    const args = { ...head, cidr: d.cidr, ip: d.ip, rule: ruleName(d.rule) };
    return want === 'allowed' ? t(lang, 'reach.dependsAllowed', args) : t(lang, 'reach.dependsDenied', args);
  }
  if (verdict.result === want) return undefined;
  if (want === 'allowed') {
    const why = sides
      .filter((x) => x.s.result === 'denied')
      .map((x) => whyDenied(lang, x.s, x.self, to))
      .join('; ');
    return t(lang, 'reach.denied', { ...head, why });
  }
  const why = sides.map((x) => whyAllowed(lang, x.s, x.self)).join(t(lang, 'reach.and'));
  return t(lang, 'reach.allowed', { ...head, why });
}

/** The policies of every namespace an end lives in (a namespace that does not exist has none). */
async function policiesFor(view: NamespaceView, ends: End[]): Promise<KubeObject[]> {
  const existing = new Set([view.namespace, ...(await namespacesOf(view)).map((n) => n.metadata?.name)]);
  const namespaces = new Set(
    ends.flatMap((e) => ('pod' in e && existing.has(e.pod.namespace) ? [e.pod.namespace] : [])),
  );
  const lists = await Promise.all([...namespaces].map((ns) => listIn(view, NETPOL, ns)));
  return lists.flat();
}

/** `reachability`: every allowed pair allowed, every denied pair denied. */
async function checkReachability(check: ReachabilityCheck, view: NamespaceView): Promise<Outcome> {
  const lang = view.lang;
  const pairs: { want: 'allowed' | 'denied'; pair: PairSpec }[] = [
    ...check.allowed.map((pair) => ({ want: 'allowed' as const, pair })),
    ...check.denied.map((pair) => ({ want: 'denied' as const, pair })),
  ];
  const problems: Problem[] = [];
  let judged = 0;
  for (const { want, pair } of pairs) {
    const [from, to] = await Promise.all([resolveEnd(view, pair.from), resolveEnd(view, pair.to)]);
    const missing = 'missing' in from ? from.missing : 'missing' in to ? to.missing : undefined;
    if (missing !== undefined || !('ends' in from) || !('ends' in to)) {
      problems.push({ message: missing ?? '' });
      continue;
    }
    const policies = await policiesFor(view, [...from.ends, ...to.ends]);
    const protocol = pair.protocol as Protocol;
    for (const a of from.ends) {
      for (const b of to.ends) {
        const fromName = endName(lang, a, view.namespace);
        const toName = endName(lang, b, view.namespace);
        let port: number;
        if (typeof pair.port === 'number') port = pair.port;
        else {
          const declared =
            'pod' in b
              ? b.pod.ports.find((p) => p.name === pair.port && (p.protocol ?? 'TCP') === protocol)
              : undefined;
          if (!declared) {
            problems.push({
              message: t(lang, 'reach.noNamedPort', { to: toName, name: pair.port, protocol }),
              path: 'port',
              expected: pair.port,
            });
            continue;
          }
          port = declared.containerPort;
        }
        const conn = typeof pair.port === 'string' ? `${protocol} ${pair.port} (${port})` : `${protocol} ${port}`;
        judged++;
        const verdict = evaluate({ from: a, to: b, port, protocol }, policies);
        const message = judge(lang, want, verdict, fromName, toName, conn);
        if (message) problems.push({ message, expected: want, actual: verdict.result });
      }
    }
  }
  if (problems.length) return failed(problems[0]!.message, problems);
  return passed(t(lang, 'reach.passed', { allowed: check.allowed.length, denied: check.denied.length, count: judged }));
}
