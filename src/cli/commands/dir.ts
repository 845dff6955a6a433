import type { Command } from 'commander';
import { say } from '../../i18n/current.js';
import { UsageError } from '../../errors.js';
import { connect } from '../../cluster/connect.js';
import { loadLab } from '../../labs/loader.js';
import { currentLab } from '../../labs/started.js';
import { writeFailure } from '../../progress/unsaved.js';
import { ensureWorkDir, labWorkDir } from '../../util/lab-paths.js';
import { returnsExitCode } from '../action.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { globals } from '../options.js';
import { t } from '../../i18n/t.js';

/**
 * `lab dir [lab]`: prints the lab's working folder (made if missing), for
 * `cd "$(lab dir <lab>)"`; `file` checks read it wherever `lab check` runs. Without a lab, the
 * lab the learner is in, as `lab check` picks it (see currentLab).
 */
export function registerDir(program: Command): void {
  program
    .command('dir [lab]')
    .description(say('help.dir'))
    .action(
      returnsExitCode(async (labId: string | undefined, _opts: unknown, cmd: Command): Promise<ExitCodeValue> => {
        const g = globals(cmd);
        const ns = labId
          ? g.labNamespace((await loadLab(labId)).id)
          : (await currentLab((await connect(g.target, g.log)).client, g.namespace, g.lang)).namespace;
        try {
          console.log(ensureWorkDir(ns));
        } catch (err) {
          throw new UsageError(t(g.lang, 'dir.cannotMake', { dir: labWorkDir(ns), why: writeFailure(err) }), {
            cause: err,
          });
        }
        return ExitCode.ok;
      }),
    );
}
