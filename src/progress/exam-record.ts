import * as v from 'valibot';

// The record of a submitted exam: what progress.json keeps (the store validates it) and what
// `lab exam submit -o json` prints. Here, below src/exam, so the store needs nothing of the exam.

/** A check of a task in the review: its title and one line on what was found. */
export const ReviewCheck = v.object({
  check: v.string(),
  summary: v.string(),
  /** Every problem found, one sentence each (failed checks only; may repeat the summary). */
  problems: v.optional(v.array(v.string())),
});
export type ReviewCheck = v.InferOutput<typeof ReviewCheck>;

/**
 * What the review of a submitted exam shows for one task: the checks that passed, those that
 * failed and why (in the language the exam was submitted in), the reference solution's
 * commands (its YAML is `lab solution <lab>`), and, for a failed task whose checks pass in
 * another question's namespace, that namespace (and its context): work done in the wrong context.
 */
export const TaskReview = v.object({
  right: v.array(ReviewCheck),
  wrong: v.array(ReviewCheck),
  /** The reference solution, as `lab solution` shows it: each step's command, and the file it applies. */
  solution: v.array(v.object({ run: v.string(), file: v.optional(v.string()) })),
  elsewhere: v.optional(v.object({ namespace: v.string(), context: v.optional(v.string()) })),
});
export type TaskReview = v.InferOutput<typeof TaskReview>;

/** One task of a submitted exam: it earns all its points when every one of its checks passes. */
export const ExamTaskScore = v.object({
  lab: v.string(),
  task: v.string(),
  title: v.string(),
  earnedPoints: v.pipe(v.number(), v.integer(), v.minValue(0)),
  possiblePoints: v.pipe(v.number(), v.integer(), v.minValue(0)),
  pass: v.boolean(),
  /** Its number on the exam paper, `<question>.<task>` (e.g. `2.1`); absent in records before reviews. */
  number: v.optional(v.string()),
  /** The kubectl context its question used (`k8s-c<N>`), when the exam had contexts. */
  context: v.optional(v.string()),
  /** Flagged for review with `lab exam flag` when the exam was submitted. */
  flagged: v.optional(v.boolean()),
  /** The review (`lab exam review`); absent in records before reviews. */
  review: v.optional(TaskReview),
});
export type ExamTaskScore = v.InferOutput<typeof ExamTaskScore>;

/** One lab (exam question) of a submitted exam. `percent` is floored to one decimal. */
export const ExamLabScore = v.object({
  lab: v.string(),
  namespace: v.string(),
  earnedPoints: v.pipe(v.number(), v.integer(), v.minValue(0)),
  possiblePoints: v.pipe(v.number(), v.integer(), v.minValue(0)),
  percent: v.pipe(v.number(), v.minValue(0), v.maxValue(100)),
});
export type ExamLabScore = v.InferOutput<typeof ExamLabScore>;

/**
 * The result of a submitted mock exam, as printed by `lab exam submit -o json` and kept
 * in progress.json. Times are ISO 8601 strings; `percent` is earned / possible points,
 * floored to one decimal so a score never rounds up into a pass.
 */
export const ExamResult = v.object({
  startedAt: v.pipe(v.string(), v.isoTimestamp()),
  deadline: v.pipe(v.string(), v.isoTimestamp()),
  submittedAt: v.pipe(v.string(), v.isoTimestamp()),
  /** Submitted after the deadline. */
  late: v.boolean(),
  /** The pass mark used, in percent. */
  passMark: v.number(),
  earnedPoints: v.pipe(v.number(), v.integer(), v.minValue(0)),
  possiblePoints: v.pipe(v.number(), v.integer(), v.minValue(0)),
  percent: v.pipe(v.number(), v.minValue(0), v.maxValue(100)),
  passed: v.boolean(),
  labs: v.array(ExamLabScore),
  tasks: v.array(ExamTaskScore),
  /** The language the review's check messages are in (absent: English). */
  lang: v.optional(v.picklist(['en', 'ko'])),
  /** The kind of mock exam (`lab exam --mock cka`), whose labs the next mock avoids; absent for other exams. */
  mock: v.optional(v.picklist(['cka'])),
});
export type ExamResult = v.InferOutput<typeof ExamResult>;
