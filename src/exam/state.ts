import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import * as v from 'valibot';
import { UsageError } from '../errors.js';
import { xdgDir } from '../util/paths.js';
import { say } from '../i18n/current.js';

/** The running mock exam, kept in `<XDG state>/cka-lab/exam.json` until it is submitted. */
export const ExamState = v.object({
  version: v.literal(1),
  /** Random id, so a countdown can tell its exam from one started later. */
  id: v.string(),
  /** When the tasks were shown (ISO 8601). */
  startedAt: v.pipe(v.string(), v.isoTimestamp()),
  /** When time runs out (ISO 8601). */
  deadline: v.pipe(v.string(), v.isoTimestamp()),
  /** The exam length, in ms. */
  durationMs: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /**
   * The exam's labs, in question order, each in its own namespace; `context` is the question's
   * kubectl context (`k8s-c<N>`, see contexts.ts) when the exam added contexts.
   */
  labs: v.pipe(
    v.array(v.object({ id: v.string(), namespace: v.string(), context: v.optional(v.string()) })),
    v.minLength(1),
  ),
  /** The cluster the exam runs on, so `lab exam submit` checks the same one by default. */
  target: v.object({ kubeconfig: v.optional(v.string()), context: v.optional(v.string()) }),
  /**
   * Where the exam's contexts were written (cka-lab's own kubeconfig) and the context that was
   * current before, which submit makes current again when it removes them.
   */
  contexts: v.optional(v.object({ kubeconfig: v.string(), previous: v.optional(v.string()) })),
  /** Tasks flagged for review (`lab exam flag`), as `<lab>/<task>`, in the order flagged. */
  flagged: v.optional(v.array(v.string())),
  /** The kind of mock exam drawn with `lab exam --mock` (see mock.ts); absent for other exams. */
  mock: v.optional(v.picklist(['cka'])),
});
export type ExamState = v.InferOutput<typeof ExamState>;

/** `<XDG state>/cka-lab/exam.json`. */
export const examFile = (): string => join(xdgDir('state'), 'exam.json');

/**
 * The running exam, or undefined when none runs.
 * @throws UsageError when exam.json is damaged (it names the file and how to start over)
 */
export function readExam(): ExamState | undefined {
  const file = examFile();
  if (!existsSync(file)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw damaged(file, err);
  }
  const parsed = v.safeParse(ExamState, data);
  // A ValiError, so `--debug` shows the issues as the cause.
  if (!parsed.success) throw damaged(file, new v.ValiError(parsed.issues));
  return parsed.output;
}

/** Saves the running exam (atomic write, so a reader never sees half a file). */
export function writeExam(state: ExamState): void {
  mkdirSync(xdgDir('state'), { recursive: true });
  writeFileAtomic.sync(examFile(), JSON.stringify(state, null, 2) + '\n');
}

/** Forgets the running exam (no error when there is none). */
export function removeExam(): void {
  rmSync(examFile(), { force: true });
}

function damaged(file: string, cause: unknown): UsageError {
  return new UsageError(say('exam.damaged', { file }), { cause });
}
