import type { Command } from 'commander';
import { say } from '../../i18n/current.js';
import Table from 'cli-table3';
import { listLabIds, loadLab } from '../../labs/loader.js';
import { textIn } from '../../i18n/text.js';
import { returnsExitCode } from '../action.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { globals } from '../options.js';

/** `lab list`: every lab with its CKA domain and task count. */
export function registerList(program: Command): void {
  program
    .command('list')
    .description(say('help.list'))
    .option('-o, --output <format>', say('help.opt.textJson'), 'text')
    .action(
      returnsExitCode(async (_opts: unknown, cmd: Command): Promise<ExitCodeValue> => {
        const g = globals(cmd);
        const labs = await Promise.all(listLabIds().map((id) => loadLab(id)));
        if (g.output === 'json') {
          console.log(
            JSON.stringify(
              labs.map((l) => ({ id: l.id, title: textIn(l.title, g.lang), domain: l.domain, tasks: l.tasks.length })),
              null,
              2,
            ),
          );
          return ExitCode.ok;
        }
        const table = new Table({ head: ['LAB', 'DOMAIN', 'TASKS', 'TITLE'], style: { head: [], border: [] } });
        for (const l of labs) table.push([l.id, l.domain, l.tasks.length, textIn(l.title, g.lang)]);
        console.log(table.toString());
        return ExitCode.ok;
      }),
    );
}
