/** Waits `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Options for {@link poll}. */
export interface PollOptions<T> {
  /** Pause between attempts, in ms. */
  intervalMs: number;
  /**
   * How long to keep trying, in ms from the first attempt; 0 makes one attempt. An attempt
   * that ends after the deadline still counts; none starts after it.
   */
  timeoutMs: number;
  /** Whether an attempt's value ends the wait (default: the value is truthy). */
  done?: (value: T) => boolean;
  /**
   * What to do once the time is up, given the last attempt's value: throw (a ClusterError
   * saying what is still missing, say) or return a value. Default: return the last value.
   */
  onTimeout?: (last: T) => T | Promise<T>;
  /**
   * Errors to ride out (a restarting API server, say): such an error thrown by an attempt
   * before the deadline is followed by another attempt; after it, it is thrown. Default: none,
   * every error is thrown at once.
   */
  retryIf?: (err: unknown) => boolean;
}

/**
 * Calls `attempt` every `intervalMs` ms until its value is done (see
 * {@link PollOptions.done}) or `timeoutMs` ms have passed, and returns that value (or
 * what {@link PollOptions.onTimeout} makes of the last one). Attempts never overlap: the
 * pause starts when an attempt ends.
 * @throws whatever `attempt` or `onTimeout` throws (errors matching `retryIf` only after the deadline)
 */
export async function poll<T>(attempt: () => T | Promise<T>, options: PollOptions<T>): Promise<T> {
  const { intervalMs, done = Boolean, onTimeout = (last: T) => last, retryIf } = options;
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    let value: T;
    try {
      value = await attempt();
    } catch (err) {
      if (retryIf?.(err) && Date.now() < deadline) {
        await sleep(intervalMs);
        continue;
      }
      throw err;
    }
    if (done(value)) return value;
    if (Date.now() >= deadline) return onTimeout(value);
    await sleep(intervalMs);
  }
}
