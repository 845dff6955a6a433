import { ClusterError } from '../errors.js';
import { t } from '../i18n/t.js';
import type { Lang } from '../i18n/t.js';
import type { KubeClient } from '../kube/client.js';
import type { KubeObject } from '../kube/types.js';
import type { Lab } from './lab.js';

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
 * Refuses a lab that `requires: [runtime]` on a cluster with no node that runs real containers,
 * saying how to get one (a real node, the k3s driver, or the learner's own cluster).
 * @throws ClusterError (exit 3) when the lab needs a runtime the cluster lacks
 */
export async function assertRequirements(lab: Lab, client: KubeClient, lang: Lang): Promise<void> {
  if (!(lab.requires ?? []).includes('runtime')) return;
  const nodes = (await client.list({ apiVersion: 'v1', kind: 'Node' })) as NodeLike[];
  if (nodes.some(runsContainers)) return;
  throw new ClusterError(t(lang, 'start.needsRuntime', { lab: lab.id }));
}
