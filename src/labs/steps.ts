import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { contentPathProblem, resolveLearnerPath } from '../util/lab-paths.js';
import { applyLabObject, assertMayChange } from './ownership.js';
import type { ScopeOwner } from './scope.js';
import type { KubeClient } from '../kube/client.js';
import type { KubeObject } from '../kube/types.js';
import { ClusterError, UsageError } from '../errors.js';
import { readManifest } from './manifests.js';
import type { Step } from './schema.js';
import { revisionOf } from '../kube/revision.js';
import { rolloutComplete } from '../kube/rollout.js';
import { workloadStuck } from './stuck-pods.js';
import { poll } from '../util/poll.js';
import { say } from '../i18n/current.js';
import { runExecStep } from './exec-step.js';

/** Where steps act: the lab namespace, the content root for manifests, the learner's folder for files. */
export interface StepContext {
  client: KubeClient;
  namespace: string;
  root: string;
  /** The learner's working folder, where `writeFile` steps put files. */
  workDir: string;
  /**
   * The lab the steps belong to, for the ownership rules (src/labs/scope.ts); without it no
   * step may touch a cluster-scoped object.
   */
  owner?: ScopeOwner;
}

/**
 * Runs the actions of steps in order, through the API as kubectl would:
 * `apply` (server-side apply of a manifest file), `scale` (scale subresource),
 * `patch` (strategic merge patch, like `kubectl patch`/`set image`), `delete`,
 * `rolloutUndo` (the previous revision's Pod template, like `kubectl rollout undo`),
 * `writeFile` (a file in the learner's folder), then `exec` (the `run` command itself, see
 * {@link runExecStep}). A step with only `run` does nothing.
 * Namespaced objects always go to `ctx.namespace`; cluster-scoped ones follow the ownership
 * rules (see {@link applyLabObject}, {@link assertMayChange}).
 * @throws ApiError when the API server rejects a step; UsageError when a step would act
 *   outside what the lab owns, or write outside the learner's folder
 */
export async function runSteps(steps: Step[], ctx: StepContext): Promise<void> {
  const { client, namespace } = ctx;
  const owner = ctx.owner ?? { id: '', clusterScoped: [] };
  for (const step of steps) {
    if (step.exec && step.run === undefined) throw new UsageError(say('steps.execWithoutRun'));
    if (step.writeFile) {
      const resolved = resolveLearnerPath(ctx.workDir, step.writeFile.path);
      if (resolved.problem !== undefined) throw new UsageError(say('steps.cannotWrite', { problem: resolved.problem }));
      const target = resolved.path;
      mkdirSync(dirname(target), { recursive: true });
      const bad = step.writeFile.from ? contentPathProblem(ctx.root, step.writeFile.from) : undefined;
      if (bad) throw new UsageError(say('steps.cannotCopy', { file: step.writeFile.from, problem: bad }));
      if (step.writeFile.from) copyFileSync(join(ctx.root, step.writeFile.from), target);
      else writeFileSync(target, step.writeFile.content ?? '');
    }
    if (step.apply) {
      for (const obj of readManifest(ctx.root, step.apply)) {
        await applyLabObject(client, owner, obj, namespace); // namespaced objects land in the lab namespace
        if (obj.kind === 'Deployment') await waitForRollout(client, namespace, obj.metadata!.name!);
        if (REPLICATED.has(obj.kind ?? '')) await waitForReplicas(client, obj, namespace);
      }
    }
    if (step.scale) {
      const { apiVersion, kind, name, replicas } = step.scale;
      await assertMayChange(client, owner, step.scale);
      await client.patch({ apiVersion, kind }, name, namespace, { spec: { replicas } }, 'merge', 'scale');
      if (kind === 'Deployment') await waitForRollout(client, namespace, name);
      if (REPLICATED.has(kind)) await waitForReplicas(client, { apiVersion, kind, metadata: { name } }, namespace);
    }
    if (step.patch) {
      const { apiVersion, kind, name, patch } = step.patch;
      await assertMayChange(client, owner, step.patch);
      await client.patch({ apiVersion, kind }, name, namespace, patch, 'strategic');
      if (kind === 'Deployment') await waitForRollout(client, namespace, name);
    }
    if (step.delete) {
      const { apiVersion, kind, name } = step.delete;
      await assertMayChange(client, owner, step.delete);
      await client.delete({ apiVersion, kind }, name, namespace);
      // Like `kubectl delete` (which waits by default): a following apply must create
      // a new object, not patch the one still shutting down. After a minute, go on regardless.
      await poll(() => client.get({ apiVersion, kind }, name, namespace), {
        intervalMs: 100,
        timeoutMs: 60_000,
        done: (obj) => !obj,
      });
    }
    if (step.exec) await runExecStep(step.run!, ctx, step.mayFail ?? false);
    if (step.rolloutUndo) {
      await rolloutUndo(client, namespace, step.rolloutUndo.name);
      await waitForRollout(client, namespace, step.rolloutUndo.name);
    }
  }
}

/** The kinds whose controller creates and deletes Pods to match spec.replicas, without rollouts. */
const REPLICATED = new Set(['ReplicaSet', 'ReplicationController']);

/**
 * Waits until the ReplicaSet (or ReplicationController) controller has seen the latest spec and
 * holds spec.replicas Pods (status.observedGeneration and status.replicas, apps/v1 ReplicaSet API
 * reference), at most `timeoutMs` ms, then goes on regardless (a quota may keep it short for good).
 * A learner's next command comes seconds later, after the controller has acted: without this wait a
 * step right after would meet a ReplicaSet that has not adopted or deleted anything yet.
 */
async function waitForReplicas(client: KubeClient, obj: KubeObject, namespace: string, timeoutMs = 15_000) {
  const type = { apiVersion: obj.apiVersion!, kind: obj.kind! };
  await poll(() => client.get(type, obj.metadata!.name!, namespace), {
    intervalMs: 100,
    timeoutMs,
    done: (rs) =>
      rs !== undefined &&
      (rs.status?.observedGeneration ?? 0) >= (rs.metadata?.generation ?? 1) &&
      (rs.status?.replicas ?? 0) === (rs.spec?.replicas ?? 1),
  });
}

/**
 * Waits, like `kubectl rollout status`, until the Deployment controller has seen the
 * latest spec and every replica is updated and available, or the rollout has stalled with its
 * new Pods stuck (see {@link workloadStuck}). Each step a learner takes on a Deployment is
 * followed by this, so the next one sees a finished (or hopeless) revision.
 * @throws ClusterError after `timeoutMs` ms
 */
export async function waitForRollout(
  client: KubeClient,
  namespace: string,
  name: string,
  timeoutMs = 60_000,
): Promise<void> {
  // A rollout broken on purpose (a wrong answer's bad image) is done once its Pods are stuck.
  const settled = async (): Promise<boolean> => {
    const d = await client.get({ apiVersion: 'apps/v1', kind: 'Deployment' }, name, namespace);
    return d !== undefined && (rolloutComplete(d) || (await workloadStuck(client, namespace, d)));
  };
  await poll(settled, {
    intervalMs: 100,
    timeoutMs,
    done: (ok) => ok,
    onTimeout: () => {
      throw new ClusterError(say('steps.rolloutTimeout', { name, seconds: timeoutMs / 1000 }));
    },
  });
}

/**
 * What `kubectl rollout undo deployment/<name>` does: copy the Pod template of the
 * ReplicaSet with the previous revision back into the Deployment.
 * @throws UsageError when there is no previous revision
 */
async function rolloutUndo(client: KubeClient, namespace: string, name: string): Promise<void> {
  const deployment = await client.get({ apiVersion: 'apps/v1', kind: 'Deployment' }, name, namespace);
  const uid = deployment?.metadata?.uid;
  const owned = (await client.list({ apiVersion: 'apps/v1', kind: 'ReplicaSet' }, namespace)).filter((rs) =>
    rs.metadata?.ownerReferences?.some((r) => r.controller && r.uid === uid),
  );
  const byRevision = owned.sort((a, b) => revisionOf(b) - revisionOf(a));
  const previous: KubeObject | undefined = byRevision[1];
  if (!deployment || !previous) throw new UsageError(say('steps.noPrevious', { name }));
  const template = structuredClone(previous.spec.template);
  delete template.metadata?.labels?.['pod-template-hash'];
  await client.patch(
    { apiVersion: 'apps/v1', kind: 'Deployment' },
    name,
    namespace,
    [{ op: 'replace', path: '/spec/template', value: template }],
    'json',
  );
}
