import { Command, CommanderError } from 'commander';
import { say, useLanguage } from '../i18n/current.js';
import { resolveLang } from '../i18n/text.js';
import { speakCommander } from './commander-language.js';
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
  throw new UsageError(say('main.badNamespace', { value }));
}

/** `--lang` as given, once it is ko or en. @throws UsageError for anything else */
function langName(value: string): string {
  if (value === 'ko' || value === 'en') return value;
  throw new UsageError(say('main.badLang', { value }));
}

/** The value of `--lang` in `argv` (`--lang ko` or `--lang=ko`), when it is one cka-lab speaks. */
function langFlag(argv: readonly string[]): string | undefined {
  const i = argv.lastIndexOf('--lang');
  const joined = [...argv].reverse().find((a) => a.startsWith('--lang='));
  const value = i >= 0 ? argv[i + 1] : joined?.slice('--lang='.length);
  return value === 'ko' || value === 'en' ? value : undefined;
}

/**
 * Builds the `lab` command tree (commander), with kubectl-style global flags. Only the
 * command named in `argv` is loaded when that is enough (see {@link soleCommand}). Sets the
 * process's language first (`--lang`, else the locale: see resolveLang), so that help texts,
 * status lines and errors are in it.
 */
export async function buildProgram(argv: readonly string[] = []): Promise<Command> {
  const lang = resolveLang(langFlag(argv));
  useLanguage(lang);
  const program = new Command('lab');
  speakCommander(program, lang);
  program
    .description(say('help.program'))
    .option('--kubeconfig <file>', say('help.opt.kubeconfig'))
    .option('--context <name>', say('help.opt.context'))
    .option('-n, --namespace <name>', say('help.opt.namespace'), namespaceName)
    .option('--lang <ko|en>', say('help.opt.lang'), langName)
    .option('--allow-remote', say('help.opt.allowRemote'))
    .option('--debug', say('help.opt.debug'))
    // package.json is read only when the version is asked for.
    .version(
      argv.includes('-V') || argv.includes('--version') ? packageVersion() : '',
      '-V, --version',
      say('help.opt.version'),
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
      process.stderr.write(`${pc.red(say('main.error'))} ${err.message}\n`);
      if (debug)
        process.stderr.write(`${err.stack}\n${err.cause instanceof Error ? `caused by: ${err.cause.stack}\n` : ''}`);
    } else {
      const message = err instanceof Error ? err.message : String(err);
      process.stderr.write(`${pc.red(say('main.error'))} ${say('main.unexpected', { message })}\n`);
      if (debug && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    }
    return exitCodeOf(err);
  } finally {
    stopSpinners();
  }
}
