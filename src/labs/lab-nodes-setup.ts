import { ClusterError } from '../errors.js';
import { say } from '../i18n/current.js';
import type { KubeClient } from '../kube/client.js';
import type { KubeObject } from '../kube/types.js';
import { poll } from '../util/poll.js';
import { labNodePlacement, needsLabNodes } from './lab-nodes.js';
import { applyLabObject } from './ownership.js';
import type { ScopeOwner } from './scope.js';

const NODE = { apiVersion: 'v1', kind: 'Node' } as const;

/** The taint the API server puts on a new Node until the node lifecycle controller sees it Ready. */
const NOT_READY = 'node.kubernetes.io/not-ready';

/** The annotation that makes a simulated node NotReady (cluster/stages/node-not-ready.yaml, README "Nodes"). */
const NODE_STATE = 'cka-lab.dev/node-state';

/** Whether a Node is Ready and no longer carries the not-ready taint, so the scheduler uses it. */
export const nodeUsable = (node: KubeObject | undefined): boolean =>
  node !== undefined &&
  (node.status?.conditions ?? []).some(
    (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
  ) &&
  !(node.spec?.taints ?? []).some((t: { key: string }) => t.key === NOT_READY);

/**
 * The first part of a lab's setup when it brings its own simulated Nodes (`requires: [nodes]`):
 * annotates the namespace so that every Pod created in it lands only on the lab's Nodes
 * ({@link labNodePlacement}), creates the setup's Nodes (through {@link applyLabObject}, which adds
 * the ownership labels, kwok's annotation and the lab taint), and waits until kwok has made each
 * one Ready and the node lifecycle controller has lifted its not-ready taint (about half a second),
 * so that the setup's workloads spread over all of them. A Node annotated
 * `cka-lab.dev/node-state: NotReady` (a troubleshooting lab's node whose kubelet is down) is created
 * but not waited for: kwok never makes it Ready. Call it after the namespace exists.
 * @param objects the setup's objects, in order
 * @param timeoutMs how long to wait for the Nodes, in ms
 * @returns the objects still to apply (all but the Nodes); all of them for a lab without Nodes
 * @throws UsageError when a Node is not the lab's to create; ClusterError when a Node is not Ready in time
 */
export async function startLabNodes(
  client: KubeClient,
  owner: ScopeOwner,
  namespace: string,
  objects: KubeObject[],
  timeoutMs = 30_000,
): Promise<KubeObject[]> {
  if (!needsLabNodes(owner)) return objects;
  await client.patch({ apiVersion: 'v1', kind: 'Namespace' }, namespace, undefined, {
    metadata: { annotations: labNodePlacement(owner.id) },
  });
  const nodes = objects.filter((o) => o.kind === 'Node');
  await Promise.all(nodes.map((node) => applyLabObject(client, owner, node, namespace)));
  // A Node the setup declares NotReady (a troubleshooting lab's dead kubelet) never turns Ready:
  // it keeps the API server's not-ready taint, so no Pod lands on it, and is not waited for.
  const healthy = nodes.filter((n) => n.metadata?.annotations?.[NODE_STATE] !== 'NotReady');
  const notUsable = async () =>
    (
      await Promise.all(
        healthy.map(async (n) => (nodeUsable(await client.get(NODE, n.metadata!.name!)) ? [] : [n.metadata!.name!])),
      )
    ).flat();
  await poll(notUsable, {
    intervalMs: 100,
    timeoutMs,
    done: (left) => left.length === 0,
    onTimeout: (left) => {
      throw new ClusterError(say('labNodes.notReady', { nodes: left.join(', '), seconds: timeoutMs / 1000 }));
    },
  });
  return objects.filter((o) => o.kind !== 'Node');
}
