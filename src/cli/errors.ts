/**
 * Exit codes that scripts can rely on. They never change meaning between releases.
 * - 0: every check passed (or the command succeeded)
 * - 1: at least one check failed
 * - 2: bad usage or a bad lab definition
 * - 3: the cluster is unreachable or not ready
 */
export const ExitCode = {
  ok: 0,
  checksFailed: 1,
  usage: 2,
  cluster: 3,
} as const;

/** One of the {@link ExitCode} values. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * An error meant for a person: `message` is one sentence that says what went wrong
 * and what to do. The CLI prints only the message, and the stack with `--debug`.
 */
export class LabError extends Error {
  /**
   * @param message one sentence: what went wrong and what to do about it
   * @param exitCode the process exit code this error maps to
   * @param options.cause the underlying error, shown with `--debug`
   */
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LabError';
  }
}

/** A usage or lab-definition problem (exit 2). */
export class UsageError extends LabError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.usage, options);
    this.name = 'UsageError';
  }
}

/** The cluster cannot be reached or is not ready (exit 3). */
export class ClusterError extends LabError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.cluster, options);
    this.name = 'ClusterError';
  }
}
