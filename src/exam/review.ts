import { runChecks } from '../checks/engine.js';
import type { LabReport, TaskResult } from '../checks/result.js';
import type { KubeClient } from '../kube/client.js';
import type { Lab } from '../labs/lab.js';
import type { Task } from '../labs/schema.js';
import type { Lang } from '../i18n/text.js';
import type { TaskReview } from '../progress/exam-record.js';

/** A question of the exam as the review needs it: its lab, namespace and context. */
export interface ReviewQuestion {
  lab: Lab;
  namespace: string;
  context?: string;
}

/**
 * The review of one task from its check results: what passed, what failed (every problem's
 * sentence) and the reference solution's commands, each with the file it applies or writes.
 * @param elsewhere where the task's work seems to have gone (see {@link findElsewhere})
 */
export function taskReview(result: TaskResult, task: Task, elsewhere?: TaskReview['elsewhere']): TaskReview {
  return {
    right: result.checks.filter((c) => c.pass).map((c) => ({ check: c.title, summary: c.summary })),
    wrong: result.checks
      .filter((c) => !c.pass)
      .map((c) => ({
        check: c.title,
        summary: c.summary,
        problems: c.problems.map((p) => p.message).filter((m) => m !== c.summary),
      })),
    solution: task.solution.map((s) => {
      const file = s.writeFile?.path ?? s.apply ?? s.writeFile?.from;
      return file ? { run: s.run, file } : { run: s.run };
    }),
    ...(elsewhere ? { elsewhere } : {}),
  };
}

/**
 * Where the work of a task that failed in its own namespace went, judged by running the task's
 * checks in every other question's namespace: the first namespace where the whole task
 * passes (the learner worked in that question's context), else one that a failed check's
 * message names as holding the missing object (`describe.otherNamespace`). A check run that
 * fails is treated as "not there".
 * @param questions the exam's questions, in order
 * @param q the index of the task's question
 * @param workDir the folder the task's file checks read when scored
 */
export async function findElsewhere(
  client: KubeClient,
  questions: readonly ReviewQuestion[],
  q: number,
  result: TaskResult,
  lang: Lang,
  workDir: string,
): Promise<TaskReview['elsewhere']> {
  const own = questions[q]!;
  const others = questions.filter((_, i) => i !== q && questions[i]!.namespace !== own.namespace);
  for (const other of others) {
    const report = await runChecks(own.lab, client, other.namespace, { lang, tasks: [result.id], workDir }).catch(
      () => undefined,
    );
    if (report?.tasks[0]?.pass) return where(other);
  }
  const text = result.checks
    .filter((c) => !c.pass)
    .flatMap((c) => [c.summary, ...c.problems.map((p) => p.message)])
    .join('\n');
  const named = others.find((o) => new RegExp(`(?<![\\w-])${o.namespace}(?![\\w-])`).test(text));
  return named ? where(named) : undefined;
}

const where = (q: ReviewQuestion): NonNullable<TaskReview['elsewhere']> =>
  q.context ? { namespace: q.namespace, context: q.context } : { namespace: q.namespace };

/**
 * The reviews of every task of an exam, in report order, keyed `<lab>/<task>`: failed tasks
 * are looked for in the other questions' namespaces (see {@link findElsewhere}).
 * @param reports one report per question, in question order
 * @param workDirOf the folder a question's file checks read, by namespace
 */
export async function reviewExam(
  client: KubeClient,
  questions: readonly ReviewQuestion[],
  reports: readonly LabReport[],
  lang: Lang,
  workDirOf: (namespace: string) => string,
): Promise<Map<string, TaskReview>> {
  const reviews = new Map<string, TaskReview>();
  for (const [q, report] of reports.entries()) {
    const question = questions[q]!;
    for (const result of report.tasks) {
      const task = question.lab.tasks.find((t) => t.id === result.id)!;
      const elsewhere = result.pass
        ? undefined
        : await findElsewhere(client, questions, q, result, lang, workDirOf(question.namespace));
      reviews.set(`${report.lab}/${result.id}`, taskReview(result, task, elsewhere));
    }
  }
  return reviews;
}
