import type { Command } from 'commander';
import { pc } from '../../util/colour.js';
import { connect } from '../../cluster/connect.js';
import { loadLab } from '../../labs/loader.js';
import { currentLab } from '../../labs/started.js';
import { chooseHints, nextHintIndex } from '../../labs/hints.js';
import { textIn } from '../../i18n/text.js';
import { t } from '../../i18n/t.js';
import { say } from '../../i18n/current.js';
import { globals } from '../options.js';
import { checkLab } from '../../checks/check-lab.js';
import { returnsExitCode } from '../action.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { warnUnsaved } from '../../progress/unsaved.js';
import { labWorkDir } from '../../util/lab-paths.js';

/**
 * `lab hint [lab]`: the next hint for what the learner did in the first task that does not
 * pass yet: the hints of the mistake a failing check reveals, then the task's (see chooseHints).
 * Without a lab, the lab the learner is in, as `lab check` picks it (see currentLab).
 */
export function registerHint(program: Command): void {
  program
    .command('hint [lab]')
    .description(say('help.hint'))
    .action(
      returnsExitCode(async (labId: string | undefined, _opts: unknown, cmd: Command): Promise<ExitCodeValue> => {
        const g = globals(cmd);
        const named = labId ? await loadLab(labId) : undefined;
        const { client } = await connect(g.target, g.log);
        const { lab, namespace: ns } = named
          ? { lab: named, namespace: g.labNamespace(named.id) }
          : await currentLab(client, g.namespace, g.lang);
        const check = (lang: 'en' | 'ko') => checkLab(lab, client, ns, { lang, workDir: labWorkDir(ns) });
        // Wrong answers' messages are English: the mistake is found in English, then shown in the learner's language.
        const english = await check('en');
        const choice = chooseHints(lab, english);
        if (!choice) {
          console.log(t(g.lang, 'hint.allPass'));
          return ExitCode.ok;
        }
        const n = choice.hints.length;
        if (n === 0) {
          console.log(t(g.lang, 'hint.none'));
          return ExitCode.ok;
        }
        const i = nextHintIndex(lab.id, choice.key, n, (err) => warnUnsaved(g.log, err));
        const shown = g.lang === 'en' ? english : await check(g.lang);
        const failed = shown.tasks.flatMap((t) => t.checks).find((c) => c.id === choice.check?.id);
        const title = t(g.lang, 'hint.title', { task: textIn(choice.task.title, g.lang), n: i + 1, total: n });
        console.log(pc.bold(title));
        console.log(textIn(choice.hints[i]!, g.lang));
        if (failed && !failed.pass) console.log(pc.dim(`(${failed.title}: ${failed.summary})`));
        return ExitCode.ok;
      }),
    );
}
