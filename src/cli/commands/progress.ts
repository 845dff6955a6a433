import type { Command } from 'commander';
import { say } from '../../i18n/current.js';
import { listLabIds, loadLab } from '../../labs/loader.js';
import { textIn } from '../../i18n/text.js';
import { groupByDomain, renderProgress } from '../../progress/present.js';
import { readProgress } from '../../progress/store.js';
import { UsageError } from '../../errors.js';
import { returnsExitCode } from '../action.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { globals } from '../options.js';

/** `lab progress [-o json]`: attempts, first pass and best exam score of each lab, by CKA domain, and past exams. */
export function registerProgress(program: Command): void {
  program
    .command('progress')
    .description(say('help.progress'))
    .option('-o, --output <format>', say('help.opt.textJson'), 'text')
    .action(
      returnsExitCode(async (opts: { output: string }, cmd: Command): Promise<ExitCodeValue> => {
        const g = globals(cmd);
        if (!['text', 'json'].includes(opts.output))
          throw new UsageError(say('exam.badOutput', { value: opts.output }));
        const labs = await Promise.all(
          listLabIds().map(async (id) => {
            const lab = await loadLab(id);
            return { id: lab.id, title: textIn(lab.title, g.lang), domain: lab.domain };
          }),
        );
        const progress = readProgress(g.log);
        const domains = groupByDomain(labs, progress);
        if (opts.output === 'json') console.log(JSON.stringify({ domains, exams: progress.exams }, null, 2));
        else console.log(renderProgress(domains, progress.exams));
        return ExitCode.ok;
      }),
    );
}
