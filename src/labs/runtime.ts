import { ClusterError } from '../errors.js';
import { t } from '../i18n/t.js';
import type { Lang } from '../i18n/t.js';
import type { KubeClient } from '../kube/client.js';
import type { KubeObject } from '../kube/types.js';
import { NODE } from '../cluster/realnode/layout.js';
import type { Lab } from './lab.js';
import { assertLabNodesSupported, PLACEMENT_ANNOTATIONS } from './lab-nodes.js';
import { ensureGatewayApi } from '../cluster/gateway-crds.js';
import { memoryLog, type Log } from '../util/log.js';

/** The annotation kwokctl puts on the nodes it simulates (kwok's node template, `kwok.x-k8s.io/node: fake`). */
const KWOK_NODE = 'kwok.x-k8s.io/node';

type Condition = { type: string; status: string };
type NodeLike = KubeObject & { status?: { conditions?: Condition[] } };

/**
 * Whether a node runs real containers: it is Ready and not simulated by kwok (no
 * `kwok.x-k8s.io/node` annotation). A real node of cka-lab, a k3s node and the nodes of the
 * learner's own cluster count.
 */
export const runsContainers = (node: NodeLike): boolean =>
  !node.metadata?.annotations?.[KWOK_NODE] &&
  (node.status?.conditions ?? []).some((c: Condition) => c.type === 'Ready' && c.status === 'True');

/**
 * Refuses, on the local cluster, a lab that `requires: [metrics]` (metrics-server: `kubectl top`,
 * HorizontalPodAutoscalers) or `requires: [agent]` (cka-lab-agent: CreateContainerConfigError, the
 * crds lab's Backup operator) when the cluster was started without it because Go was missing
 * (src/cluster/local/extras.ts), saying how to get it. Other clusters are not checked here: a real
 * kubelet does what the agent simulates, and their metrics are theirs to run.
 * @throws ClusterError (exit 3) naming what is missing
 */
export async function assertExtras(lab: Pick<Lab, 'id' | 'requires'>, lang: Lang): Promise<void> {
  const { EXTRA_FOR_REQUIREMENT } = await import('../cluster/local/extras.js');
  const wanted = (lab.requires ?? []).flatMap((r) =>
    r === 'metrics' || r === 'agent' ? [EXTRA_FOR_REQUIREMENT[r]] : [],
  );
  if (wanted.length === 0) return;
  const { LocalCluster } = await import('../cluster/local/local-cluster.js');
  const { describeExtras } = await import('../cluster/local/extras.js');
  const absent = (await new LocalCluster().absentExtras()).filter((e) => wanted.includes(e));
  if (absent.length === 0) return;
  throw new ClusterError(t(lang, 'start.needsExtras', { lab: lab.id, ...describeExtras(absent, lang) }));
}

/**
 * Refuses a lab that `requires: [runtime]` on a cluster with no node that runs real containers,
 * saying how to get one (a real node, the k3s driver, or the learner's own cluster), and a lab that
 * `requires: [nodes]` on a cluster whose nodes kwok does not simulate (see {@link assertLabNodesSupported}).
 * For `requires: [gateway-api]`, installs the Gateway API CRDs into the local cluster, and refuses another
 * cluster that does not serve them (see {@link ensureGatewayApi}).
 * @param driver the connection's driver (`local`, `k3s`, `context`); without it, `nodes` is not checked
 * @param log where the CRDs' fetch and install show their progress
 * @throws ClusterError (exit 3) when the lab needs what the cluster lacks
 */
export async function assertRequirements(
  lab: Lab,
  client: KubeClient,
  lang: Lang,
  driver?: string,
  log: Log = memoryLog(),
): Promise<void> {
  if (driver !== undefined) assertLabNodesSupported(lab, driver, lang);
  if (driver === 'local') await assertExtras(lab, lang);
  await ensureGatewayApi(lab, client, driver === 'local', log);
  if (!(lab.requires ?? []).includes('runtime')) return;
  const nodes = (await client.list({ apiVersion: 'v1', kind: 'Node' })) as NodeLike[];
  if (nodes.some(runsContainers)) return;
  throw new ClusterError(t(lang, 'start.needsRuntime', { lab: lab.id }));
}

/**
 * The annotations that send every Pod of a namespace to cka-lab's real node: its label as the
 * node selector, and a toleration of its taint (which keeps every other Pod off it).
 */
export const realNodePlacement = (): Record<string, string> => ({
  [PLACEMENT_ANNOTATIONS.nodeSelector]: `${NODE.label}=true`,
  [PLACEMENT_ANNOTATIONS.defaultTolerations]: JSON.stringify([
    { key: NODE.taint.key, operator: 'Exists', effect: NODE.taint.effect },
  ]),
});

/**
 * For a lab that `requires: [runtime]`, on a cluster with cka-lab's real node (a node labelled
 * `cka-lab.dev/real-node`, see `lab cluster up --real-node`): annotates the lab namespace so that
 * every Pod created in it, by the setup or by the learner, lands on the real node (the local
 * cluster's API server runs the PodNodeSelector and PodTolerationRestriction admission plugins).
 * Does nothing for other labs and on clusters without such a node (k3s, the learner's own).
 * Call it after the namespace exists and before any Pod is created in it.
 * @returns whether the namespace was annotated
 */
export async function placeOnRealNode(lab: Lab, client: KubeClient, namespace: string): Promise<boolean> {
  if (!(lab.requires ?? []).includes('runtime')) return false;
  const nodes = (await client.list({ apiVersion: 'v1', kind: 'Node' }, undefined, `${NODE.label}=true`)) as NodeLike[];
  if (nodes.length === 0) return false;
  await client.patch({ apiVersion: 'v1', kind: 'Namespace' }, namespace, undefined, {
    metadata: { annotations: realNodePlacement() },
  });
  return true;
}
