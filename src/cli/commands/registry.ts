import type { Command } from 'commander';

/** Adds one or more top-level commands (and their subcommands) to the program. */
export type Register = (program: Command) => void;

/**
 * Every top-level command, by name, with a loader for the module that defines it. Loading
 * only the command being run keeps what the others need (tables, exam and progress
 * presentation, cluster builds) out of `lab check`'s start-up, which is most of its cost.
 */
export const COMMANDS: Readonly<Record<string, () => Promise<Register>>> = {
  list: async () => (await import('./list.js')).registerList,
  next: async () => (await import('./next.js')).registerNext,
  note: async () => (await import('./note.js')).registerNote,
  start: async () => (await import('./start.js')).registerStart,
  reset: async () => (await import('./start.js')).registerStart, // registers start and reset
  check: async () => (await import('./check.js')).registerCheck,
  hint: async () => (await import('./hint.js')).registerHint,
  solution: async () => (await import('./solution.js')).registerSolution,
  cluster: async () => (await import('./cluster.js')).registerCluster,
  env: async () => (await import('./cluster.js')).registerEnv,
  dir: async () => (await import('./dir.js')).registerDir,
  validate: async () => (await import('./validate.js')).registerValidate,
  progress: async () => (await import('./progress.js')).registerProgress,
  exam: async () => (await import('./exam.js')).registerExam,
  completion: async () => (await import('./completion.js')).registerCompletion,
  class: async () => (await import('./class.js')).registerClass,
};

/**
 * Whether `name` is one of {@link COMMANDS}: its own keys only, so `toString`, `constructor`
 * and the other names every object inherits are not commands.
 */
export const isCommand = (name: string): boolean => Object.hasOwn(COMMANDS, name);

/**
 * The command named in `argv` when only it needs loading, or undefined when every command
 * must be registered: no command, `help`, a typo (for commander's suggestion), or
 * `completion`, whose script lists all commands.
 * @param valueOptions the global flags that take a value (`--kubeconfig`, `-n`...), so that
 *   value is not mistaken for the command name
 */
export function soleCommand(argv: readonly string[], valueOptions: ReadonlySet<string>): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (valueOptions.has(arg)) i++;
    else if (!arg.startsWith('-')) return isCommand(arg) && arg !== 'completion' ? arg : undefined;
  }
  return undefined;
}
