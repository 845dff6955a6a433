import { randomBytes } from 'node:crypto';
import { say } from '../i18n/current.js';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { runChecks } from '../checks/engine.js';
import type { LabReport } from '../checks/result.js';
import { UsageError } from '../errors.js';
import type { KubeClient } from '../kube/client.js';
import type { KubeTarget } from '../kube/config.js';
import { resetLab } from '../labs/lifecycle.js';
import type { Lab } from '../labs/lab.js';
import { loadLab } from '../labs/loader.js';
import type { Lang } from '../i18n/text.js';
import { withFileLock } from '../util/lock.js';
import { labWorkDir } from '../util/lab-paths.js';
import { recordExam } from '../progress/store.js';
import { warnUnsaved, writeFailure } from '../progress/unsaved.js';
import type { Log } from '../util/log.js';
import { examTasks, resolveTask, type ExamTask } from './tasks.js';
import { addExamContexts, examContextName, removeExamContexts } from './contexts.js';
import type { ExamResult } from './result.js';
import { reviewExam } from './review.js';
import { scoreExam } from './score.js';
import { examFile, readExam, removeExam, writeExam, type ExamState } from './state.js';
import { ensureLabTools } from '../cluster/tools.js';

/** The exam length when none is given, in ms: the real CKA's 2 hours. */
export const DEFAULT_EXAM_MS = 2 * 3_600_000;

/** The sentence for commands that need a running exam when there is none. */
/** Why there is nothing to show or score, in the current language (see say). */
export const noExam = (): string => say('exam.none');

/** Options for {@link startExam}. */
export interface StartExamOptions {
  /** The labs, in question order; each runs in its default namespace `lab-<id>`. */
  labs: Lab[];
  /** The exam length, in ms. */
  durationMs: number;
  client: KubeClient;
  log: Log;
  /** The cluster flags to remember for `lab exam submit`. */
  target: KubeTarget;
  /** Discard a running exam instead of refusing. */
  force?: boolean;
  /**
   * cka-lab's own kubeconfig (see contexts.ts, isOwnKubeconfig), to give each question a context
   * `k8s-c<N>` whose default namespace is the question's; without it the exam adds no contexts.
   */
  contextsIn?: string;
  /** The kind of mock exam when the labs were drawn by `lab exam --mock` (kept to the exam's record). */
  mock?: ExamState['mock'];
}

/**
 * Starts a mock exam: every lab is reset to its setup in its namespace `lab-<id>` (in
 * parallel), each question gets its kubectl context when `contextsIn` is given (the first
 * becomes current), then the clock starts and exam.json is written. Holds the exam lock, so
 * two starts (or a start and a submit) cannot interleave.
 * @throws UsageError when an exam is already running (unless `force`) or a namespace is not
 * cka-lab's; ClusterError when setup fails; an fs error when the kubeconfig cannot be written
 */
export async function startExam(o: StartExamOptions): Promise<ExamState> {
  return withExamLock(async () => {
    // A discarded exam's contexts are replaced below; the context current before it is kept.
    const discarded = o.force ? readExamOrNothing() : undefined;
    const running = o.force ? undefined : readExam();
    if (running) {
      throw new UsageError(say('exam.running', { when: new Date(running.deadline).toLocaleString() }));
    }
    // The tools a drawn lab uses (helm...) are built before any lab is set up and the clock starts.
    for (const lab of o.labs) await ensureLabTools(lab, o.log);
    // Every lab starts from its setup (a namespace left from earlier practice holds old
    // answers): resetLab empties its namespace and its working folder in place.
    const labs = await Promise.all(
      o.labs.map(async (lab) => ({ lab, namespace: await resetLab(lab, o.client, undefined, o.log) })),
    );
    // Contexts last, once every namespace exists: kubectl in k8s-cN then lands in question N's.
    const contexts = o.contextsIn
      ? {
          kubeconfig: o.contextsIn,
          previous:
            addExamContexts(
              o.contextsIn,
              labs.map(({ namespace }, q) => ({ name: examContextName(q + 1), namespace })),
              o.target.context,
            ).previous ?? discarded?.contexts?.previous,
        }
      : undefined;
    const startedAt = new Date();
    const state: ExamState = {
      version: 1,
      id: randomBytes(6).toString('hex'),
      startedAt: startedAt.toISOString(),
      deadline: new Date(startedAt.getTime() + o.durationMs).toISOString(),
      durationMs: o.durationMs,
      labs: labs.map(({ lab, namespace }, q) =>
        contexts ? { id: lab.id, namespace, context: examContextName(q + 1) } : { id: lab.id, namespace },
      ),
      target: { kubeconfig: o.target.kubeconfig, context: o.target.context },
      ...(contexts ? { contexts } : {}),
      ...(o.mock ? { mock: o.mock } : {}),
    };
    writeExam(state);
    return state;
  });
}

/** Options for {@link submitExam}. */
export interface SubmitExamOptions {
  client: KubeClient;
  lang: Lang;
  /** The learner's folder, for `file` checks; default each lab's working folder (see labWorkDir). */
  workDir?: string;
  log: Log;
  /** The submission time (default now); the countdown passes the deadline so it is never late. */
  submittedAt?: Date;
  /** Submit only the exam with this id (the countdown's own); another exam is left alone. */
  onlyId?: string;
}

/** A submitted exam: the result as recorded, and the reports it was scored from. */
export interface Submission {
  result: ExamResult;
  reports: LabReport[];
}

/**
 * Submits the running exam: checks every lab in its namespace, scores it (see
 * {@link scoreExam}), adds each task's review (see review.ts) and flag, records the result in
 * the progress file, removes the exam's contexts from the kubeconfig and removes exam.json.
 * Holds the exam lock, so a second submit waits and then finds no exam.
 * @returns undefined when `onlyId` is given and the running exam is another (or none)
 * @throws UsageError when no exam is running; ClusterError when the cluster is unreachable
 * (the exam then stays running)
 */
export async function submitExam(o: SubmitExamOptions): Promise<Submission | undefined> {
  return withExamLock(async () => {
    const exam = readExam();
    if (o.onlyId !== undefined && exam?.id !== o.onlyId) return undefined;
    if (!exam) throw new UsageError(noExam());
    const submittedAt = o.submittedAt ?? new Date();
    const labs = await Promise.all(exam.labs.map(({ id }) => loadLab(id)));
    const workDirOf = (namespace: string) => o.workDir ?? labWorkDir(namespace);
    const reports = await Promise.all(
      exam.labs.map(({ namespace }, q) =>
        runChecks(labs[q]!, o.client, namespace, { lang: o.lang, workDir: workDirOf(namespace) }),
      ),
    );
    const scored = scoreExam(reports, {
      startedAt: new Date(exam.startedAt),
      deadline: new Date(exam.deadline),
      submittedAt,
    });
    const questions = exam.labs.map((l, q) => ({ lab: labs[q]!, namespace: l.namespace, context: l.context }));
    const reviews = await reviewExam(o.client, questions, reports, o.lang, workDirOf);
    const flagged = new Set(exam.flagged ?? []);
    const result: ExamResult = {
      ...scored,
      lang: o.lang,
      ...(exam.mock ? { mock: exam.mock } : {}),
      tasks: scored.tasks.map((t) => {
        const context = exam.labs.find((l) => l.id === t.lab)?.context;
        const key = `${t.lab}/${t.task}`;
        return {
          ...t,
          ...(context ? { context } : {}),
          ...(flagged.has(key) ? { flagged: true } : {}),
          review: reviews.get(key)!,
        };
      }),
    };
    try {
      recordExam(result, o.log);
    } catch (err) {
      warnUnsaved(o.log, err); // the score is shown all the same; only its record is lost
    }
    if (exam.contexts) {
      try {
        removeExamContexts(exam.contexts.kubeconfig, exam.contexts.previous);
      } catch (err) {
        o.log.warn(say('exam.contextsLeft', { file: exam.contexts.kubeconfig, why: writeFailure(err) }));
      }
    }
    removeExam();
    return { result, reports };
  });
}

/** The running exam, or undefined when there is none or exam.json is damaged (a start with --force replaces it). */
function readExamOrNothing(): ExamState | undefined {
  try {
    return readExam();
  } catch {
    return undefined;
  }
}

/**
 * Flags a task of the running exam for review (`on`), or takes the flag off, under the exam
 * lock. The flags are shown by `lab exam status` and kept in the exam's record at submit.
 * @param ref the task as {@link resolveTask} reads it: `2.1`, `<lab>/<task>` or a task id
 * @returns the task, and whether its flag changed (false when it already was as asked)
 * @throws UsageError when no exam is running or `ref` names no task of it
 */
export async function setFlag(ref: string, on: boolean, lang: Lang): Promise<{ task: ExamTask; changed: boolean }> {
  return withExamLock(async () => {
    const exam = readExam();
    if (!exam) throw new UsageError(noExam());
    const task = resolveTask(ref, await examTasks(exam), lang);
    const flagged = exam.flagged ?? [];
    const has = flagged.includes(task.key);
    if (has === on) return { task, changed: false };
    writeExam({ ...exam, flagged: on ? [...flagged, task.key] : flagged.filter((k) => k !== task.key) });
    return { task, changed: true };
  });
}

/**
 * Runs `fn` holding the cross-process lock on exam.json (its folder is created first).
 * @throws UsageError when the state folder cannot be written: an exam keeps its clock there
 */
async function withExamLock<T>(fn: () => Promise<T>): Promise<T> {
  const dir = dirname(examFile());
  const unwritable = (err: unknown) =>
    new UsageError(say('exam.unwritable', { dir, why: writeFailure(err) }), { cause: err });
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK); // at once: the lock would retry a read-only folder for 15 s
  } catch (err) {
    throw unwritable(err);
  }
  return withFileLock(examFile(), fn).catch((err: unknown) => {
    // The lock or exam.json could not be written: say so, rather than show an errno.
    const { code, path } = err as NodeJS.ErrnoException;
    throw code && WRITE_ERRORS.has(code) && path?.startsWith(dir) ? unwritable(err) : err;
  });
}

/** errno codes of a folder that cannot be written to. */
const WRITE_ERRORS = new Set(['EROFS', 'EACCES', 'EPERM', 'ENOSPC', 'EDQUOT', 'ENOTDIR']);
