import Table from 'cli-table3';
import { pc } from '../util/colour.js';
import type { LabReport } from '../checks/result.js';
import type { Lab } from '../labs/lab.js';
import { say, textIn, type Lang } from '../i18n/text.js';
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
    pc.bold(say(lang, `Mock exam: ${labs.length} questions, ${total} points, ${length}; pass mark ${passMark}%.`, `모의 시험: ${labs.length}문제, ${total}점, ${length}; 합격선 ${passMark}%.`)),
    say(lang, `Deadline: ${formatWhen(exam.deadline, true)} (local time).`, `마감: ${formatWhen(exam.deadline, true)} (현지 시각).`),
  ];
  labs.forEach((lab, q) => {
    const ns = exam.labs[q]!.namespace;
    const points = lab.tasks.reduce((sum, t) => sum + t.points, 0);
    lines.push('', pc.bold(`${say(lang, 'Question', '문제')} ${q + 1}: ${textIn(lab.title, lang)}`) + pc.dim(` (namespace ${ns}, ${points} ${say(lang, 'points', '점')})`));
    lab.tasks.forEach((task, i) => {
      lines.push(`   ${q + 1}.${i + 1} ${textIn(task.title, lang)}` + pc.dim(` (${task.points} ${say(lang, 'points', '점')})`));
      for (const line of textIn(task.text, lang).trimEnd().split('\n')) lines.push(`       ${line}`);
    });
  });
  lines.push(
    '',
    say(
      lang,
      'Work with kubectl, adding -n <namespace> for each question. `lab exam status` shows the time left; `lab exam submit` scores your work.',
      'kubectl로 작업하되 문제마다 -n <namespace>를 붙이세요. 남은 시간은 `lab exam status`, 채점은 `lab exam submit`.',
    ),
  );
  if (labs.some((l) => l.tasks.some((t) => t.checks.some((c) => c.type === 'file')))) {
    // The task texts say "where you run `lab check`"; in an exam that is where you submit.
    lines.push(
      say(
        lang,
        'Save the files the tasks ask for in the folder where you will run `lab exam submit` (or point to them with `lab exam submit --dir <folder>`).',
        '과제가 요구하는 파일은 `lab exam submit`을 실행할 폴더에 저장하세요 (또는 `lab exam submit --dir <폴더>`).',
      ),
    );
  }
  return lines.join('\n');
}

/**
 * The score sheet: one row per task with points earned of possible (and, for a failed
 * task, its first failing check), then the total against the pass mark, and lateness.
 * @param reports the check reports the result was scored from, for the failure reasons (in their own language)
 * @param lang the language of the sheet's frame (default English)
 */
export function renderExamResult(result: ExamResult, reports: LabReport[], lang: Lang = 'en'): string {
  // Failure reasons can be long: wrap the task column instead of running off the terminal.
  const head = lang === 'ko' ? ['랩', '과제', '점수', ''] : ['LAB', 'TASK', 'POINTS', ''];
  const table = new Table({ head, colWidths: [null, 64, null, null], wordWrap: true, style: { head: [], border: [] } });
  for (const t of result.tasks) {
    const failing = t.pass ? undefined : reports.find((r) => r.lab === t.lab)?.tasks.find((x) => x.id === t.task)?.checks.find((c) => !c.pass);
    const task = failing ? `${t.title}\n${pc.dim(`${failing.title}: ${failing.summary}`)}` : t.title;
    table.push([t.lab, task, `${t.earnedPoints}/${t.possiblePoints}`, t.pass ? pc.green('✓') : pc.red('✗')]);
  }
  const verdict = result.passed ? pc.green(pc.bold(say(lang, 'PASS', '합격'))) : pc.red(pc.bold(say(lang, 'FAIL', '불합격')));
  const score = say(
    lang,
    `${pc.bold(`Score: ${result.percent}%`)} (${result.earnedPoints} of ${result.possiblePoints} points): ${verdict}, pass mark ${result.passMark}%.`,
    `${pc.bold(`점수: ${result.percent}%`)} (${result.possiblePoints}점 중 ${result.earnedPoints}점): ${verdict}, 합격선 ${result.passMark}%.`,
  );
  const lines = [table.toString(), score];
  if (result.late) {
    const over = formatDuration(Date.parse(result.submittedAt) - Date.parse(result.deadline));
    lines.push(pc.yellow(say(lang, `Submitted ${over} after the deadline, so this result is marked late.`, `마감 ${over} 후에 제출했으므로 이 결과는 지각으로 기록됩니다.`)));
  }
  return lines.join('\n');
}
