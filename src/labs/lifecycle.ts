import { ClusterError } from '../cli/errors.js';
import type { KubeClient } from '../kube/client.js';
import { activeLabNamespace, createLabNamespace, deleteLabNamespace, emptyNamespace, nextAttemptName } from '../kube/namespace.js';
import type { Log } from '../util/log.js';
import type { KubeObject } from '../kube/types.js';
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
  const waiting = objects.filter((o) => o.kind === 'Pod' || WORKLOADS.has(o.kind!));
  if (waiting.length) {
    log.progress(`Waiting for the setup (${waiting.map((o) => `${o.kind} ${o.metadata!.name}`).join(', ')}) to be Ready...`);
    await waitForSetup(client, namespace, waiting, timeoutMs);
  }
}

/** Kinds whose Pods the setup waits for (status.readyReplicas reaches spec.replicas). */
const WORKLOADS = new Set(['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet']);

/**
 * Starts the lab again from its setup.
 * - With a namespace named by the learner (`-n`), it empties that namespace (see
 *   {@link emptyNamespace}) and applies the setup again.
 * - Otherwise it moves the lab to a fresh namespace (`lab-<id>`, `lab-<id>-2`, ...)
 *   and deletes the old one in the background, so nobody waits on finalizers.
 * @returns the namespace the lab now runs in
 * @throws UsageError when a named namespace is not cka-lab's
 */
export async function resetLab(lab: Lab, client: KubeClient, namespace: string | undefined, log: Log): Promise<string> {
  if (namespace) {
    log.progress(`Emptying namespace ${namespace}...`);
    await emptyNamespace(client, namespace);
    await startLab(lab, client, namespace, log);
    return namespace;
  }
  const old = await activeLabNamespace(client, lab.id);
  if (old) await deleteLabNamespace(client, old, 0);
  const fresh = await nextAttemptName(client, lab.id);
  await startLab(lab, client, fresh, log);
  return fresh;
}

/**
 * Applies the reference solution of the given tasks (all by default), in order,
 * through the API (see {@link runSteps}).
 */
export async function applySolution(lab: Lab, ctx: StepContext, taskIds?: string[]): Promise<void> {
  for (const task of lab.tasks.filter((t) => !taskIds || taskIds.includes(t.id))) await runSteps(task.solution, ctx);
}

/**
 * Waits until every setup Pod is Ready and every setup workload has all its replicas
 * Ready, so a lab never starts (nor a self-test case runs) on a half-built state.
 */
async function waitForSetup(client: KubeClient, namespace: string, objects: KubeObject[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const notReady: string[] = [];
    for (const obj of objects) {
      const live = await client.get({ apiVersion: obj.apiVersion!, kind: obj.kind! }, obj.metadata!.name!, namespace);
      const ok =
        obj.kind === 'Pod'
          ? live !== undefined && isReady(live)
          : live !== undefined && (live.status?.observedGeneration ?? 0) >= (live.metadata?.generation as number) && (live.status?.readyReplicas ?? 0) === (live.spec?.replicas ?? 1);
      if (!ok) notReady.push(`${obj.kind} ${obj.metadata!.name}`);
    }
    if (notReady.length === 0) return;
    if (Date.now() > deadline) {
      throw new ClusterError(`The setup (${notReady.join(', ')}) is not Ready after ${timeoutMs / 1000} s; check the nodes with \`kubectl get nodes\` and run \`lab reset\`.`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}
