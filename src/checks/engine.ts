import { textIn, type Lang, type LocalText } from '../i18n/text.js';
import { t } from '../i18n/t.js';
import type { KubeClient } from '../kube/client.js';
import { ApiError } from '../kube/client.js';
import { isClusterWide } from '../errors.js';
import type { Outcome } from './result.js';
import { runCheck, type Check } from './kinds/index.js';
import type { CheckResult, LabReport, TaskResult } from './result.js';
import { NamespaceView, type ObjectSource } from './view.js';

/**
 * What the engine needs of a lab: its id, title and tasks with their checks. A loaded lab
 * (src/labs/lab.ts) is one; the engine does not depend on how labs are read.
 */
export interface CheckedLab {
  id: string;
  title: LocalText;
  tasks: readonly { id: string; title: LocalText; points: number; checks: readonly Check[] }[];
}

/** Options for {@link runChecks}. */
export interface RunOptions {
  /** Language of the report: titles, summaries and problem messages (`lab validate` runs in English). */
  lang: Lang;
  /** Only these task ids (default: all). */
  tasks?: string[];
  /** The learner's working folder for `file` checks (default: the current folder). */
  workDir?: string;
  /** Objects kept current by watches (`lab check --watch`), read instead of listing. */
  source?: ObjectSource;
}

/**
 * Milliseconds from a monotonic clock; the global `performance` would load perf_hooks
 * (~10 built-in modules) on every check.
 */
const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/**
 * Runs every check of a lab against one namespace and gathers a report. All checks
 * share one {@link NamespaceView}, so each kind is listed once per run. Messages are
 * in `options.lang`, which the report records as `lang`.
 * @throws ClusterError when the cluster cannot be reached, AccessError when it refuses the user; any other
 *   error inside one check (an API error such as a kind the cluster does not serve, a file
 *   that cannot be read, a bug) fails that check only, with one sentence, and the other
 *   checks are still reported.
 */
export async function runChecks(
  lab: CheckedLab,
  client: KubeClient,
  namespace: string,
  options: RunOptions,
): Promise<LabReport> {
  const started = nowMs();
  const view = new NamespaceView(client, namespace, options.workDir, options.source, options.lang);
  const tasks: TaskResult[] = await Promise.all(
    lab.tasks
      .filter((t) => !options.tasks || options.tasks.includes(t.id))
      .map(async (task) => {
        const checks = await Promise.all(
          task.checks.map(async (check): Promise<CheckResult> => {
            const t0 = nowMs();
            const outcome = await Promise.resolve()
              .then(() => runCheck(check, view))
              .catch((err: unknown) => checkError(err, options.lang));
            return { id: check.id, title: textIn(check.title, options.lang), ...outcome, durationMs: nowMs() - t0 };
          }),
        );
        return {
          id: task.id,
          title: textIn(task.title, options.lang),
          points: task.points,
          pass: checks.every((c) => c.pass),
          checks,
        };
      }),
  );
  const all = tasks.flatMap((t) => t.checks);
  const passedCount = all.filter((c) => c.pass).length;
  return {
    lab: lab.id,
    title: textIn(lab.title, options.lang),
    namespace,
    pass: passedCount === all.length,
    tasks,
    passed: passedCount,
    failed: all.length - passedCount,
    durationMs: nowMs() - started,
    lang: options.lang,
  };
}

/**
 * What an error thrown inside one check becomes: that check's failure, in one sentence.
 * Errors about the whole cluster (unreachable, not ready: ClusterError; 401, 403: AccessError) end the whole run.
 * @throws the error itself when it is about the cluster
 */
export function checkError(err: unknown, lang: Lang): Outcome {
  if (isClusterWide(err)) throw err;
  if (err instanceof ApiError) {
    const summary = t(lang, 'engine.apiError', { status: err.status, message: err.message });
    return { pass: false, summary, problems: [] };
  }
  const message = (err instanceof Error ? err.message : String(err)).split('\n')[0]!.replace(/\.$/, '');
  return { pass: false, summary: t(lang, 'engine.cannotRun', { message }), problems: [] };
}
