import { Command, CommanderError } from 'commander';
import { pc } from '../util/colour.js';
import { LabError, UsageError } from '../errors.js';
import { exitCodeAfter } from './action.js';
import { exitCodeOf } from './exit-codes.js';
import { stopSpinners } from '../util/log.js';
import { COMMANDS, soleCommand } from './commands/registry.js';
import { packageVersion } from './version.js';

/** A Kubernetes namespace name (an RFC 1123 label): what `-n` accepts. */
const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

// The parsers below throw a UsageError rather than commander's InvalidArgumentError, so the
// message is the one sentence main() prints, with exit 2.

/** `-n` as given, once it is a namespace name. @throws UsageError for anything else */
function namespaceName(value: string): string {
  if (NAMESPACE_NAME.test(value)) return value;
  throw new UsageError(
    `-n/--namespace needs a namespace name (lower-case letters, digits and "-", at most 63), not "${value}".`,
  );
}

/** `--lang` as given, once it is ko or en. @throws UsageError for anything else */
function langName(value: string): string {
  if (value === 'ko' || value === 'en') return value;
  throw new UsageError(`--lang takes ko or en, not "${value}".`);
}

/**
 * Builds the `lab` command tree (commander), with kubectl-style global flags. Only the
 * command named in `argv` is loaded when that is enough (see {@link soleCommand}).
 */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const program = new Command('lab')
    .description('Hands-on Kubernetes labs for the CKA exam, checked against a real cluster')
    .option('--kubeconfig <file>', "path to the kubeconfig file (default: cka-lab's own cluster, or KUBECONFIG)")
    .option('--context <name>', 'the kubeconfig context to use')
    .option('-n, --namespace <name>', 'the lab namespace (default lab-<lab>)', namespaceName)
    .option('--lang <ko|en>', 'language of notes, tasks and results (default from LANG)', langName)
    .option('--allow-remote', 'allow a context that does not look like a local or lab cluster')
    .option('--debug', 'show stack traces on errors')
    // package.json is read only when the version is asked for.
    .version(
      argv.includes('-V') || argv.includes('--version') ? packageVersion() : '',
      '-V, --version',
      'print the version of cka-lab',
    )
    .showSuggestionAfterError()
    .exitOverride();
  const valueOptions = new Set(
    program.options
      .filter((o) => o.required || o.optional)
      .flatMap((o) => [o.short, o.long].filter((f): f is string => Boolean(f))),
  );
  const sole = soleCommand(argv, valueOptions);
  const names = sole ? [sole] : Object.keys(COMMANDS);
  // A Set, as one module may register several commands (start and reset).
  const registers = new Set(await Promise.all(names.map((name) => COMMANDS[name]!())));
  for (const register of registers) register(program);
  for (const cmd of program.commands) cmd.exitOverride();
  return program;
}

/**
 * Runs the CLI and returns its exit code: 0 pass, 1 a check fails, 2 usage or lab
 * definition, 3 cluster. Errors print as one sentence; with --debug, the stack too.
 */
export async function main(argv: string[]): Promise<number> {
  const program = await buildProgram(argv);
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCodeAfter(program);
  } catch (err) {
    stopSpinners(); // before printing, so the message is not drawn over
    // commander already printed its message; help and version are not errors (exit 0).
    if (err instanceof CommanderError) return exitCodeOf(err);
    if (err instanceof LabError) {
      process.stderr.write(`${pc.red('error:')} ${err.message}\n`);
      if (debug)
        process.stderr.write(`${err.stack}\n${err.cause instanceof Error ? `caused by: ${err.cause.stack}\n` : ''}`);
    } else {
      const message = err instanceof Error ? err.message : String(err);
      process.stderr.write(
        `${pc.red('error:')} ${message}; rerun with --debug for details, and report it if it persists.\n`,
      );
      if (debug && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    }
    return exitCodeOf(err);
  } finally {
    stopSpinners();
  }
}
