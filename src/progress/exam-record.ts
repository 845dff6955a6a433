import * as v from 'valibot';

// The record of a submitted exam: what progress.json keeps (the store validates it) and what
// `lab exam submit -o json` prints. Here, below src/exam, so the store needs nothing of the exam.

/** One task of a submitted exam: it earns all its points when every one of its checks passes. */
export const ExamTaskScore = v.object({
  lab: v.string(),
  task: v.string(),
  title: v.string(),
  earnedPoints: v.pipe(v.number(), v.integer(), v.minValue(0)),
  possiblePoints: v.pipe(v.number(), v.integer(), v.minValue(0)),
  pass: v.boolean(),
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
});
export type ExamResult = v.InferOutput<typeof ExamResult>;
