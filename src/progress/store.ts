// The schemas here, like every schema of cka-lab, use valibot: it is modular, so only the
// validators used are bundled, and this file is read on every `lab check` (progress is recorded).
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import * as v from 'valibot';
import { ExamResult } from './exam-record.js';
import { stderrLog, type Log } from '../util/log.js';
import { xdgDir } from '../util/paths.js';
import { withFileLockSync } from '../util/lock.js';
import { warnUnsaved, writeFailure } from './unsaved.js';
import { say } from '../i18n/current.js';

/** What the learner did in one lab. Times are ISO 8601 strings. */
export const LabProgress = v.object({
  /** How many times `lab check` ran for this lab. */
  attempts: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** The first `lab check` where every check passed on the learner's own work; kept once set. */
  firstPassedAt: v.optional(v.pipe(v.string(), v.isoTimestamp())),
  /**
   * The first time every check passed on the reference solution (`lab solution --apply`, or a
   * `lab check` after it before any reset); kept once set. Such a pass is not `firstPassedAt`.
   */
  solvedWithSolutionAt: v.optional(v.pipe(v.string(), v.isoTimestamp())),
  /**
   * When `lab solution --apply` last ran, while no `lab reset` (or fresh start, or exam) came
   * since: a pass now is the solution's, not the learner's. Cleared by {@link clearSolutionMark}.
   */
  solutionAppliedAt: v.optional(v.pipe(v.string(), v.isoTimestamp())),
  /** The last `lab check`. */
  lastCheckedAt: v.optional(v.pipe(v.string(), v.isoTimestamp())),
  /** The best score of this lab in a mock exam, in percent. */
  bestExamPercent: v.optional(v.pipe(v.number(), v.minValue(0), v.maxValue(100))),
});
export type LabProgress = v.InferOutput<typeof LabProgress>;

/** The whole progress file: per lab (by lab id), and every submitted exam, oldest first. */
export const Progress = v.object({
  version: v.literal(1),
  labs: v.record(v.string(), LabProgress),
  exams: v.array(ExamResult),
});
export type Progress = v.InferOutput<typeof Progress>;

/** `<XDG state>/cka-lab/progress.json`. */
export const progressFile = (): string => join(xdgDir('state'), 'progress.json');

const empty = (): Progress => ({ version: 1, labs: {}, exams: [] });

type Parsed = { ok: true; progress: Progress } | { ok: false; reason: string };

function parse(text: string): Parsed {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: `not JSON: ${(err as Error).message}` };
  }
  const parsed = v.safeParse(Progress, data);
  if (parsed.success) return { ok: true, progress: parsed.output };
  const issue = parsed.issues[0];
  return { ok: false, reason: `${v.getDotPath(issue) || 'the top level'}: ${issue.message}` };
}

/**
 * Reads the file; a damaged one is moved aside to `progress.json.corrupt-<time>` with a
 * warning, so nothing is lost silently, and an empty progress is returned. Call it only
 * while holding the lock: the move must not race a writer.
 */
function loadLocked(file: string, log: Log): Progress {
  if (!existsSync(file)) return empty();
  const parsed = parse(readFileSync(file, 'utf8'));
  if (parsed.ok) return parsed.progress;
  const aside = `${file}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(file, aside);
  log.warn(say('progress.movedAside', { file, why: parsed.reason, aside }));
  return empty();
}

/** Read-modify-write under the cross-process lock, written atomically. */
function update(log: Log, change: (progress: Progress) => void): void {
  const file = progressFile();
  mkdirSync(xdgDir('state'), { recursive: true });
  withFileLockSync(file, () => {
    const progress = loadLocked(file, log);
    change(progress);
    writeFileAtomic.sync(file, JSON.stringify(progress, null, 2) + '\n');
  });
}

/**
 * The learner's progress (empty when nothing was recorded yet). A damaged file is moved
 * aside to `progress.json.corrupt-<time>` with a warning on `log`, and reads as empty.
 * A damaged file that cannot be moved (a read-only state folder) stays, and reads as empty.
 * @throws LockedError when another process holds the lock for over 15 s while a damaged file is moved aside
 */
export function readProgress(log: Log = stderrLog()): Progress {
  const file = progressFile();
  if (!existsSync(file)) return empty();
  const parsed = parse(readFileSync(file, 'utf8'));
  if (parsed.ok) return parsed.progress;
  // Re-read under the lock: a writer may have replaced the file since.
  try {
    return withFileLockSync(file, () => loadLocked(file, log));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).syscall === undefined) throw err; // a lock held too long
    // A damaged file in a folder that cannot be written: it stays where it is.
    log.warn(say('progress.damaged', { file, why: parsed.reason, failure: writeFailure(err) }));
    return empty();
  }
}

/**
 * How a `lab check` was recorded: `own` a pass of the learner's own work, `solution` a pass
 * while the reference solution is applied (see {@link recordSolution}), `fail` not a pass.
 */
export type CheckRecord = 'own' | 'solution' | 'fail';

/**
 * Records one `lab check` run: counts the attempt, sets the last check time, and, when `pass`
 * and there is none yet, the first-pass time; or, while the reference solution is applied
 * (`solutionAppliedAt`), the solved-with-the-solution time instead. Best effort: progress
 * never decides a check's outcome, so a failure to save (lock held too long, a read-only or
 * full state folder) is a warning on `log`, once per process (see {@link warnUnsaved}), not an
 * error.
 * @param pass every check of the lab passed
 * @param now the time of the check (default now)
 * @returns how the run counts (a pass that could not be saved counts as `own`)
 */
export function recordCheck(labId: string, pass: boolean, now: Date = new Date(), log: Log = stderrLog()): CheckRecord {
  let record: CheckRecord = pass ? 'own' : 'fail';
  try {
    update(log, (progress) => {
      const lab = (progress.labs[labId] ??= { attempts: 0 });
      lab.attempts += 1;
      lab.lastCheckedAt = now.toISOString();
      if (!pass) return;
      if (lab.solutionAppliedAt) {
        record = 'solution';
        lab.solvedWithSolutionAt ??= lab.lastCheckedAt;
      } else {
        lab.firstPassedAt ??= lab.lastCheckedAt;
      }
    });
  } catch (err) {
    warnUnsaved(log, err);
  }
  return record;
}

/**
 * Records `lab solution --apply`: the lab holds the reference solution from `now` until the
 * next reset, so its passes count as solved with the solution, not as the learner's (see
 * {@link recordCheck}); when `pass`, that time is set now. Not an attempt. Best effort, like
 * {@link recordCheck}.
 * @param pass every check passed after the solution was applied
 */
export function recordSolution(labId: string, pass: boolean, now: Date = new Date(), log: Log = stderrLog()): void {
  try {
    update(log, (progress) => {
      const lab = (progress.labs[labId] ??= { attempts: 0 });
      lab.solutionAppliedAt = now.toISOString();
      if (pass) lab.solvedWithSolutionAt ??= lab.solutionAppliedAt;
    });
  } catch (err) {
    warnUnsaved(log, err);
  }
}

/**
 * Clears the mark {@link recordSolution} set: the lab is back at its setup (`lab reset`, a
 * fresh `lab start`, an exam), so the next pass is the learner's. Writes only when there is a
 * mark. Best effort, like {@link recordCheck}.
 */
export function clearSolutionMark(labId: string, log: Log = stderrLog()): void {
  try {
    if (!readProgress(log).labs[labId]?.solutionAppliedAt) return;
    update(log, (progress) => {
      const lab = progress.labs[labId];
      if (lab) delete lab.solutionAppliedAt;
    });
  } catch (err) {
    warnUnsaved(log, err);
  }
}

/**
 * Records a submitted exam: appends it to the exam list and raises each lab's best exam
 * score where this one is higher.
 * @throws LockedError when another process holds the lock for over 15 s; Error when the file cannot be written
 */
export function recordExam(result: ExamResult, log: Log = stderrLog()): void {
  update(log, (progress) => {
    progress.exams.push(result);
    for (const { lab, percent } of result.labs) {
      const entry = (progress.labs[lab] ??= { attempts: 0 });
      entry.bestExamPercent = Math.max(entry.bestExamPercent ?? 0, percent);
    }
  });
}
