import { pc } from '../util/colour.js';
import { t } from '../i18n/t.js';
import type { Lang } from '../i18n/text.js';
import { formatWhen } from '../progress/present.js';
import { elsewhereText, namespaceOf } from './present.js';
import type { ExamResult } from './result.js';

/**
 * The review of a submitted exam, task by task in paper order: points, the flag, what was
 * right, what was wrong (every problem) and where the work went when it was done in another
 * question's context, then the reference solution's commands. Check texts are in the language
 * the exam was submitted in (`result.lang`); the frame is in `lang`.
 * @param result a recorded exam; tasks without a review (records from before reviews) show their score only
 */
export function renderReview(result: ExamResult, lang: Lang): string {
  const verdict = result.passed ? pc.green(pc.bold(t(lang, 'exam.pass'))) : pc.red(pc.bold(t(lang, 'exam.fail')));
  const lines = [
    pc.bold(
      t(lang, 'review.head', {
        when: formatWhen(result.submittedAt, true),
        percent: result.percent,
        earned: result.earnedPoints,
        possible: result.possiblePoints,
      }),
    ) + ` ${verdict}`,
  ];
  let lab: string | undefined;
  let question = 0;
  for (const task of result.tasks) {
    if (task.lab !== lab) {
      lab = task.lab;
      question++;
      const where = task.context
        ? t(lang, 'review.inContext', { context: task.context, ns: namespaceOf(result, lab) })
        : t(lang, 'review.inNamespace', { ns: namespaceOf(result, lab) });
      lines.push('', pc.bold(t(lang, 'exam.question', { n: question, title: lab })) + pc.dim(` (${where})`));
    }
    const mark = task.pass ? pc.green('✓') : pc.red('✗');
    const flag = task.flagged ? ` ${pc.yellow(`⚑ ${t(lang, 'review.flagged')}`)}` : '';
    const points = pc.dim(`(${task.earnedPoints}/${task.possiblePoints})`);
    lines.push(`${mark} ${task.number ?? task.task} ${task.title} ${points}${flag}`);
    const review = task.review;
    if (!review) continue;
    if (review.right.length) {
      lines.push(`    ${pc.green(t(lang, 'review.right'))}`);
      for (const c of review.right) lines.push(`      ✓ ${c.check}`);
    }
    if (review.wrong.length) {
      lines.push(`    ${pc.red(t(lang, 'review.wrong'))}`);
      for (const c of review.wrong) {
        lines.push(`      ✗ ${c.check}: ${c.summary}`);
        for (const p of c.problems ?? []) lines.push(pc.dim(`          ${p}`));
      }
    }
    if (review.elsewhere) {
      const own = { namespace: namespaceOf(result, task.lab), context: task.context };
      lines.push(`    ${pc.yellow(elsewhereText(review.elsewhere, own, lang))}`);
    }
    lines.push(`    ${t(lang, 'review.solution', { lab: task.lab })}`);
    for (const step of review.solution) {
      lines.push(`      $ ${step.run}` + (step.file ? pc.dim(`   # ${step.file}`) : ''));
    }
  }
  if (result.tasks.some((task) => !task.review)) lines.push('', pc.dim(t(lang, 'review.old')));
  return lines.join('\n');
}
