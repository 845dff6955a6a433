import { ClusterError } from '../cli/errors.js';
import { KubeClient } from '../kube/client.js';
import { loadKubeConfig } from '../kube/config.js';

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
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const nodes = await client.list({ apiVersion: 'v1', kind: 'Node' }).catch(() => []);
    if (nodes.some((n) => (n.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True'))) return;
    if (Date.now() > deadline) throw new ClusterError(`No node became Ready within ${timeoutMs / 1000} s; run \`lab cluster down\` and \`lab cluster up\` again.`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
