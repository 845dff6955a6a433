import fs from 'node:fs';
import { lock, lockSync } from 'proper-lockfile';
import { LockedError } from '../errors.js';
import { say } from '../i18n/current.js';

/** How long to wait for another cka-lab process to release a lock, in ms. */
const WAIT_MS = 15_000;
/**
 * A lock whose directory was not refreshed for this long (ms) belongs to a process that
 * died; proper-lockfile then takes it over. The holder refreshes it every STALE_MS / 2.
 */
const STALE_MS = 30_000;

/**
 * The fs calls proper-lockfile makes (its documented `fs` option). Its sync API copies the
 * fs object it is given; copying all of node:fs would touch fs.promises, which loads Node's
 * promise and readline internals (~5 ms of every `lab check`).
 */
const lockFs = {
  mkdir: fs.mkdir,
  mkdirSync: fs.mkdirSync,
  realpath: fs.realpath,
  realpathSync: fs.realpathSync,
  stat: fs.stat,
  statSync: fs.statSync,
  rmdir: fs.rmdir,
  rmdirSync: fs.rmdirSync,
  utimes: fs.utimes,
  utimesSync: fs.utimesSync,
};

// The lock is `<file>.lock`; `realpath: false` lets us lock a file that does not exist yet.
const options = { realpath: false, stale: STALE_MS, fs: lockFs } as const;

const sleeper = new Int32Array(new SharedArrayBuffer(4));
/** Blocks the thread for `ms` without spinning (the sync API has no retries of its own). */
const sleepSync = (ms: number): void => void Atomics.wait(sleeper, 0, 0, ms);

const isLocked = (err: unknown): boolean => (err as NodeJS.ErrnoException | undefined)?.code === 'ELOCKED';

function timedOut(file: string, cause: unknown, waitMs = WAIT_MS): LockedError {
  return new LockedError(say('lock.held', { file, seconds: Math.round(waitMs / 1000) }), { cause });
}

/**
 * Runs `fn` while holding an exclusive cross-process lock on `file` (a `<file>.lock`
 * directory, via proper-lockfile), waiting up to 15 s for another holder. The folder of
 * `file` must exist.
 * @throws LockedError when the lock stays taken; whatever `fn` throws
 */
export function withFileLockSync<T>(file: string, fn: () => T): T {
  const deadline = Date.now() + WAIT_MS;
  let release: () => void;
  for (;;) {
    try {
      release = lockSync(file, options);
      break;
    } catch (err) {
      if (!isLocked(err)) throw err;
      if (Date.now() > deadline) throw timedOut(file, err);
      sleepSync(10 + Math.random() * 40); // jitter so waiting writers do not retry in lockstep
    }
  }
  try {
    return fn();
  } finally {
    release();
  }
}

/**
 * Like {@link withFileLockSync} for async work: holds the lock on `file` until the
 * promise of `fn` settles, refreshing it so long work does not look stale.
 * @param waitMs how long to wait for another holder, in ms (default 15 s; a first build of the
 *   cluster binaries waits for minutes)
 * @throws LockedError when the lock stays taken; whatever `fn` throws
 */
export async function withFileLock<T>(file: string, fn: () => Promise<T>, waitMs = WAIT_MS): Promise<T> {
  const release = await lock(file, {
    ...options,
    retries: { retries: Math.ceil(waitMs / 200), minTimeout: 50, maxTimeout: 200 },
    // proper-lockfile's default throws from a timer (an uncaught exception that ends the process)
    // when a refresh comes late, which a machine under heavy load can do; the work goes on.
    onCompromised: () => undefined,
  }).catch((err: unknown) => {
    throw isLocked(err) ? timedOut(file, err, waitMs) : err;
  });
  try {
    return await fn();
  } finally {
    await release();
  }
}
