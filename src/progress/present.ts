import Table from 'cli-table3';
import { say } from '../i18n/current.js';
import { pc } from '../util/colour.js';
import { fitToTerminal } from '../util/table.js';
import type { ExamResult } from './exam-record.js';
import type { Progress } from './store.js';

/** A lab as `lab progress` lists it. */
export interface LabInfo {
  id: string;
  title: string;
  domain: string;
}

/** One lab's row: its progress, with `null` for what has not happened yet. */
export interface LabProgressRow {
  id: string;
  title: string;
  attempts: number;
  firstPassedAt: string | null;
  /** The first pass on the reference solution (`lab solution --apply`), which is not the learner's. */
  solvedWithSolutionAt: string | null;
  lastCheckedAt: string | null;
  bestExamPercent: number | null;
}

/** The labs of one CKA domain, and how many of them have passed a check at least once. */
export interface DomainProgress {
  domain: string;
  passed: number;
  total: number;
  labs: LabProgressRow[];
}

/** The domain shown for labs in progress.json whose lab folder is gone. */
export const REMOVED_DOMAIN = 'Other (lab no longer installed)';

/**
 * Groups the progress by CKA domain (domains sorted by name, labs by id), listing every
 * installed lab, tried or not, plus recorded labs that are no longer installed.
 */
export function groupByDomain(labs: LabInfo[], progress: Progress): DomainProgress[] {
  const known = new Set(labs.map((l) => l.id));
  const all = [
    ...labs,
    ...Object.keys(progress.labs)
      .filter((id) => !known.has(id))
      .map((id) => ({ id, title: '', domain: REMOVED_DOMAIN })),
  ];
  const domains = [...new Set(all.map((l) => l.domain))].sort((a, b) =>
    a === REMOVED_DOMAIN ? 1 : b === REMOVED_DOMAIN ? -1 : a.localeCompare(b),
  );
  return domains.map((domain) => {
    const rows = all
      .filter((l) => l.domain === domain)
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((l): LabProgressRow => {
        const p = progress.labs[l.id];
        return {
          id: l.id,
          title: l.title,
          attempts: p?.attempts ?? 0,
          firstPassedAt: p?.firstPassedAt ?? null,
          solvedWithSolutionAt: p?.solvedWithSolutionAt ?? null,
          lastCheckedAt: p?.lastCheckedAt ?? null,
          bestExamPercent: p?.bestExamPercent ?? null,
        };
      });
    return { domain, passed: rows.filter((r) => r.firstPassedAt).length, total: rows.length, labs: rows };
  });
}

/** `2024-05-01 14:03` (or `14:03:09` with `seconds`) in local time; `-` for none. */
export function formatWhen(iso: string | null, seconds = false): string {
  if (!iso) return '-';
  const d = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  const date = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
  const time = `${two(d.getHours())}:${two(d.getMinutes())}${seconds ? `:${two(d.getSeconds())}` : ''}`;
  return `${date} ${time}`;
}

/** The labs table, one section per domain, then the exams table (when there are exams). */
export function renderProgress(domains: DomainProgress[], exams: ExamResult[]): string {
  // Both tables fit the terminal's width: cells wrap (a title first, as the widest column).
  const labs = fitToTerminal(
    new Table({
      head: [
        say('progress.head.lab'),
        say('progress.head.attempts'),
        say('progress.head.firstPassed'),
        say('progress.head.lastCheck'),
        say('progress.head.bestExam'),
        say('progress.head.title'),
      ],
      style: { head: [], border: [] },
    }),
    { keep: [0] },
  );
  for (const d of domains) {
    labs.push([
      { colSpan: 6, content: pc.bold(say('progress.domain', { domain: d.domain, passed: d.passed, total: d.total })) },
    ]);
    for (const l of d.labs) {
      // A lab passed only with the reference solution is not passed: say which it was.
      const passed = l.firstPassedAt
        ? pc.green(formatWhen(l.firstPassedAt))
        : l.solvedWithSolutionAt
          ? pc.yellow(say('progress.withSolution', { when: formatWhen(l.solvedWithSolutionAt) }))
          : '-';
      labs.push([
        l.id,
        l.attempts,
        passed,
        formatWhen(l.lastCheckedAt),
        l.bestExamPercent === null ? '-' : `${l.bestExamPercent}%`,
        pc.dim(l.title),
      ]);
    }
  }
  const parts = [labs.toString()];
  if (exams.length) {
    const table = fitToTerminal(
      new Table({
        head: [
          say('progress.head.submitted'),
          say('progress.head.labs'),
          say('progress.head.score'),
          say('progress.head.result'),
        ],
        style: { head: [], border: [] },
      }),
    );
    for (const e of exams) {
      const verdict = e.passed ? pc.green(say('exam.pass')) : pc.red(say('exam.fail'));
      table.push([
        formatWhen(e.submittedAt),
        e.labs.map((l) => l.lab).join(', '),
        `${e.percent}% (${e.earnedPoints}/${e.possiblePoints})`,
        e.late ? `${verdict} ${pc.yellow(say('progress.late'))}` : verdict,
      ]);
    }
    parts.push(pc.bold(say('progress.exams')), table.toString());
  } else {
    parts.push(pc.dim(say('progress.noExams')));
  }
  return parts.join('\n');
}
