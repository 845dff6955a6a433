import { CommanderError } from 'commander';
import { AccessError, ClusterError } from '../errors.js';

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
 * The exit code an error ends the process with: 3 for the cluster (unreachable, not ready,
 * or refusing the user: {@link ClusterError}, {@link AccessError}); commander's own code
 * mapped to 0 (help, version) or 2; 2 for everything else (UsageError, LockedError, a lab
 * file error, an unexpected error).
 */
export function exitCodeOf(err: unknown): ExitCodeValue {
  if (err instanceof ClusterError || err instanceof AccessError) return ExitCode.cluster;
  if (err instanceof CommanderError) return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  return ExitCode.usage;
}
