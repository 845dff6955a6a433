// Errors meant for a person, usable from every layer. They say what went wrong, never how the
// process ends: only src/cli maps an error class to an exit code (src/cli/exit-codes.ts).

/**
 * An error meant for a person: `message` is one sentence that says what went wrong and
 * what to do. The CLI prints only the message, and the stack with `--debug`.
 */
export class LabError extends Error {
  /**
   * @param message one sentence: what went wrong and what to do about it
   * @param options.cause the underlying error, shown with `--debug`
   */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LabError';
  }
}

/** Bad usage (a flag, an argument, a namespace that is not cka-lab's) or a bad lab definition. */
export class UsageError extends LabError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/** The cluster cannot be reached, or is not ready (a component down, a timeout waiting for it). */
export class ClusterError extends LabError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ClusterError';
  }
}

/**
 * The cluster answered but refused the user: 401 Unauthorized (credentials rejected) or
 * 403 Forbidden (no rights). Not retried: asking again gives the same answer.
 */
export class AccessError extends LabError {
  /**
   * @param status the HTTP status of the answer, 401 or 403
   */
  constructor(
    readonly status: 401 | 403,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AccessError';
  }
}

/** Another cka-lab process holds a lock (a lab namespace, the progress file) for too long. */
export class LockedError extends LabError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LockedError';
  }
}

/**
 * Whether `err` is about the whole cluster (unreachable, not ready, or refusing the user),
 * so that going on with other requests to it is pointless.
 */
export const isClusterWide = (err: unknown): err is ClusterError | AccessError =>
  err instanceof ClusterError || err instanceof AccessError;
