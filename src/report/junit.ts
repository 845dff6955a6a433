import junitModule, { type Builder } from 'junit-report-builder';
import type { LabReport } from '../checks/result.js';
import type { Problem } from '../checks/result.js';
import { show } from '../checks/match.js';

// The package is CommonJS with `module.exports = builder`, while its typings declare an
// ES default export; under NodeNext the typings would point one level too deep.
const junit = junitModule as unknown as Builder;

/** One problem for people: its message, then the field with expected vs actual when it has them. */
const describeProblem = (p: Problem): string =>
  p.path !== undefined && (p.expected !== undefined || p.actual !== undefined)
    ? `${p.message}\n  field: ${p.path}\n  expected: ${show(p.expected)}\n  actual: ${show(p.actual)}`
    : p.message;

/**
 * JUnit XML for graders and CI (`lab check -o junit`): one <testsuite> per lab, one
 * <testcase> per check (classname `<lab>.<task>`, name the check title, time in
 * seconds); a failing check carries a <failure> whose message is its summary and whose
 * body (the text CI views show) lists every problem with expected vs actual; the same
 * list is in the test case's <system-out>.
 */
export function renderJunit(reports: LabReport[]): string {
  const builder = junit.newBuilder().name('cka-lab');
  for (const report of reports) {
    const suite = builder
      .testSuite()
      .name(`${report.lab} (${report.namespace})`)
      .time(report.durationMs / 1000);
    for (const task of report.tasks) {
      for (const check of task.checks) {
        const testCase = suite
          .testCase()
          .className(`${report.lab}.${task.id}`)
          .name(`${check.id}: ${check.title}`)
          .time(check.durationMs / 1000);
        if (!check.pass) {
          testCase.failure(check.summary, 'CheckFailed');
          const body = (check.problems.length ? check.problems.map(describeProblem) : [check.summary]).join('\n');
          // The library's name for a failure's body (a CDATA section inside <failure>).
          testCase.stacktrace(body);
          testCase.standardOutput(body);
        }
      }
    }
  }
  return builder.build();
}
