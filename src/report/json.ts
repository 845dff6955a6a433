import type { LabReport } from '../checks/result.js';

/**
 * The JSON form of check results (`lab check -o json`), stable for scripts:
 * `{ lab, title, namespace, pass, passed, failed, durationMs, tasks: [{ id, title, points, pass,
 * checks: [{ id, title, pass, summary, problems: [{ message, path?, expected?, actual? }], durationMs }] }], lang }`,
 * where `lang` (`en` or `ko`) is the language of titles, summaries and messages.
 */
export function renderJson(reports: LabReport | LabReport[]): string {
  return JSON.stringify(reports, (_key, value) => (typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 10) / 10 : value), 2);
}
