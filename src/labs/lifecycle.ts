import { ClusterError } from '../cli/errors.js';
import type { KubeClient } from '../kube/client.js';
import { createLabNamespace, deleteLabNamespace } from '../kube/namespace.js';
import type { Log } from '../util/log.js';
import type { Lab } from './loader.js';
import { readManifest } from './manifests.js';
import { isReady } from '../checks/pods.js';
import { runSteps, type StepContext } from './steps.js';

/**
 * Prepares a lab: creates its labelled namespace (reusing it if cka-lab made it),
 * applies the setup manifests into it, and waits for the setup Pods to be Ready.
 * @param timeoutMs how long to wait for setup Pods, in ms
 * @throws UsageError when the namespace is not cka-lab's; ClusterError on timeout
 */
export async function startLab(lab: Lab, client: KubeClient, namespace: string, log: Log, timeoutMs = 60_000): Promise<void> {
  await createLabNamespace(client, namespace, lab.id);
  const objects = lab.setup.flatMap((file) => readManifest(lab.root, file));
  for (const obj of objects) {
    delete obj.metadata!.namespace; // setup always lands in the lab namespace, nowhere else
    await client.apply(obj, namespace);
  }
  const podNames = objects.filter((o) => o.kind === 'Pod').map((o) => o.metadata!.name!);
  if (podNames.length) {
    log.progress(`Waiting for the setup Pods (${podNames.join(', ')}) to be Ready...`);
    await waitForPods(client, namespace, podNames, timeoutMs);
  }
}

/**
 * Deletes the lab namespace and starts the lab again from its setup.
 * @throws UsageError when the namespace is not cka-lab's
 */
export async function resetLab(lab: Lab, client: KubeClient, namespace: string, log: Log): Promise<void> {
  log.progress(`Deleting namespace ${namespace}...`);
  await deleteLabNamespace(client, namespace);
  await startLab(lab, client, namespace, log);
}

/**
 * Applies the reference solution of the given tasks (all by default), in order,
 * through the API (see {@link runSteps}).
 */
export async function applySolution(lab: Lab, ctx: StepContext, taskIds?: string[]): Promise<void> {
  for (const task of lab.tasks.filter((t) => !taskIds || taskIds.includes(t.id))) await runSteps(task.solution, ctx);
}

async function waitForPods(client: KubeClient, namespace: string, names: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pods = await client.list({ apiVersion: 'v1', kind: 'Pod' }, namespace);
    const waiting = names.filter((n) => !pods.some((p) => p.metadata?.name === n && isReady(p)));
    if (waiting.length === 0) return;
    if (Date.now() > deadline) {
      throw new ClusterError(`The setup Pods ${waiting.join(', ')} are not Ready after ${timeoutMs / 1000} s; check the nodes with \`kubectl get nodes\` and run \`lab reset\`.`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}
