import type { Command } from 'commander';
import { listLabIds } from '../../labs/loader.js';
import { UsageError } from '../../errors.js';
import { returnsExitCode } from '../action.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';

/**
 * A bash completion script for the command tree: commands, subcommands, each
 * command's flags, and lab ids. zsh loads the same script through bashcompinit.
 */
export function completionScript(program: Command, shell: 'bash' | 'zsh'): string {
  const flags = (cmd: Command) =>
    cmd.options
      .flatMap((o) => [o.long, o.short])
      .filter(Boolean)
      .join(' ');
  const global = flags(program);
  const cases = program.commands
    .map((cmd) => {
      const subs = cmd.commands.map((c) => c.name()).join(' ');
      const takesLab = /<lab>|\[lab\]/.test(cmd.usage());
      const words = [subs, takesLab ? '$labs' : '', flags(cmd), global].filter(Boolean).join(' ');
      return `    ${cmd.name()}) words="${words}" ;;`;
    })
    .join('\n');
  const bash = `# cka-lab completion (${shell}). Load it with: source <(lab completion ${shell})
_cka_lab_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local labs="${listLabIds().join(' ')}"
  local words
  if [ "$COMP_CWORD" -le 1 ]; then
    words="${program.commands.map((c) => c.name()).join(' ')} ${global}"
  else
    case "\${COMP_WORDS[1]}" in
${cases}
    *) words="${global}" ;;
    esac
  fi
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
    .description('print a shell completion script (bash or zsh): source <(lab completion bash)')
    .action(
      returnsExitCode((shell: string, _opts: unknown, _cmd: Command): ExitCodeValue => {
        if (shell !== 'bash' && shell !== 'zsh')
          throw new UsageError(`No completion for "${shell}"; use \`lab completion bash\` or \`lab completion zsh\`.`);
        process.stdout.write(completionScript(program, shell));
        return ExitCode.ok;
      }),
    );
}
