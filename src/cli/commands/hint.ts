import type { Command } from 'commander';
import { pc } from '../../util/colour.js';
import { connect } from '../../cluster/connect.js';
import { loadLab } from '../../labs/loader.js';
import { nextHintIndex } from '../../labs/hints.js';
import { textIn } from '../../i18n/text.js';
import { t } from '../../i18n/t.js';
import { globals } from '../options.js';
import { checkLab } from '../../checks/check-lab.js';
import { returnsExitCode } from '../action.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { warnUnsaved } from '../../progress/unsaved.js';
import { labWorkDir } from '../../util/lab-paths.js';

/** `lab hint <lab>`: the next hint for the first task that does not pass yet. */
export function registerHint(program: Command): void {
  program
    .command('hint <lab>')
    .description('show the next hint for the first failing task')
    .action(
      returnsExitCode(async (labId: string, _opts: unknown, cmd: Command): Promise<ExitCodeValue> => {
        const g = globals(cmd);
        const lab = await loadLab(labId);
        const { client } = await connect(g.target, g.log);
        const ns = g.labNamespace(lab.id);
        const report = await checkLab(lab, client, ns, { lang: g.lang, workDir: labWorkDir(ns) });
        const failing = report.tasks.find((t) => !t.pass);
        if (!failing) {
          console.log(t(g.lang, 'hint.allPass'));
          return ExitCode.ok;
        }
        const task = lab.tasks.find((t) => t.id === failing.id)!;
        const n = task.hints.length;
        if (n === 0) {
          console.log(t(g.lang, 'hint.none'));
          return ExitCode.ok;
        }
        const i = nextHintIndex(lab.id, task.id, n, (err) => warnUnsaved(g.log, err));
        const firstFail = failing.checks.find((c) => !c.pass);
        console.log(pc.bold(t(g.lang, 'hint.title', { task: textIn(task.title, g.lang), n: i + 1, total: n })));
        console.log(textIn(task.hints[i]!, g.lang));
        if (firstFail) console.log(pc.dim(`(${firstFail.title}: ${firstFail.summary})`));
        return ExitCode.ok;
      }),
    );
}
