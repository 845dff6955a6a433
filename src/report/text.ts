import { pc } from '../util/colour.js';
import type { LabReport } from '../checks/result.js';
import { say } from '../i18n/text.js';

/**
 * Renders a report for a terminal: one line per check with ✓ or ✗, and under each
 * failed check every problem, field by field. Colour follows NO_COLOR and the TTY
 * (see util/colour.ts). The frame (task lines, the summary) is in `report.lang`
 * (English when absent), like the messages the checks wrote. Never throws.
 */
export function renderText(report: LabReport): string {
  const lang = report.lang ?? 'en';
  const out: string[] = [];
  out.push(pc.bold(`${report.lab}: ${report.title}`) + pc.dim(`  (namespace ${report.namespace})`));
  report.tasks.forEach((task, i) => {
    const ok = task.checks.filter((c) => c.pass).length;
    const mark = task.pass ? pc.green(say(lang, 'PASS', '통과')) : pc.red(say(lang, 'FAIL', '실패'));
    const head = say(lang, `Task ${i + 1}: ${task.title}`, `과제 ${i + 1}: ${task.title}`);
    const count = say(lang, `(${ok}/${task.checks.length} checks)`, `(검사 ${ok}/${task.checks.length})`);
    out.push('', `${mark} ${pc.bold(head)} ${pc.dim(count)}`);
    let previous = '';
    for (const check of task.checks) {
      if (check.pass) {
        out.push(`  ${pc.green('✓')} ${check.title}`);
        continue;
      }
      out.push(`  ${pc.red('✗')} ${check.title}`);
      const lines = check.problems.length ? check.problems.map((p) => p.message) : [check.summary];
      // One missing object fails every check on it; say the cause once.
      const key = lines.join('\n');
      if (key === previous) out.push(`      ${pc.dim(say(lang, '(the same cause as above)', '(위와 같은 원인)'))}`);
      else for (const line of lines) out.push(`      ${pc.yellow(line)}`);
      previous = key;
    }
  });
  const total = report.passed + report.failed;
  out.push('');
  out.push(
    report.pass
      ? pc.green(pc.bold(say(lang, `All ${total} checks pass.`, `검사 ${total}개를 모두 통과했습니다.`)))
      : say(lang, `${report.passed} of ${total} checks pass. `, `검사 ${total}개 중 ${report.passed}개를 통과했습니다. `) +
          pc.dim(say(lang, `Run \`lab hint ${report.lab}\` for a hint.`, `힌트를 보려면 \`lab hint ${report.lab}\` 명령을 실행하세요.`)),
  );
  return out.join('\n');
}
