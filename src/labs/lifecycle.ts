import { ClusterError } from '../errors.js';
import { say } from '../i18n/current.js';
import type { KubeClient } from '../kube/client.js';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { assertManaged, createLabNamespace, defaultNamespace, emptyNamespace, LAB_LABEL } from '../kube/namespace.js';
import { emptyWorkDir, ensureWorkDir, labWorkDir } from '../util/lab-paths.js';
import { clearSolutionMark } from '../progress/store.js';
import { resetHints } from './hints.js';
import { warnUnsaved, writeFailure } from '../progress/unsaved.js';
import { withFileLock } from '../util/lock.js';
import { xdgDir } from '../util/paths.js';
import { applyLabObject, deleteLabClusterObjects } from './ownership.js';
import type { Log } from '../util/log.js';
import type { KubeObject } from '../kube/types.js';
import type { Lab } from './lab.js';
import { readManifest } from './manifests.js';
import { isReady } from '../checks/pods.js';
import { workloadReady } from '../kube/rollout.js';
import { podStuck, workloadStuck } from './stuck-pods.js';
import { poll } from '../util/poll.js';
import { runSteps, type StepContext } from './steps.js';
import { placeOnRealNode } from './runtime.js';
import { startLabNodes } from './lab-nodes-setup.js';
import { copyLabFiles } from './lab-files.js';
import { deleteLeftovers, findLeftovers, leftoverWarnings } from './leftovers.js';
import { listLabIds } from './loader.js';
import { makeControlPlaneChanges, undoControlPlaneChanges } from './control-plane-setup.js';

/**
 * Prepares a lab: creates its labelled namespace (reusing it if cka-lab made it),
 * applies the setup manifests (namespaced objects into the namespace, the lab's own
 * cluster-scoped objects labelled as its: see {@link applyLabObject}), and waits for the
 * setup Pods to be Ready. Holds the lab namespace's lock (see {@link withLabLock}).
 * @param timeoutMs how long to wait for setup Pods, in ms
 * @throws UsageError when the namespace is not cka-lab's or the setup is not the lab's to
 * create; ClusterError on timeout
 */
export async function startLab(
  lab: Lab,
  client: KubeClient,
  namespace: string,
  log: Log,
  timeoutMs = 60_000,
): Promise<void> {
  await withLabLock(namespace, () => applySetup(lab, client, namespace, log, timeoutMs));
}

/** What {@link startLabOnce} found and did. */
export interface StartOutcome {
  /** `started`: the setup was applied now; `already-started`: the lab was there, and was left as it is. */
  state: 'started' | 'already-started';
  /** The learner's working folder (see {@link labWorkDir}), or undefined when it could not be made. */
  workDir: string | undefined;
}

/**
 * `lab start`: starts a lab that is not started, and leaves a started one alone. When the
 * namespace exists, is cka-lab's and belongs to this lab (label `cka-lab.dev/lab`), nothing is
 * applied over the learner's work (`lab reset` is the way back to the setup). Otherwise, like
 * {@link startLab}, and the lab's working folder starts empty and its solution mark is cleared
 * (see {@link clearSolutionMark}), as for a reset: a file or a solution from an earlier attempt
 * (say, on a cluster since deleted) never counts. A working folder that cannot be made is a
 * warning on `log`: the lab still starts.
 * @param timeoutMs how long to wait for setup Pods, in ms
 * @throws UsageError when the namespace is not cka-lab's; ClusterError on timeout
 */
export async function startLabOnce(
  lab: Lab,
  client: KubeClient,
  namespace: string,
  log: Log,
  timeoutMs = 60_000,
): Promise<StartOutcome> {
  return withLabLock(namespace, async () => {
    const ns = await assertManaged(client, namespace);
    if (ns && !ns.metadata?.deletionTimestamp && ns.metadata?.labels?.[LAB_LABEL] === lab.id)
      return { state: 'already-started', workDir: prepareWorkDir(namespace, 'keep', log) };
    const workDir = prepareWorkDir(namespace, 'empty', log);
    if (workDir) copyLabFiles(lab, workDir); // lab.yaml `files:`, e.g. a chart
    clearSolutionMark(lab.id, log);
    forgetHints(lab.id, log);
    await tellLeftovers(lab, client, log, false);
    await applySetup(lab, client, namespace, log, timeoutMs);
    return { state: 'started', workDir };
  });
}

/**
 * Makes (or empties) the working folder of `namespace`; one that cannot be written is a
 * warning on `log`, as a lab without file checks works all the same.
 * @returns the folder, or undefined when it could not be made
 */
function prepareWorkDir(namespace: string, how: 'keep' | 'empty', log: Log): string | undefined {
  try {
    return how === 'empty' ? emptyWorkDir(namespace) : ensureWorkDir(namespace);
  } catch (err) {
    const key = how === 'empty' ? 'lifecycle.workDirEmpty' : 'lifecycle.workDirMake';
    log.warn(say(key, { dir: labWorkDir(namespace), why: writeFailure(err) }));
    return undefined;
  }
}

/** Restarts the lab's hints from the first (see {@link resetHints}); a read-only state folder is a warning. */
function forgetHints(labId: string, log: Log): void {
  try {
    resetHints(labId);
  } catch (err) {
    warnUnsaved(log, err);
  }
}

async function applySetup(lab: Lab, client: KubeClient, namespace: string, log: Log, timeoutMs: number): Promise<void> {
  await undoControlPlaneChanges({ lab, client }); // a lab's broken control plane is undone when it is reset or left
  await createLabNamespace(client, namespace, lab.id);
  await placeOnRealNode(lab, client, namespace);
  const objects = lab.setup.flatMap((file) => readManifest(lab.root, file));
  const rest = await startLabNodes(client, lab, namespace, objects); // a lab's own Nodes first, Ready
  for (const obj of rest) await applyLabObject(client, lab, obj, namespace);
  const waiting = objects.filter((o) => o.kind === 'Pod' || WORKLOADS.has(o.kind!));
  if (waiting.length) {
    log.progress(
      say('status.waitingSetup', { objects: waiting.map((o) => `${o.kind} ${o.metadata!.name}`).join(', ') }),
    );
    await waitForSetup(client, namespace, waiting, timeoutMs);
  }
  await makeControlPlaneChanges(lab, client); // last: the setup's own Pods were scheduled and started
}

/** Kinds whose Pods the setup waits for (see {@link workloadReady}). */
const WORKLOADS = new Set(['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet']);

/**
 * Runs `fn` holding a cross-process lock for the lab namespace `namespace` (a file under
 * cka-lab's state folder, via {@link withFileLock}), so resets and starts of one lab run one
 * after the other. A state folder that cannot be written runs `fn` without the lock.
 * @throws LockedError when another process holds the lock for over 15 s; whatever `fn` throws
 */
export async function withLabLock<T>(namespace: string, fn: () => Promise<T>): Promise<T> {
  const dir = join(xdgDir('state'), 'locks');
  try {
    mkdirSync(dir, { recursive: true });
    // An existing folder on a read-only file system: mkdir succeeds, the lock would not.
    accessSync(dir, constants.W_OK);
  } catch {
    return fn(); // a read-only state folder: no lock, as before locks existed
  }
  return withFileLock(join(dir, `namespace-${namespace}`), fn);
}

/**
 * Says which cluster-scoped objects the learner made with the lab's names are left as they are
 * (see {@link findLeftovers}), one warning per kind, or deletes exactly those when `deleteThem`
 * (`lab reset --delete-my-objects`) and says what it deleted. Nothing to say on a lab that
 * declares no cluster-scoped kinds.
 */
async function tellLeftovers(lab: Lab, client: KubeClient, log: Log, deleteThem: boolean): Promise<void> {
  if (!lab.clusterScoped.length) return;
  const leftovers = await findLeftovers(client, lab, listLabIds(lab.root));
  if (deleteThem) await deleteLeftovers(client, lab.id, leftovers, log);
  else for (const line of leftoverWarnings(lab.id, leftovers)) log.warn(line);
}

/** Options of {@link resetLab}. */
export interface ResetOptions {
  /**
   * Also delete the cluster-scoped objects the learner made with the lab's names, which cka-lab
   * did not create (`lab reset --delete-my-objects`; see src/labs/leftovers.ts). Without it,
   * they stay and the reset says so.
   */
  deleteMyObjects?: boolean;
}

/**
 * Starts the lab again from its setup, in the same namespace (`namespace`, else
 * `lab-<id>`), which keeps its name: empties it in place (see {@link emptyNamespace}),
 * deletes the cluster-scoped objects the lab created (found by its labels), empties the
 * learner's working folder (see {@link labWorkDir}; so a file from an earlier attempt never
 * scores, in practice or in an exam), clears the lab's solution mark (see
 * {@link clearSolutionMark}), restarts its hints from the first (see {@link resetHints}) and
 * applies the setup again. The learner's own cluster-scoped objects named for the lab stay
 * (unless `opts.deleteMyObjects`), and the reset says so with the command that deletes them
 * (see {@link tellLeftovers}). Resets of one lab namespace are
 * serialised by a lock, so concurrent resets end in one clean setup. A working folder that
 * cannot be emptied is a warning on `log`.
 * @returns the namespace the lab runs in
 * @throws UsageError when the namespace is not cka-lab's; ClusterError when the learner's objects
 *   asked to be deleted are still there after 30 s
 */
export async function resetLab(
  lab: Lab,
  client: KubeClient,
  namespace: string | undefined,
  log: Log,
  opts: ResetOptions = {},
): Promise<string> {
  const ns = namespace ?? defaultNamespace(lab.id);
  await withLabLock(ns, async () => {
    log.progress(say('status.emptying', { ns }));
    await emptyNamespace(client, ns);
    if (lab.clusterScoped.length) await deleteLabClusterObjects(client, lab);
    await tellLeftovers(lab, client, log, opts.deleteMyObjects === true);
    const workDir = prepareWorkDir(ns, 'empty', log);
    if (workDir) copyLabFiles(lab, workDir); // lab.yaml `files:`, e.g. a chart
    clearSolutionMark(lab.id, log);
    forgetHints(lab.id, log);
    await applySetup(lab, client, ns, log, 60_000);
  });
  return ns;
}

/**
 * Applies the reference solution of the given tasks (all by default), in order,
 * through the API (see {@link runSteps}).
 */
export async function applySolution(lab: Lab, ctx: StepContext, taskIds?: string[]): Promise<void> {
  for (const task of lab.tasks.filter((t) => !taskIds || taskIds.includes(t.id)))
    await runSteps(task.solution, { owner: lab, ...ctx });
}

/**
 * Waits until every setup Pod is Ready (or stuck on purpose: the pods lab's `redis123`, a
 * troubleshooting lab's crash loop, see {@link podStuck}) and every setup workload has all its
 * replicas Ready (or has settled stuck, {@link workloadStuck}), so a lab never starts (nor a
 * self-test case runs) on a half-built state.
 */
async function waitForSetup(
  client: KubeClient,
  namespace: string,
  objects: KubeObject[],
  timeoutMs: number,
): Promise<void> {
  /** The setup objects not Ready yet, as `Kind name`. */
  const notReady = async (): Promise<string[]> => {
    const waiting: string[] = [];
    for (const obj of objects) {
      const live = await client.get({ apiVersion: obj.apiVersion!, kind: obj.kind! }, obj.metadata!.name!, namespace);
      const ok =
        live !== undefined &&
        (obj.kind === 'Pod'
          ? isReady(live) || podStuck(live)
          : workloadReady(live) || (await workloadStuck(client, namespace, live)));
      if (!ok) waiting.push(`${obj.kind} ${obj.metadata!.name}`);
    }
    return waiting;
  };
  await poll(notReady, {
    intervalMs: 150,
    timeoutMs,
    done: (waiting) => waiting.length === 0,
    onTimeout: (waiting) => {
      throw new ClusterError(say('lifecycle.setupTimeout', { objects: waiting.join(', '), seconds: timeoutMs / 1000 }));
    },
  });
}
