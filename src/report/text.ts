import { pc } from '../util/colour.js';
import type { LabReport } from '../checks/result.js';
import { t } from '../i18n/t.js';

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
    const mark = task.pass ? pc.green(t(lang, 'report.pass')) : pc.red(t(lang, 'report.fail'));
    const head = t(lang, 'report.task', { n: i + 1, title: task.title });
    const count = t(lang, 'report.checks', { ok, total: task.checks.length });
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
      if (key === previous) out.push(`      ${pc.dim(t(lang, 'report.sameCause'))}`);
      else for (const line of lines) out.push(`      ${pc.yellow(line)}`);
      previous = key;
    }
  });
  const total = report.passed + report.failed;
  out.push('');
  out.push(
    report.pass
      ? pc.green(pc.bold(t(lang, 'report.allPass', { total })))
      : t(lang, 'report.somePass', { passed: report.passed, total }) +
          pc.dim(t(lang, 'report.hint', { lab: report.lab })),
  );
  return out.join('\n');
}
