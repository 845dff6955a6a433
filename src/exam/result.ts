import { z } from 'zod';

/** The CKA pass mark, in percent: a score at or above it passes. */
export const PASS_MARK_PERCENT = 66;

/** One task of a submitted exam: it earns all its points when every one of its checks passes. */
export const ExamTaskScore = z.object({
  lab: z.string(),
  task: z.string(),
  title: z.string(),
  earnedPoints: z.number().int().min(0),
  possiblePoints: z.number().int().min(0),
  pass: z.boolean(),
});
export type ExamTaskScore = z.infer<typeof ExamTaskScore>;

/** One lab (exam question) of a submitted exam. `percent` is floored to one decimal. */
export const ExamLabScore = z.object({
  lab: z.string(),
  namespace: z.string(),
  earnedPoints: z.number().int().min(0),
  possiblePoints: z.number().int().min(0),
  percent: z.number().min(0).max(100),
});
export type ExamLabScore = z.infer<typeof ExamLabScore>;

/**
 * The result of a submitted mock exam, as printed by `lab exam submit -o json` and kept
 * in progress.json. Times are ISO 8601 strings; `percent` is earned / possible points,
 * floored to one decimal so a score never rounds up into a pass.
 */
export const ExamResult = z.object({
  startedAt: z.iso.datetime(),
  deadline: z.iso.datetime(),
  submittedAt: z.iso.datetime(),
  /** Submitted after the deadline. */
  late: z.boolean(),
  /** The pass mark used, in percent. */
  passMark: z.number(),
  earnedPoints: z.number().int().min(0),
  possiblePoints: z.number().int().min(0),
  percent: z.number().min(0).max(100),
  passed: z.boolean(),
  labs: z.array(ExamLabScore),
  tasks: z.array(ExamTaskScore),
});
export type ExamResult = z.infer<typeof ExamResult>;
