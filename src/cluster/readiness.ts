import { ClusterError } from '../errors.js';
import { KubeClient } from '../kube/client.js';
import { loadKubeConfig } from '../kube/config.js';
import { poll } from '../util/poll.js';
import { say } from '../i18n/current.js';

/**
 * Whether the API server behind a kubeconfig answers /readyz within `timeoutMs`.
 * Never throws.
 */
export async function probe(kubeconfig: string, context?: string, timeoutMs = 2000): Promise<boolean> {
  try {
    const client = new KubeClient(loadKubeConfig({ kubeconfig, context }), { timeoutMs, retries: 0 });
    await client.request('GET', '/readyz');
    return true;
  } catch {
    return false;
  }
}

/**
 * Waits until at least one Node has condition Ready=True (polling every 250 ms).
 * @throws ClusterError after `timeoutMs` ms
 */
export async function waitForReadyNode(kubeconfig: string, timeoutMs: number): Promise<void> {
  const client = new KubeClient(loadKubeConfig({ kubeconfig }), { timeoutMs: 2000, retries: 0 });
  const nodeReady = async (): Promise<boolean> => {
    const nodes = await client.list({ apiVersion: 'v1', kind: 'Node' }).catch(() => []);
    return nodes.some((n) =>
      ((n.status?.conditions ?? []) as { type?: string; status?: string }[]).some(
        (c) => c.type === 'Ready' && c.status === 'True',
      ),
    );
  };
  await poll(nodeReady, {
    intervalMs: 250,
    timeoutMs,
    onTimeout: () => {
      throw new ClusterError(say('cluster.noReadyNode', { seconds: timeoutMs / 1000 }));
    },
  });
}
