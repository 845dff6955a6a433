import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { KubeClient } from '../kube/client.js';
import { deleteLabNamespace, emptyNamespace } from '../kube/namespace.js';
import { runChecks } from '../checks/engine.js';
import type { LabReport } from '../checks/result.js';
import { memoryLog } from '../util/log.js';
import { poll } from '../util/poll.js';
import type { Lab } from './lab.js';
import { startLab } from './lifecycle.js';
import { undoControlPlaneChanges } from './control-plane-setup.js';
import { runSteps, type StepContext } from './steps.js';
import type { Step } from './schema.js';
import { readManifest } from './manifests.js';
import { deleteLabClusterObjects } from './ownership.js';
import { needsLabNodes } from './lab-nodes.js';
import { copyLabFiles } from './lab-files.js';
import { ensureGatewayApi } from '../cluster/gateway-crds.js';

/** One proof about a lab's checks. */
export interface ValidationCase {
  /** What is proven, e.g. `wrong answer "replicas left at 3" fails rs-replicas-6`. */
  name: string;
  kind: 'setup' | 'solution' | 'wrong' | 'alternative';
  task?: string;
  ok: boolean;
  /** Why it failed (empty when ok). */
  detail: string;
  durationMs: number;
}

/** The self-test of one lab. */
export interface LabValidation {
  lab: string;
  ok: boolean;
  cases: ValidationCase[];
}

/** Timeouts for {@link validateLab}, in ms. */
export interface ValidateOptions {
  /** How long a solution or alternative may take to pass (default 60 000). */
  passWithinMs?: number;
  /** How long to wait for the cluster to settle after a wrong answer (default 15 000). */
  settleMs?: number;
  /**
   * For a lab that `requires: [gateway-api]`: install the Gateway API CRDs when the cluster does not
   * serve them (cka-lab's local cluster only; default false: such a cluster is refused, see ensureGatewayApi).
   */
  installGatewayApi?: boolean;
}

/**
 * Proves a lab's checks on a real cluster, each case in a fresh namespace and folder:
 * 1. on the setup state, every task fails;
 * 2. after the reference solution, every check passes;
 * 3. each wrong answer (after the earlier tasks' solutions) fails the checks it names, with its message;
 * 4. each alternative correct answer passes every check of its task.
 * A check that passes on an untouched lab, or fails on a correct answer, shows up here.
 */
export async function validateLab(lab: Lab, client: KubeClient, options: ValidateOptions = {}): Promise<LabValidation> {
  await ensureGatewayApi(lab, client, options.installGatewayApi ?? false, memoryLog());
  const passWithin = options.passWithinMs ?? 60_000;
  const settle = options.settleMs ?? 15_000;
  const before = (taskId: string) =>
    lab.tasks
      .slice(
        0,
        lab.tasks.findIndex((t) => t.id === taskId),
      )
      .flatMap((t) => t.solution);

  // A nodePort is unique in the whole cluster, so cases that set one run one at a
  // time, and free it (by deleting their Services) before the next starts.
  let exclusive: Promise<unknown> = Promise.resolve();
  const serialized = <T>(run: () => Promise<T>): Promise<T> => {
    const next = exclusive.then(run, run);
    exclusive = next.catch(() => undefined);
    return next;
  };
  // Restoring etcd takes the whole cluster back to a snapshot, other cases' namespaces included.
  // So does a lab that changes the control plane (its `controlPlane:` breakage is undone before each setup).
  const restoresEtcd = restoresCluster(lab) || (lab.controlPlane ?? []).length > 0;

  /** Runs `body` in a fresh started lab, cleaning up after. */
  const inFreshLab = (
    name: string,
    kind: ValidationCase['kind'],
    task: string | undefined,
    steps: Step[],
    body: (ctx: StepContext) => Promise<string>,
  ): Promise<ValidationCase> => {
    const holdsPort = holdsNodePort(lab, steps);
    const run = () => caseIn(name, kind, task, holdsPort, body);
    // The lab's cluster-scoped objects have fixed names too: such labs run one case at a time.
    return holdsPort || lab.clusterScoped.length > 0 || restoresEtcd ? serialized(run) : runtimeTurn(run);
  };
  // A real node's kubelet starts and stops a few containers a second: a lab that needs real
  // containers runs at most RUNTIME_CASES cases at a time, so each case's Pods come and go in time.
  const runtimeTurn = (lab.requires ?? []).includes('runtime')
    ? limiter(RUNTIME_CASES)
    : <T>(run: () => Promise<T>): Promise<T> => run();

  const caseIn = async (
    name: string,
    kind: ValidationCase['kind'],
    task: string | undefined,
    holdsPort: boolean,
    body: (ctx: StepContext) => Promise<string>,
  ): Promise<ValidationCase> => {
    const started = performance.now();
    const namespace = `v-${lab.id}-${randomBytes(3).toString('hex')}`.slice(0, 63);
    const workDir = mkdtempSync(join(tmpdir(), 'cka-lab-validate-'));
    try {
      if (lab.clusterScoped.length) await deleteLabClusterObjects(client, lab);
      await startLab(lab, client, namespace, memoryLog());
      copyLabFiles(lab, workDir); // as lab start leaves the learner's folder
      const detail = await body({ client, namespace, root: lab.root, workDir, owner: lab });
      return { name, kind, task, ok: detail === '', detail, durationMs: performance.now() - started };
    } catch (err) {
      return {
        name,
        kind,
        task,
        ok: false,
        detail: `error: ${err instanceof Error ? err.message : String(err)}`,
        durationMs: performance.now() - started,
      };
    } finally {
      rmSync(workDir, { recursive: true, force: true });
      if (holdsPort) {
        const services = await client.list({ apiVersion: 'v1', kind: 'Service' }, namespace).catch(() => []);
        await Promise.all(
          services.map((svc) =>
            client.delete({ apiVersion: 'v1', kind: 'Service' }, svc.metadata!.name!, namespace).catch(() => undefined),
          ),
        );
      }
      // A claim keeps its PersistentVolume until the claim is gone, and the namespace controller gets to
      // claims only after some seconds: delete the Pods and claims first, so the lab's volumes go at once.
      if (lab.clusterScoped.includes('PersistentVolume')) await deleteClaims(client, namespace).catch(() => undefined);
      // The lab's own Nodes are deleted next: its Pods go first, or a Node made again with that name would hold them.
      if (needsLabNodes(lab)) await emptyNamespace(client, namespace).catch(() => undefined);
      void deleteLabNamespace(client, namespace, 0).catch(() => undefined); // do not wait for finalizers
      if (lab.clusterScoped.length) await deleteLabClusterObjects(client, lab).catch(() => undefined);
    }
  };

  /** Re-checks until every check of `tasks` passes, or the time is up. */
  const passes = async (ctx: StepContext, tasks?: string[]): Promise<string> => {
    const report = await poll(
      () => runChecks(lab, client, ctx.namespace, { lang: 'en', tasks, workDir: ctx.workDir }),
      {
        intervalMs: 250,
        timeoutMs: passWithin,
        done: (r) => r.pass,
      },
    );
    if (report.pass) return '';
    const failing = report.tasks.flatMap((t) => t.checks.filter((c) => !c.pass).map((c) => `${c.id} (${c.summary})`));
    return `still failing after ${passWithin / 1000} s: ${failing.join('; ')}`;
  };

  /**
   * Re-checks until the set of failing checks is the same three times in a row (the cluster
   * settled) and `expected` says the report is what the case expects, or the settle time is up;
   * returns the last report. Waiting for the expected state, not
   * just a quiet one, is for slow controllers: under load the ReplicaSet controller can take seconds to
   * adopt Pods, and a second of quiet before it acts is not the state the learner would end in.
   */
  const settled = async (ctx: StepContext, expected: (report: LabReport) => boolean): Promise<LabReport> => {
    let last = '';
    let same = 0;
    const isSettled = (report: LabReport): boolean => {
      const key = JSON.stringify(
        report.tasks.flatMap((t) => t.checks.filter((c) => !c.pass).map((c) => [c.id, c.summary])),
      );
      same = key === last ? same + 1 : 0;
      last = key;
      return same >= 2;
    };
    return poll(() => runChecks(lab, client, ctx.namespace, { lang: 'en', workDir: ctx.workDir }), {
      intervalMs: 300,
      timeoutMs: settle,
      done: (report) => isSettled(report) && expected(report),
    });
  };

  const cases: Promise<ValidationCase>[] = [];
  cases.push(
    inFreshLab('every task fails on the setup state', 'setup', undefined, [], async (ctx) => {
      const report = await runChecks(lab, client, ctx.namespace, { lang: 'en', workDir: ctx.workDir });
      const passing = report.tasks.filter((t) => t.pass).map((t) => t.id);
      return passing.length
        ? `task${passing.length > 1 ? 's' : ''} ${passing.join(', ')} ` +
            `already pass${passing.length > 1 ? '' : 'es'} before the learner did anything`
        : '';
    }),
  );
  cases.push(
    inFreshLab(
      'every check passes after the reference solution',
      'solution',
      undefined,
      lab.tasks.flatMap((t) => t.solution),
      async (ctx) => {
        await runSteps(
          lab.tasks.flatMap((t) => t.solution),
          ctx,
        );
        return passes(ctx);
      },
    ),
  );
  for (const task of lab.tasks) {
    for (const wrong of task.wrong) {
      const steps: Step[] = [...before(task.id), ...wrong.steps];
      cases.push(
        inFreshLab(
          `wrong answer "${wrong.name}" fails ${wrong.fails.join(', ')}`,
          'wrong',
          task.id,
          steps,
          async (ctx) => {
            await runSteps(steps, ctx);
            const problemsOf = (report: LabReport): string => {
              const checks = report.tasks.flatMap((t) => t.checks);
              const problems: string[] = [];
              for (const id of wrong.fails) {
                const check = checks.find((c) => c.id === id)!;
                if (check.pass) problems.push(`${id} passes (${check.summary})`);
              }
              if (wrong.message) {
                const texts = checks
                  .filter((c) => wrong.fails.includes(c.id))
                  .flatMap((c) => [c.summary, ...c.problems.map((p) => p.message)]);
                if (!texts.some((t) => t.includes(wrong.message!)))
                  problems.push(`no message contains "${wrong.message}"; got: ${texts.join(' | ')}`);
              }
              if (report.tasks.find((t) => t.id === task.id)?.pass) problems.push(`task ${task.id} passes`);
              return problems.join('; ');
            };
            return problemsOf(await settled(ctx, (report) => problemsOf(report) === ''));
          },
        ),
      );
    }
    for (const alt of task.alternatives) {
      const steps: Step[] = [...before(task.id), ...alt.steps];
      cases.push(
        inFreshLab(`alternative "${alt.name}" passes task ${task.id}`, 'alternative', task.id, steps, async (ctx) => {
          await runSteps(steps, ctx);
          return passes(ctx, [task.id]);
        }),
      );
    }
  }
  const results = await Promise.all(cases);
  // The last case's control-plane breakage (controlPlane:) is not left behind for the learner.
  if ((lab.controlPlane ?? []).length > 0) await undoControlPlaneChanges();
  return { lab: lab.id, ok: results.every((c) => c.ok), cases: results };
}

/** How many cases of a lab that `requires: [runtime]` run at once (see {@link validateLab}). */
const RUNTIME_CASES = 6;

/** Runs the functions given to it at most `max` at a time, in the order they came. */
function limiter(max: number): <T>(run: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(run: () => Promise<T>): Promise<T> => {
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await run();
    } finally {
      active--;
      waiting.shift()?.();
    }
  };
}

/** Whether a step of the lab runs `lab cluster etcd-restore` (its cases then run one at a time). */
function restoresCluster(lab: Lab): boolean {
  const steps = lab.tasks.flatMap((t) => [
    ...t.solution,
    ...t.wrong.flatMap((w) => w.steps),
    ...t.alternatives.flatMap((a) => a.steps),
  ]);
  return steps.some((s) => s.exec === true && /\blab cluster etcd-restore\b/.test(s.run ?? ''));
}

/** Deletes the Pods and PersistentVolumeClaims of a validation namespace (claims wait for their Pods). */
async function deleteClaims(client: KubeClient, namespace: string): Promise<void> {
  for (const ref of [
    { apiVersion: 'v1', kind: 'Pod' },
    { apiVersion: 'v1', kind: 'PersistentVolumeClaim' },
  ]) {
    const items = await client.list(ref, namespace);
    await Promise.all(items.map((o) => client.delete(ref, o.metadata!.name!, namespace).catch(() => false)));
  }
}

/** Whether the steps (or the lab's setup) create a Service with a fixed nodePort. */
export function holdsNodePort(lab: Lab, steps: Step[]): boolean {
  const files = [...lab.setup, ...steps.flatMap((s) => (s.apply ? [s.apply] : []))];
  const fromFiles = files.some((f) =>
    readManifest(lab.root, f).some(
      (o) => o.kind === 'Service' && (o.spec?.ports ?? []).some((p: { nodePort?: number }) => p.nodePort),
    ),
  );
  return fromFiles || steps.some((s) => JSON.stringify(s.patch ?? {}).includes('"nodePort"'));
}
