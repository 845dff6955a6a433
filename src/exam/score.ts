import type { LabReport } from '../checks/result.js';
import { PASS_MARK_PERCENT, type ExamLabScore, type ExamResult, type ExamTaskScore } from './result.js';

/** When an exam ran, for {@link scoreExam}. */
export interface ExamTiming {
  startedAt: Date;
  deadline: Date;
  /** When the learner submitted (or the countdown ran out). */
  submittedAt: Date;
}

/**
 * `earned / possible` as a percentage floored to one decimal (0 when nothing is
 * possible). Integer arithmetic first, so 2 of 3 is 66.6, never 66.7.
 */
export function percentOf(earned: number, possible: number): number {
  return possible > 0 ? Math.floor((earned * 1000) / possible) / 10 : 0;
}

/**
 * Scores an exam from the check reports of its labs (one report per lab, all tasks, in
 * question order, which numbers the tasks as the paper does: `2.1`).
 * A task earns its points only when all of its checks pass; the exam passes when the
 * earned points reach `passMark` percent of the possible points (compared exactly, not
 * after rounding). Pure: no I/O, no clock.
 * @param passMark the pass mark in percent (default the CKA's 66)
 */
export function scoreExam(reports: LabReport[], timing: ExamTiming, passMark = PASS_MARK_PERCENT): ExamResult {
  const tasks: ExamTaskScore[] = reports.flatMap((report, q) =>
    report.tasks.map((t, i) => ({
      lab: report.lab,
      task: t.id,
      title: t.title,
      earnedPoints: t.pass ? t.points : 0,
      possiblePoints: t.points,
      pass: t.pass,
      number: `${q + 1}.${i + 1}`,
    })),
  );
  const labs: ExamLabScore[] = reports.map((report) => {
    const own = tasks.filter((t) => t.lab === report.lab);
    const earnedPoints = sum(own.map((t) => t.earnedPoints));
    const possiblePoints = sum(own.map((t) => t.possiblePoints));
    return {
      lab: report.lab,
      namespace: report.namespace,
      earnedPoints,
      possiblePoints,
      percent: percentOf(earnedPoints, possiblePoints),
    };
  });
  const earnedPoints = sum(tasks.map((t) => t.earnedPoints));
  const possiblePoints = sum(tasks.map((t) => t.possiblePoints));
  return {
    startedAt: timing.startedAt.toISOString(),
    deadline: timing.deadline.toISOString(),
    submittedAt: timing.submittedAt.toISOString(),
    late: timing.submittedAt.getTime() > timing.deadline.getTime(),
    passMark,
    earnedPoints,
    possiblePoints,
    percent: percentOf(earnedPoints, possiblePoints),
    passed: possiblePoints > 0 && earnedPoints * 100 >= passMark * possiblePoints,
    labs,
    tasks,
  };
}

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
