/**
 * Lab-owned simulated Nodes (`requires: [nodes]`): what cka-lab adds to a lab's Node manifests so
 * that the local cluster's kwok simulates them and only the lab's Pods land on them, and what it
 * adds to the lab namespace so that every Pod created there lands only on them. Pure functions:
 * no I/O (applying and waiting: lab-nodes-setup.ts).
 */

import { ClusterError } from '../errors.js';
import { t, type Lang } from '../i18n/t.js';
import { LAB_LABEL, MANAGED_BY } from '../kube/namespace.js';
import type { KubeObject } from '../kube/types.js';

/**
 * The namespace annotations of the API server's PodNodeSelector and PodTolerationRestriction
 * admission plugins (Kubernetes docs, "Admission Control in Kubernetes"): every Pod created in the
 * namespace gets this node selector and these tolerations merged into its spec.
 */
export const PLACEMENT_ANNOTATIONS = {
  nodeSelector: 'scheduler.alpha.kubernetes.io/node-selector',
  defaultTolerations: 'scheduler.alpha.kubernetes.io/defaultTolerations',
} as const;

/** The `requires:` entry of a lab that brings its own simulated Nodes. */
export const NODES_REQUIREMENT = 'nodes';

/** Whether a lab brings its own simulated Nodes (`requires: [nodes]`). */
export const needsLabNodes = (lab: { requires?: readonly string[] }): boolean =>
  (lab.requires ?? []).includes(NODES_REQUIREMENT);

/**
 * The annotation the local cluster's kwok-controller selects the nodes it simulates by
 * (`--manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake`, src/cluster/local/local-cluster.ts);
 * kwokctl's own nodes carry it too.
 */
export const KWOK_MANAGED = { key: 'kwok.x-k8s.io/node', value: 'fake' } as const;

/** The annotation kwok's node template sets so metrics-server finds a node's simulated usage (`kubectl top node`). */
const METRICS_PATH = 'metrics.k8s.io/resource-metrics-path';

/**
 * What a lab Node reports when its manifest gives no `status.capacity` nor `status.allocatable`:
 * the same as the local cluster's other kwok nodes (kwokctl's node template).
 */
export const DEFAULT_NODE_RESOURCES = { cpu: '32', memory: '256Gi', pods: '110' } as const;

/** A Kubernetes taint (Node `spec.taints[]`, API reference "Node"). */
export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/** The taint on every Node of lab `labId`: `cka-lab.dev/lab=<id>:NoSchedule`, which keeps every other Pod off it. */
export const labNodeTaint = (labId: string): Taint => ({ key: LAB_LABEL, value: labId, effect: 'NoSchedule' });

/** The toleration of {@link labNodeTaint} that every Pod of the lab namespace gets. */
export const labNodeToleration = (labId: string) => ({
  key: LAB_LABEL,
  operator: 'Equal',
  value: labId,
  effect: 'NoSchedule',
});

/**
 * The lab namespace's annotations for the API server's PodNodeSelector and PodTolerationRestriction
 * admission plugins (on in every local cluster, src/cluster/local/local-cluster.ts): every Pod
 * created in the namespace gets the node selector `cka-lab.dev/lab=<id>` and a toleration of the
 * lab Nodes' taint merged into its spec, so it lands only on the lab's Nodes.
 */
export const labNodePlacement = (labId: string): Record<string, string> => ({
  [PLACEMENT_ANNOTATIONS.nodeSelector]: `${LAB_LABEL}=${labId}`,
  [PLACEMENT_ANNOTATIONS.defaultTolerations]: JSON.stringify([labNodeToleration(labId)]),
});

/**
 * A lab's Node manifest as cka-lab creates it: with the ownership labels and the annotation kwok
 * needs to simulate it; the usual node labels (`kubernetes.io/hostname`, `kubernetes.io/os`,
 * `kubernetes.io/arch`) where the manifest sets none; the lab taint added to its taints; and
 * capacity and allocatable (cpu, memory, pods) defaulted from each other, else
 * {@link DEFAULT_NODE_RESOURCES}. The manifest's own labels, taints and resources are kept. The
 * API server keeps a Node's status on create (a kubelet registers its node that way), and
 * kwok's node stages keep capacity and allocatable (cluster/stages/node-initialize.yaml).
 */
export function asLabNode(node: KubeObject, labId: string): KubeObject {
  const name = String(node.metadata?.name ?? '');
  const metadata = {
    ...node.metadata,
    labels: {
      'kubernetes.io/hostname': name,
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      ...node.metadata?.labels,
      [MANAGED_BY.key]: MANAGED_BY.value,
      [LAB_LABEL]: labId,
    },
    annotations: {
      [METRICS_PATH]: `/metrics/nodes/${name}/metrics/resource`,
      ...node.metadata?.annotations,
      [KWOK_MANAGED.key]: KWOK_MANAGED.value,
      [LAB_LABEL]: labId,
    },
  };
  const taint = labNodeTaint(labId);
  const taints: Taint[] = (node.spec?.taints ?? []).filter(
    (t: Taint) => !(t.key === taint.key && t.effect === taint.effect),
  );
  const capacity = node.status?.capacity ?? node.status?.allocatable ?? DEFAULT_NODE_RESOURCES;
  const allocatable = node.status?.allocatable ?? capacity;
  return {
    ...node,
    apiVersion: 'v1',
    kind: 'Node',
    metadata,
    spec: { ...node.spec, taints: [...taints, taint] },
    status: { ...node.status, capacity, allocatable },
  };
}

/**
 * Whether `node` is a Node of lab `labId`: it carries the lab's labels, or (should the learner have
 * removed that label) the lab annotation {@link asLabNode} puts on it. `lab reset` deletes these.
 */
export const isLabNodeOf = (node: KubeObject, labId: string): boolean =>
  (node.metadata?.labels?.[MANAGED_BY.key] === MANAGED_BY.value && node.metadata?.labels?.[LAB_LABEL] === labId) ||
  node.metadata?.annotations?.[LAB_LABEL] === labId;

/**
 * A DaemonSet of a lab with its own Nodes, made to run on exactly those: its Pod template gets the
 * node selector `cka-lab.dev/lab=<id>` (unless it selects on that label already) and a toleration
 * of the lab taint. The DaemonSet controller decides which nodes get a Pod from the template alone
 * (not from the namespace's PodNodeSelector annotation), so without these it would make Pods for
 * the cluster's other nodes, which the namespace's node selector then keeps Pending, and none for
 * the tainted lab Nodes. Any other object is returned as it is.
 */
export function daemonSetOnLabNodes(obj: KubeObject, labId: string): KubeObject {
  if (obj.kind !== 'DaemonSet' || !obj.spec?.template) return obj;
  const pod = obj.spec.template.spec ?? {};
  const toleration = labNodeToleration(labId);
  const tolerations: { key?: string; operator?: string; value?: string; effect?: string }[] = pod.tolerations ?? [];
  const tolerates = tolerations.some(
    (t) =>
      (t.key === undefined || t.key === '' || t.key === toleration.key) &&
      (t.operator === 'Exists' || t.value === labId) &&
      (!t.effect || t.effect === toleration.effect),
  );
  const spec = {
    ...pod,
    nodeSelector: { [LAB_LABEL]: labId, ...pod.nodeSelector },
    tolerations: tolerates ? tolerations : [...tolerations, toleration],
  };
  return { ...obj, spec: { ...obj.spec, template: { ...obj.spec.template, spec } } };
}

/**
 * Refuses a lab that brings its own simulated Nodes on a cluster whose nodes kwok does not
 * simulate: only the `local` driver's cluster runs a kwok-controller that takes them over; on k3s
 * or the learner's own cluster such a Node would stay NotReady with nothing running it.
 * @param driver the connection's driver (`local`, `k3s`, `context`)
 * @throws ClusterError (exit 3) saying to use the local cluster
 */
export function assertLabNodesSupported(
  lab: { id: string; requires?: readonly string[] },
  driver: string,
  lang: Lang,
): void {
  if (!needsLabNodes(lab) || driver === 'local') return;
  throw new ClusterError(t(lang, 'start.needsLabNodes', { lab: lab.id }));
}

/**
 * Why a lab's `requires:` cannot be met, or undefined: a lab's Pods go either to the real node
 * (`runtime`) or to its own simulated Nodes (`nodes`), not both.
 * @returns one clause, without a final full stop
 */
export function requiresProblem(requires: readonly string[]): string | undefined {
  if (requires.includes('runtime') && requires.includes(NODES_REQUIREMENT))
    return "a lab's Pods run either on the real node (runtime) or on its own simulated Nodes (nodes), not both";
  return undefined;
}
