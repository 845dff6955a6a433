import type { Command } from 'commander';
import { say } from '../../i18n/current.js';
import { loadLab } from '../../labs/loader.js';
import { noteForReading } from '../../labs/note.js';
import { page, terminalWidth } from '../../util/terminal.js';
import { returnsExitCode } from '../action.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { globals } from '../options.js';

/**
 * `lab note <lab> [--section <heading>] [--answers]`: the lab's note. On a terminal it is
 * rendered (headings, bold, lists, tables, highlighted YAML and shell) and paged through
 * `$PAGER` or `less` when taller than the terminal; into a pipe or a file it is plain Markdown.
 * The answers to "Check yourself" stay folded unless `--answers` is given.
 */
export function registerNote(program: Command): void {
  program
    .command('note <lab>')
    .description(say('help.note'))
    .option('--section <heading>', say('help.note.section'))
    .option('--answers', say('help.note.answers'))
    .action(
      returnsExitCode(
        async (labId: string, opts: { section?: string; answers?: boolean }, cmd: Command): Promise<ExitCodeValue> => {
          const g = globals(cmd);
          const lab = await loadLab(labId);
          const text = noteForReading(lab, g.lang, opts);
          if (!process.stdout.isTTY) {
            process.stdout.write(`${text}\n`);
            return ExitCode.ok;
          }
          const { renderMarkdown } = await import('../../util/markdown.js');
          page(renderMarkdown(text, terminalWidth() ?? 80));
          return ExitCode.ok;
        },
      ),
    );
}
