import type { Command, Option } from 'commander';
import { say } from '../../i18n/current.js';
import { listLabIds } from '../../labs/loader.js';
import { UsageError } from '../../errors.js';
import { returnsExitCode } from '../action.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';

/** One command of the tree as completion sees it. */
interface Node {
  /** The words leading to it after `lab`, space-separated ("" for `lab` itself, "exam start"). */
  path: string;
  cmd: Command;
}

/** Every command of the tree, depth first, with its path. */
function walk(cmd: Command, path = ''): Node[] {
  return [{ path, cmd }, ...cmd.commands.flatMap((c) => walk(c, path ? `${path} ${c.name()}` : c.name()))];
}

/** The flags a command accepts: its own and its ancestors' (commander reads those anywhere). */
function optionsOf(cmd: Command): Option[] {
  const own = cmd.options.filter((o) => !o.hidden);
  return cmd.parent ? [...own, ...optionsOf(cmd.parent)] : own;
}

const flagsOf = (options: readonly Option[]): string[] =>
  options.flatMap((o) => [o.long, o.short]).filter((f): f is string => Boolean(f));

/** What to offer as an option's value: its choices, `<ko|en>` alternatives, or files for a path. */
function valueWords(o: Option): string {
  if (o.argChoices?.length) return o.argChoices.join(' ');
  const placeholder = /<([^>]*)>|\[([^\]]*)\]/.exec(o.flags);
  const inside = placeholder?.[1] ?? placeholder?.[2] ?? '';
  if (inside.includes('|')) return inside.split('|').join(' ');
  return /file|folder|dir|path/i.test(inside) ? '@files' : '';
}

/** The default subcommand's name (`exam` runs `exam start`), read from commander. */
const defaultSub = (cmd: Command): string | undefined =>
  (cmd as unknown as { _defaultCommandName?: string })._defaultCommandName ?? undefined;

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * A bash completion script generated from the commander tree, so it knows every command and
 * subcommand (`lab exam flag`), each one's flags with those of the commands above it, values
 * of flags that list them (`--lang <ko|en>`, choices) or take a file, and lab ids where a
 * command takes `<lab>`. A command with a default subcommand (`lab exam`) also offers that
 * subcommand's flags. zsh loads the same script through bashcompinit.
 */
export function completionScript(program: Command, shell: 'bash' | 'zsh'): string {
  const nodes = walk(program);
  const valued = new Map<string, string>(); // flag -> value words, for every flag that takes a value
  for (const { cmd } of nodes)
    for (const o of cmd.options)
      if (o.required || o.optional) for (const f of flagsOf([o])) valued.set(f, valueWords(o));
  const cases = nodes
    .map(({ path, cmd }) => {
      const subs = cmd.commands.flatMap((c) => [c.name(), ...c.aliases()]);
      const fallback = defaultSub(cmd);
      const sub = fallback ? cmd.commands.find((c) => c.name() === fallback) : undefined;
      const flags = [...new Set(flagsOf([...optionsOf(cmd), ...(sub ? sub.options : [])]))];
      const takesLab = cmd.registeredArguments.some((a) => a.name() === 'lab');
      const words = [...subs, takesLab ? '$labs' : '', ...flags].filter(Boolean).join(' ');
      return `    ${quote(path)}) words="${words}" ;;`;
    })
    .join('\n');
  const values = [...valued]
    .map(([flag, words]) => {
      const reply = words === '@files' ? 'compgen -f -- "$cur"' : `compgen -W "${words}" -- "$cur"`;
      return `    ${flag}) COMPREPLY=( $(${reply}) ); return ;;`;
    })
    .join('\n');
  const subsOf = (cmd: Command): string => cmd.commands.flatMap((c) => [c.name(), ...c.aliases()]).join(' ');
  const subcommands = nodes
    .filter(({ cmd }) => cmd.commands.length > 0)
    .map(({ path, cmd }) => `    ${quote(path)}) subs=" ${subsOf(cmd)} " ;;`)
    .join('\n');
  const bash = `# cka-lab completion (${shell}), made from lab's commands: source <(lab completion ${shell})
_cka_lab_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local labs="${listLabIds().join(' ')}"
  local path="" words="" subs i w
  # The value of a flag that takes one.
  case "$prev" in
${values}
  esac
  # The command path so far: subcommand words, skipping flags and their values.
  for ((i = 1; i < COMP_CWORD; i++)); do
    w="\${COMP_WORDS[i]}"
    case "$w" in
      -*) case " ${[...valued.keys()].join(' ')} " in *" $w "*) i=$((i + 1)) ;; esac ;;
      *)
        subs=""
        case "$path" in
${subcommands}
        esac
        case "$subs" in *" $w "*) path="\${path:+$path }$w" ;; esac
        ;;
    esac
  done
  case "$path" in
${cases}
  esac
  COMPREPLY=( $(compgen -W "$words" -- "$cur") )
}
complete -F _cka_lab_complete lab kubectl-lab
`;
  return shell === 'zsh' ? `autoload -U +X bashcompinit && bashcompinit\n${bash}` : bash;
}

/** `lab completion bash|zsh`. */
export function registerCompletion(program: Command): void {
  program
    .command('completion <shell>')
    .description(say('help.completion'))
    .action(
      returnsExitCode((shell: string, _opts: unknown, _cmd: Command): ExitCodeValue => {
        if (shell !== 'bash' && shell !== 'zsh') throw new UsageError(say('completion.unknownShell', { shell }));
        process.stdout.write(completionScript(program, shell));
        return ExitCode.ok;
      }),
    );
}
