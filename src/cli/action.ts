import type { Command } from 'commander';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';

/** The exit code each program's action returned, by the program (the root command). */
const returned = new WeakMap<Command, ExitCodeValue>();

const rootOf = (cmd: Command): Command => (cmd.parent ? rootOf(cmd.parent) : cmd);

/**
 * Wraps a command action that returns its exit code, for commander's `.action()`, which
 * drops return values: the code is kept with the program that ran it, for
 * {@link exitCodeAfter}. commander passes the command itself as the action's last argument.
 * @param action the action; returns 0 (ok), 1 (a check or the exam fails) or 3 (the cluster is down)
 */
export function returnsExitCode<A extends unknown[]>(
  action: (...args: A) => ExitCodeValue | Promise<ExitCodeValue>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const code = await action(...args);
    returned.set(rootOf(args[args.length - 1] as Command), code);
  };
}

/** The exit code the action run by `program` returned (0 when it ran none: help, a group with no action). */
export const exitCodeAfter = (program: Command): ExitCodeValue => returned.get(program) ?? ExitCode.ok;
