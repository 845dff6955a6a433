/**
 * Kubernetes NetworkPolicy semantics as a pure function: whether a connection from one Pod
 * (or an address outside the cluster) to another on a port is allowed by the NetworkPolicies
 * of the cluster, and, when it is not, why. Source of the rules: the Kubernetes docs page
 * "Network Policies" and the API reference of NetworkPolicy (networking.k8s.io/v1):
 *
 * - A policy applies to the Pods its `podSelector` selects in its own namespace (`{}`: all).
 * - `policyTypes` says which directions it isolates; when absent, the API server defaults it to
 *   `[Ingress]`, plus `Egress` when the policy has egress rules.
 * - A Pod is isolated for a direction only when some policy selects it for that direction;
 *   then only what some rule of those policies allows passes (the union of the rules).
 * - A rule matches when one of its peers matches (an empty or missing `from`/`to`: every
 *   source or destination) and one of its ports matches (missing or empty `ports`: every port).
 * - A peer with `podSelector` and `namespaceSelector` selects Pods matching both (AND); a peer
 *   with only `podSelector` selects Pods of the policy's namespace; only `namespaceSelector`: all
 *   Pods of the namespaces it selects. `ipBlock` selects addresses in `cidr` and not in `except`.
 * - A port is a number (with `endPort` a range) or a name, looked up among the destination Pod's
 *   container ports with that protocol; the protocol defaults to TCP.
 * - A connection is allowed only when the egress of the source allows it AND the ingress of the
 *   destination allows it.
 *
 * ipBlock and Pods: the docs say ipBlock is meant for cluster-external addresses, and whether a
 * network plugin applies it to Pod IPs is not defined (some do, some do not). So a Pod reached
 * or reaching only through an ipBlock that covers its IP gets the verdict `depends`, never
 * `allowed` or `denied`.
 */
import { BlockList, isIP } from 'node:net';
import type { KubeObject } from '../kube/types.js';
import { selects, type LabelSelector } from './selector.js';

/** Transport protocols a NetworkPolicy port names. */
export type Protocol = 'TCP' | 'UDP' | 'SCTP';

/** A port a container declares (core/v1 ContainerPort; protocol defaults to TCP). */
export interface DeclaredPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

/** A Pod as the evaluator sees it: where it is, its labels, its namespace's labels, its IPs and ports. */
export interface PodEnd {
  /** Pod name, or a description of a stand-in Pod, for messages. */
  name: string;
  namespace: string;
  labels: Record<string, string>;
  /** metadata.labels of the Pod's namespace (kubernetes.io/metadata.name included). */
  namespaceLabels: Record<string, string>;
  /** status.podIPs; empty when unknown (a stand-in, or a Pod not yet running). */
  ips: string[];
  /** The ports its containers declare (named ports are resolved against these). */
  ports: DeclaredPort[];
}

/** One end of a connection: a Pod, or an address outside the cluster. */
export type End = { pod: PodEnd } | { address: string };

/** A connection to judge: `port` is a number (a named port is resolved before, on the destination). */
export interface Connection {
  from: End;
  to: End;
  port: number;
  /** Default TCP. */
  protocol?: Protocol;
}

/** A NetworkPolicy peer (networking.k8s.io/v1 NetworkPolicyPeer). */
export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}
/** A NetworkPolicy port (networking.k8s.io/v1 NetworkPolicyPort). */
export interface NetworkPolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}
/** An ingress or egress rule: its peers (`from` or `to`) and ports. */
export interface NetworkPolicyRule {
  from?: NetworkPolicyPeer[];
  to?: NetworkPolicyPeer[];
  ports?: NetworkPolicyPort[];
}

/** Ingress (traffic into the selected Pods) or Egress (traffic out of them). */
export type Direction = 'Ingress' | 'Egress';

/** A rule of a policy: `policy` is `namespace/name`, `index` its position in `spec.ingress` or `spec.egress`. */
export interface RuleRef {
  policy: string;
  namespace: string;
  name: string;
  direction: Direction;
  index: number;
}

/** Why a peer does not match the other end of the connection. */
export type PeerMiss =
  /** podSelector does not select the Pod's labels. */
  | { why: 'podSelector'; selector: LabelSelector; labels: Record<string, string> }
  /** namespaceSelector does not select the Pod's namespace. */
  | { why: 'namespaceSelector'; selector: LabelSelector; namespace: string; labels: Record<string, string> }
  /** A peer with podSelector alone selects Pods of the policy's namespace only. */
  | { why: 'otherNamespace'; policyNamespace: string; namespace: string }
  /** A Pod or address is not matched by a selector peer: selectors match Pods, not addresses. */
  | { why: 'notPod'; address: string }
  /** The address is not in the ipBlock's cidr, or in one of its excepts. */
  | { why: 'ipBlock'; cidr: string; address: string; except?: string }
  /** The Pod has no IP in the ipBlock (or its IP is unknown). */
  | { why: 'ipBlockPod'; cidr: string };

/** Why a rule's ports do not match the connection's port. */
export interface PortMiss {
  /** The rule's ports, as written. */
  ports: NetworkPolicyPort[];
  /** Named ports of the rule that the destination Pod does not declare with that protocol. */
  unresolved: string[];
}

/** How near a rule came to allowing the connection. */
export interface RuleMiss {
  rule: RuleRef;
  /** Set when no peer matches: the miss of the peer that came closest (the first one). */
  peer?: PeerMiss;
  /** Set when no port matches. */
  port?: PortMiss;
}

/** The decision of one side (the source's egress or the destination's ingress). */
export interface SideVerdict {
  direction: Direction;
  result: 'allowed' | 'denied' | 'depends';
  /**
   * Why nothing is isolated: `none` no policy selects the Pod for this direction, `address`
   * the end is an address outside the cluster (its side is not governed by NetworkPolicy).
   */
  open?: 'none' | 'address';
  /** The policies (`namespace/name`) that select the Pod for this direction. */
  isolatedBy: string[];
  /** The rule that allows the connection (the first one). */
  allowedBy?: RuleRef;
  /** When only an ipBlock covering a Pod's IP allows it: that rule and cidr. */
  dependsOn?: { rule: RuleRef; cidr: string; ip: string };
  /** When denied: the rule that came closest (fewest of peer and port missing), if there is any rule. */
  closest?: RuleMiss;
}

/** The decision on a connection: both sides, and the result (the worse of the two). */
export interface Verdict {
  result: 'allowed' | 'denied' | 'depends';
  egress: SideVerdict;
  ingress: SideVerdict;
}

const asSelector = (s: unknown): LabelSelector => (s ?? {}) as LabelSelector;

/** The policy types of a policy: as written, else as the API server defaults them. */
export function policyTypes(policy: KubeObject): Direction[] {
  const written = policy.spec?.policyTypes as Direction[] | undefined;
  if (written && written.length) return written;
  const egress = policy.spec?.egress as unknown[] | undefined;
  return egress && egress.length ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** Whether the policy selects the Pod for `direction`. */
export function isolates(policy: KubeObject, pod: PodEnd, direction: Direction): boolean {
  return (
    policy.metadata?.namespace === pod.namespace &&
    policyTypes(policy).includes(direction) &&
    selects(asSelector(policy.spec?.podSelector), pod.labels)
  );
}

/** A BlockList of one CIDR (IPv4 or IPv6), or undefined when it cannot be read. */
function cidrList(cidr: string): BlockList | undefined {
  const [net, bits] = cidr.split('/');
  const family = isIP(net ?? '');
  const prefix = Number(bits);
  if (!family || bits === undefined || !Number.isInteger(prefix)) return undefined;
  const list = new BlockList();
  try {
    list.addSubnet(net!, prefix, family === 4 ? 'ipv4' : 'ipv6');
  } catch {
    return undefined;
  }
  return list;
}

/** Whether `address` lies in `cidr` (false for an unreadable CIDR or address, or another IP family). */
export function inCidr(address: string, cidr: string): boolean {
  const family = isIP(address);
  if (!family) return false;
  return cidrList(cidr)?.check(address, family === 4 ? 'ipv4' : 'ipv6') ?? false;
}

/** An ipBlock against one address: undefined when it matches, else why not. */
function ipBlockMiss(block: { cidr: string; except?: string[] }, address: string): PeerMiss | undefined {
  if (!inCidr(address, block.cidr)) return { why: 'ipBlock', cidr: block.cidr, address };
  const except = (block.except ?? []).find((e) => inCidr(address, e));
  return except ? { why: 'ipBlock', cidr: block.cidr, address, except } : undefined;
}

/**
 * Whether a peer of a policy in `policyNamespace` matches the other end: `match` (true), a miss,
 * or `{ depends }` when an ipBlock covers the Pod's IP.
 */
function peerMatch(
  peer: NetworkPolicyPeer,
  policyNamespace: string,
  other: End,
): { match: true } | { miss: PeerMiss } | { depends: { cidr: string; ip: string } } {
  if (peer.ipBlock) {
    if ('address' in other) {
      const miss = ipBlockMiss(peer.ipBlock, other.address);
      return miss ? { miss } : { match: true };
    }
    const ip = other.pod.ips.find((a) => !ipBlockMiss(peer.ipBlock!, a));
    return ip ? { depends: { cidr: peer.ipBlock.cidr, ip } } : { miss: { why: 'ipBlockPod', cidr: peer.ipBlock.cidr } };
  }
  if ('address' in other) return { miss: { why: 'notPod', address: other.address } };
  const pod = other.pod;
  if (peer.namespaceSelector) {
    if (!selects(asSelector(peer.namespaceSelector), pod.namespaceLabels))
      return {
        miss: {
          why: 'namespaceSelector',
          selector: asSelector(peer.namespaceSelector),
          namespace: pod.namespace,
          labels: pod.namespaceLabels,
        },
      };
  } else if (pod.namespace !== policyNamespace) {
    return { miss: { why: 'otherNamespace', policyNamespace, namespace: pod.namespace } };
  }
  if (peer.podSelector && !selects(asSelector(peer.podSelector), pod.labels))
    return { miss: { why: 'podSelector', selector: asSelector(peer.podSelector), labels: pod.labels } };
  return { match: true };
}

/** The number of a named port on the destination Pod with that protocol, or undefined. */
function resolveNamed(name: string, protocol: string, to: End): number | undefined {
  if (!('pod' in to)) return undefined;
  return to.pod.ports.find((p) => p.name === name && (p.protocol ?? 'TCP') === protocol)?.containerPort;
}

/** Whether the rule's ports admit the connection; undefined when they do, else why not. */
function portMiss(ports: NetworkPolicyPort[] | undefined, conn: Connection): PortMiss | undefined {
  if (!ports || ports.length === 0) return undefined;
  const protocol = conn.protocol ?? 'TCP';
  const unresolved: string[] = [];
  for (const p of ports) {
    if ((p.protocol ?? 'TCP') !== protocol) continue;
    if (p.port === undefined) return undefined;
    if (typeof p.port === 'string') {
      const n = resolveNamed(p.port, protocol, conn.to);
      if (n === undefined) unresolved.push(p.port);
      else if (n === conn.port) return undefined;
      continue;
    }
    const end = p.endPort ?? p.port;
    if (conn.port >= p.port && conn.port <= end) return undefined;
  }
  return { ports, unresolved };
}

/** Policies (namespace/name) as one string. */
const ref = (p: KubeObject): string => `${p.metadata?.namespace}/${p.metadata?.name}`;

/** One side of the connection: the egress of `conn.from` or the ingress of `conn.to`. */
function side(direction: Direction, conn: Connection, policies: KubeObject[]): SideVerdict {
  const self = direction === 'Egress' ? conn.from : conn.to;
  const other = direction === 'Egress' ? conn.to : conn.from;
  if (!('pod' in self)) return { direction, result: 'allowed', open: 'address', isolatedBy: [] };
  const isolating = policies.filter((p) => isolates(p, self.pod, direction));
  if (isolating.length === 0) return { direction, result: 'allowed', open: 'none', isolatedBy: [] };
  const verdict: SideVerdict = { direction, result: 'denied', isolatedBy: isolating.map(ref) };
  let best: { score: number; miss: RuleMiss } | undefined;
  for (const policy of isolating) {
    const rules = ((direction === 'Ingress' ? policy.spec?.ingress : policy.spec?.egress) ?? []) as NetworkPolicyRule[];
    rules.forEach((rule, index) => {
      const rref: RuleRef = {
        policy: ref(policy),
        namespace: policy.metadata?.namespace ?? '',
        name: policy.metadata?.name ?? '',
        direction,
        index,
      };
      const peers = (direction === 'Ingress' ? rule.from : rule.to) ?? [];
      const port = portMiss(rule.ports, conn);
      let peer: PeerMiss | undefined;
      let depends: { cidr: string; ip: string } | undefined;
      if (peers.length) {
        const results = peers.map((p) => peerMatch(p, rref.namespace, other));
        if (!results.some((r) => 'match' in r)) {
          const d = results.find((r) => 'depends' in r);
          if (d && 'depends' in d) depends = d.depends;
          else {
            // The closest peer: one whose namespace fits and only its podSelector misses, else the first.
            const misses = results.flatMap((r) => ('miss' in r ? [r.miss] : []));
            peer = misses.find((m) => m.why === 'podSelector') ?? misses[0];
          }
        }
      }
      if (!peer && !port) {
        if (!depends) {
          if (verdict.result !== 'allowed') {
            verdict.result = 'allowed';
            verdict.allowedBy = rref;
          }
        } else if (verdict.result === 'denied') {
          verdict.result = 'depends';
          verdict.dependsOn = { rule: rref, ...depends };
        }
        return;
      }
      const score = (peer || depends ? 1 : 0) + (port ? 1 : 0);
      if (!best || score < best.score)
        best = { score, miss: { rule: rref, ...(peer ? { peer } : {}), ...(port ? { port } : {}) } };
    });
  }
  if (verdict.result === 'denied' && best) verdict.closest = best.miss;
  if (verdict.result !== 'depends') delete verdict.dependsOn;
  return verdict;
}

/**
 * Judges one connection against the NetworkPolicies of the cluster (those of every namespace
 * involved; policies of other namespaces are ignored): allowed only when the source's egress
 * and the destination's ingress both allow it. An address has no side of its own.
 * @param conn the connection; `port` already a number (resolve a named port on the destination first)
 * @param policies NetworkPolicy objects as the API server returns them
 * @returns both sides' verdicts and the overall result: `denied` when either side denies, else
 *   `depends` when either side allows it only through an ipBlock covering a Pod's IP, else `allowed`
 */
export function evaluate(conn: Connection, policies: KubeObject[]): Verdict {
  const egress = side('Egress', conn, policies);
  const ingress = side('Ingress', conn, policies);
  const results = [egress.result, ingress.result];
  const result = results.includes('denied') ? 'denied' : results.includes('depends') ? 'depends' : 'allowed';
  return { result, egress, ingress };
}

/**
 * A Pod object as a {@link PodEnd}: its labels, IPs (status.podIPs, else status.podIP) and the
 * ports of its containers and sidecar init containers.
 * @param namespaceLabels the labels of the Pod's Namespace
 */
export function podEnd(pod: KubeObject, namespaceLabels: Record<string, string>): PodEnd {
  const spec = pod.spec ?? {};
  const containers = [
    ...((spec.containers ?? []) as { ports?: DeclaredPort[] }[]),
    ...((spec.initContainers ?? []) as { ports?: DeclaredPort[]; restartPolicy?: string }[]).filter(
      (c) => c.restartPolicy === 'Always',
    ),
  ];
  const podIPs = ((pod.status?.podIPs ?? []) as { ip: string }[]).map((p) => p.ip);
  const ips = podIPs.length ? podIPs : pod.status?.podIP ? [pod.status.podIP as string] : [];
  return {
    name: pod.metadata?.name ?? '',
    namespace: pod.metadata?.namespace ?? '',
    labels: pod.metadata?.labels ?? {},
    namespaceLabels,
    ips,
    ports: containers.flatMap((c) => c.ports ?? []),
  };
}
