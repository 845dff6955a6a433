import type { LabReport } from '../checks/result.js';

/** A timing in ms, to 0.1 ms: finer digits are noise. */
const ms = (value: number): number => Math.round(value * 10) / 10;

/** The report with its timings rounded; everything else is the same object, unchanged. */
const rounded = (report: LabReport): LabReport => ({
  ...report,
  durationMs: ms(report.durationMs),
  tasks: report.tasks.map((task) => ({
    ...task,
    checks: task.checks.map((check) => ({ ...check, durationMs: ms(check.durationMs) })),
  })),
});

/**
 * The JSON form of check results (`lab check -o json`), stable for scripts:
 * `{ lab, title, namespace, pass, passed, failed, durationMs, tasks: [{ id, title, points, pass,
 * checks: [{ id, title, pass, summary, problems: [{ message, path?, expected?, actual? }], durationMs }] }], lang }`,
 * where `lang` (`en` or `ko`) is the language of titles, summaries and messages.
 * Only the timings (`durationMs` of a report and of a check) are rounded, to 0.1 ms; the
 * values from the cluster and the lab file (`expected`, `actual`) are written exactly.
 */
export function renderJson(reports: LabReport | LabReport[]): string {
  return JSON.stringify(Array.isArray(reports) ? reports.map(rounded) : rounded(reports), null, 2);
}
