/**
 * The restart back-off of a control-plane component that failed, as the kubelet applies it to a
 * container of a static Pod (CrashLoopBackOff): the first restart 10 s after the failure, then
 * 20 s, 40 s … doubling up to 5 minutes; a component that then runs for 10 minutes starts afresh.
 * Numbers from the Kubernetes docs, "Pod Lifecycle" → "Container restarts".
 */

/** The delay before the first restart, in ms. */
export const BACKOFF_INITIAL_MS = 10_000;

/** The longest delay between two restarts, in ms. */
export const BACKOFF_MAX_MS = 5 * 60_000;

/** How long a restarted component must run for its back-off to be forgotten, in ms. */
export const BACKOFF_RESET_MS = 10 * 60_000;

/**
 * What the manifest watcher remembers of one component it restarts (in `<state>/control-plane.json`).
 * Times are epoch ms.
 */
export interface BackOff {
  /** How many times the watcher started it again since it first failed. */
  restarts: number;
  /** The delay before the next restart after the next failure, in ms. */
  delayMs: number;
  /** When it is started again (while it is stopped). */
  nextAt: number;
  /** When its last restart succeeded (set while it runs; the back-off is forgotten {@link BACKOFF_RESET_MS} later). */
  startedAt?: number;
}

/** The delay after `delayMs`: twice as long, at most {@link BACKOFF_MAX_MS}. */
export const nextDelay = (delayMs: number): number => Math.min(delayMs * 2, BACKOFF_MAX_MS);

/** The back-off of a component that has just failed for the first time (or with a new manifest), at `now`. */
export const firstBackOff = (now: number): BackOff => ({
  restarts: 0,
  delayMs: BACKOFF_INITIAL_MS,
  nextAt: now + BACKOFF_INITIAL_MS,
});

/**
 * The back-off after a restart at `now`: one restart more; when it failed, the next restart waits
 * the current delay and the delay doubles; when it started, `startedAt` is `now` (the doubled delay
 * is kept for a crash within {@link BACKOFF_RESET_MS}).
 */
export function afterRestart(b: BackOff, started: boolean, now: number): BackOff {
  const restarts = b.restarts + 1;
  if (started) return { restarts, delayMs: nextDelay(b.delayMs), nextAt: 0, startedAt: now };
  const delayMs = nextDelay(b.delayMs);
  return { restarts, delayMs, nextAt: now + delayMs };
}

/**
 * The back-off of a component that exited at `now` after a restart had succeeded: restarted once
 * the current delay has passed (the delay doubles at that restart, as after a failed one).
 */
export const afterCrash = (b: BackOff, now: number): BackOff => ({
  restarts: b.restarts,
  delayMs: b.delayMs,
  nextAt: now + b.delayMs,
});

/** Whether a component restarted at `startedAt` has run long enough at `now` for its back-off to be forgotten. */
export const backOffExpired = (b: BackOff, now: number): boolean =>
  b.startedAt !== undefined && now - b.startedAt >= BACKOFF_RESET_MS;

/** What `lab cluster status` shows of a component's back-off. Durations in whole seconds. */
export interface BackOffView {
  restarts: number;
  /** While it waits to be started again: the seconds left, and the whole back-off. */
  waiting?: { seconds: number; backOff: number };
}

/** The view of `b` for a component that runs or not, at `now`. */
export function backOffView(b: BackOff, running: boolean, now: number): BackOffView {
  if (running || b.startedAt !== undefined) return { restarts: b.restarts };
  return {
    restarts: b.restarts,
    waiting: { seconds: Math.max(0, Math.ceil((b.nextAt - now) / 1000)), backOff: Math.round(b.delayMs / 1000) },
  };
}
