import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { say } from '../../i18n/current.js';
import { t } from '../../i18n/t.js';
import { textIn } from '../../i18n/text.js';
import { defaultNamespace } from '../../kube/namespace.js';
import { inCurriculumOrder, readCurriculum } from '../../labs/curriculum.js';
import { listLabIds, loadLab } from '../../labs/loader.js';
import { labStatus, nextLab } from '../../progress/status.js';
import { readProgress } from '../../progress/store.js';
import { labWorkDir } from '../../util/lab-paths.js';
import { returnsExitCode } from '../action.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { globals } from '../options.js';

/** Whether the lab was started here: `lab start` made its working folder (in its own namespace lab-<id>). */
export const wasStarted = (id: string): boolean => existsSync(labWorkDir(defaultNamespace(id)));

/**
 * `lab next [-o json]`: the next lab to do, in the recommended order (labs/curriculum.yaml):
 * the first one not passed on the learner's own work, and how to go on with it.
 */
export function registerNext(program: Command): void {
  program
    .command('next')
    .description(say('help.next'))
    .option('-o, --output <format>', say('help.opt.textJson'), 'text')
    .action(
      returnsExitCode(async (_opts: unknown, cmd: Command): Promise<ExitCodeValue> => {
        const g = globals(cmd);
        const labs = await Promise.all(listLabIds().map((id) => loadLab(id)));
        const ordered = inCurriculumOrder(labs, readCurriculum());
        const progress = readProgress(g.log);
        const next = nextLab(ordered, progress, wasStarted);
        const passed = ordered.filter((l) => labStatus(progress.labs[l.id], false) === 'passed').length;
        if (g.output === 'json') {
          const lab = next && { id: next.lab.id, title: textIn(next.lab.title, g.lang), domain: next.lab.domain };
          console.log(
            JSON.stringify(
              { next: lab ? { ...lab, status: next.status } : null, passed, total: ordered.length },
              null,
              2,
            ),
          );
          return ExitCode.ok;
        }
        if (!next) {
          console.log(t(g.lang, 'next.done', { count: ordered.length }));
          return ExitCode.ok;
        }
        const params = { lab: next.lab.id, title: textIn(next.lab.title, g.lang), domain: next.lab.domain };
        const key =
          next.status === 'solved' ? 'next.solved' : next.status === 'started' ? 'next.continue' : 'next.start';
        console.log(t(g.lang, key, params));
        console.log(t(g.lang, 'next.progress', { passed, total: ordered.length }));
        return ExitCode.ok;
      }),
    );
}
