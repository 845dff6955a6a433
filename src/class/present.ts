import { t } from '../i18n/t.js';
import type { Lang } from '../i18n/text.js';
import type { SeatReport } from './status.js';

/** The mark of a task in the class table: passed or not. */
const mark = (pass: boolean): string => (pass ? '✓' : '✗');

/**
 * The class table for a terminal: one row per learner, one column per lab, each cell a mark per
 * task in the lab's order (✓ passed, ✗ not yet) and the count of tasks passed, e.g. `✓✗ 1/2`.
 */
export function renderBoard(reports: readonly SeatReport[], lang: Lang): string {
  const labs = [...new Set(reports.map((r) => r.lab))];
  const learners = [...new Set(reports.map((r) => r.learner))];
  const cell = (learner: string, lab: string): string => {
    const r = reports.find((x) => x.learner === learner && x.lab === lab)?.report;
    if (!r) return '-';
    const done = r.tasks.filter((task) => task.pass).length;
    return `${r.tasks.map((task) => mark(task.pass)).join('')} ${done}/${r.tasks.length}`;
  };
  const rows = [
    [t(lang, 'class.head.learner'), ...labs],
    ...learners.map((learner) => [learner, ...labs.map((lab) => cell(learner, lab))]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => [...row[i]!].length)));
  return rows
    .map((row) =>
      row
        .map((c, i) => c.padEnd(widths[i]! + [...c].length - c.length))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** A CSV field (RFC 4180): quoted when it holds a comma, a quote or a line break. */
const field = (value: string | number | boolean): string => {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The grade as CSV (RFC 4180): one row per learner, lab and task, with its points and whether it passed. */
export function renderCsv(klass: string, reports: readonly SeatReport[]): string {
  const head = ['class', 'learner', 'lab', 'namespace', 'task', 'points', 'pass', 'checks_passed', 'checks'];
  const rows = reports.flatMap((r) =>
    r.report.tasks.map((task) => [
      klass,
      r.learner,
      r.lab,
      r.namespace,
      task.id,
      task.points,
      task.pass,
      task.checks.filter((c) => c.pass).length,
      task.checks.length,
    ]),
  );
  return [head, ...rows].map((row) => row.map(field).join(',')).join('\r\n') + '\r\n';
}

/** One seat's grade: points earned of the lab's total, and each task. */
export interface SeatGrade {
  learner: string;
  lab: string;
  namespace: string;
  pass: boolean;
  points: number;
  total: number;
  tasks: { id: string; points: number; pass: boolean; problems: string[] }[];
}

/** The grade of every seat (points of passed tasks), for `-o json`. */
export function grades(reports: readonly SeatReport[]): SeatGrade[] {
  return reports.map((r) => ({
    learner: r.learner,
    lab: r.lab,
    namespace: r.namespace,
    pass: r.report.pass,
    points: r.report.tasks.filter((task) => task.pass).reduce((sum, task) => sum + task.points, 0),
    total: r.report.tasks.reduce((sum, task) => sum + task.points, 0),
    tasks: r.report.tasks.map((task) => ({
      id: task.id,
      points: task.points,
      pass: task.pass,
      problems: task.checks.filter((c) => !c.pass).map((c) => c.summary),
    })),
  }));
}
