import Table from 'cli-table3';
import { pc } from '../util/colour.js';
import { fitToTerminal } from '../util/table.js';
import type { LabReport } from '../checks/result.js';
import type { Lab } from '../labs/lab.js';
import { textIn, type Lang } from '../i18n/text.js';
import { t } from '../i18n/t.js';
import { formatWhen } from '../progress/present.js';
import { formatDuration } from './duration.js';
import type { ExamResult } from './result.js';
import type { ExamState } from './state.js';

/**
 * The exam paper: each lab is a question in its namespace, with every task's points,
 * the total, the deadline and how to submit. Hints are left out on purpose: it is an exam.
 * @param labs the labs of `exam`, in question order
 */
export function renderExamPaper(exam: ExamState, labs: Lab[], lang: Lang, passMark: number): string {
  const total = labs.flatMap((l) => l.tasks).reduce((sum, t) => sum + t.points, 0);
  const length = formatDuration(exam.durationMs);
  const lines = [
    pc.bold(t(lang, 'exam.paper', { questions: labs.length, total, length, passMark })),
    t(lang, 'exam.deadline', { when: formatWhen(exam.deadline, true) }),
  ];
  labs.forEach((lab, q) => {
    const { namespace: ns, context } = exam.labs[q]!;
    const points = lab.tasks.reduce((sum, t) => sum + t.points, 0);
    const question = t(lang, 'exam.question', { n: q + 1, title: textIn(lab.title, lang) });
    lines.push('', pc.bold(question) + pc.dim(` (namespace ${ns}, ${t(lang, 'exam.points', { points })})`));
    // As the real exam: each question says which context (here, which namespace) to work in.
    if (context)
      lines.push(
        `   ${pc.bold(t(lang, 'exam.useContext', { context }))}` + pc.dim(`  kubectl config use-context ${context}`),
      );
    lab.tasks.forEach((task, i) => {
      const points = t(lang, 'exam.points', { points: task.points });
      lines.push(`   ${q + 1}.${i + 1} ${textIn(task.title, lang)}` + pc.dim(` (${points})`));
      for (const line of textIn(task.text, lang).trimEnd().split('\n')) lines.push(`       ${line}`);
    });
  });
  lines.push('', exam.contexts ? t(lang, 'exam.workContexts') : t(lang, 'exam.work'));
  if (labs.some((l) => l.tasks.some((t) => t.checks.some((c) => c.type === 'file')))) {
    // The task texts say "where you run `lab check`"; in an exam that is where you submit.
    lines.push(t(lang, 'exam.files'));
  }
  return lines.join('\n');
}

/**
 * One sentence on where a failed task's work seems to be: another question's context (and the
 * one this question uses, with the command to switch), or another namespace.
 * @param own the task's question: its namespace, and its context when the exam had contexts
 */
export function elsewhereText(
  where: { namespace: string; context?: string },
  own: { namespace: string; context?: string },
  lang: Lang,
): string {
  if (where.context && own.context)
    return t(lang, 'exam.elsewhereContext', { context: where.context, ns: where.namespace, own: own.context });
  return t(lang, 'exam.elsewhereNamespace', { ns: where.namespace, own: own.namespace });
}

/**
 * The score sheet: one row per task with points earned of possible (and, for a failed
 * task, its first failing check), then the total against the pass mark, and lateness.
 * @param reports the check reports the result was scored from, for the failure reasons (in their own language)
 * @param lang the language of the sheet's frame (default English)
 */
export function renderExamResult(result: ExamResult, reports: LabReport[], lang: Lang = 'en'): string {
  // Failure reasons can be long: wrap the task column instead of running off the terminal (fitted
  // to the terminal's width; 64 columns into a pipe). Lab ids are never cut.
  const head = [t(lang, 'exam.head.lab'), t(lang, 'exam.head.task'), t(lang, 'exam.head.points'), ''];
  const sheet = new Table({ head, colWidths: [null, 64, null, null], wordWrap: true, style: { head: [], border: [] } });
  const table = fitToTerminal(sheet, { keep: [0] });
  for (const t of result.tasks) {
    const failing = t.pass
      ? undefined
      : reports
          .find((r) => r.lab === t.lab)
          ?.tasks.find((x) => x.id === t.task)
          ?.checks.find((c) => !c.pass);
    const where = t.review?.elsewhere;
    const why = [
      failing && pc.dim(`${failing.title}: ${failing.summary}`),
      where && pc.yellow(elsewhereText(where, { namespace: namespaceOf(result, t.lab), context: t.context }, lang)),
    ].filter(Boolean);
    const task = [t.title, ...why].join('\n');
    table.push([t.lab, task, `${t.earnedPoints}/${t.possiblePoints}`, t.pass ? pc.green('✓') : pc.red('✗')]);
  }
  const verdict = result.passed ? pc.green(pc.bold(t(lang, 'exam.pass'))) : pc.red(pc.bold(t(lang, 'exam.fail')));
  const score = t(lang, 'exam.scoreLine', {
    score: pc.bold(t(lang, 'exam.score', { percent: result.percent })),
    earned: result.earnedPoints,
    possible: result.possiblePoints,
    verdict,
    passMark: result.passMark,
  });
  const lines = [table.toString(), score];
  if (result.late) {
    const over = formatDuration(Date.parse(result.submittedAt) - Date.parse(result.deadline));
    lines.push(pc.yellow(t(lang, 'exam.late', { over })));
  }
  return lines.join('\n');
}

/** The namespace a lab's question ran in, from a result. */
export const namespaceOf = (result: ExamResult, lab: string): string =>
  result.labs.find((l) => l.lab === lab)?.namespace ?? '';
