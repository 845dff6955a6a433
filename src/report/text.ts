import { pc } from '../util/colour.js';
import type { LabReport } from '../checks/result.js';

/**
 * Renders a report for a terminal: one line per check with ✓ or ✗, and under each
 * failed check every problem, field by field. Colour follows NO_COLOR and the TTY
 * (see util/colour.ts).
 */
export function renderText(report: LabReport): string {
  const out: string[] = [];
  out.push(pc.bold(`${report.lab}: ${report.title}`) + pc.dim(`  (namespace ${report.namespace})`));
  report.tasks.forEach((task, i) => {
    const ok = task.checks.filter((c) => c.pass).length;
    const mark = task.pass ? pc.green('PASS') : pc.red('FAIL');
    out.push('', `${mark} ${pc.bold(`Task ${i + 1}: ${task.title}`)} ${pc.dim(`(${ok}/${task.checks.length} checks)`)}`);
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
      if (key === previous) out.push(`      ${pc.dim('(the same cause as above)')}`);
      else for (const line of lines) out.push(`      ${pc.yellow(line)}`);
      previous = key;
    }
  });
  const total = report.passed + report.failed;
  out.push('');
  out.push(
    report.pass
      ? pc.green(pc.bold(`All ${total} checks pass.`))
      : `${report.passed} of ${total} checks pass. ${pc.dim(`Run \`lab hint ${report.lab}\` for a hint.`)}`,
  );
  return out.join('\n');
}

