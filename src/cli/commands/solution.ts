import type { Command } from 'commander';
import { say } from '../../i18n/current.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pc } from '../../util/colour.js';
import { connect } from '../../cluster/connect.js';
import { ensureLabTools } from '../../cluster/tools.js';
import { applySolution, resetLab } from '../../labs/lifecycle.js';
import { checkLab } from '../../checks/check-lab.js';
import { recordSolution } from '../../progress/store.js';
import { renderText } from '../../report/text.js';
import { t } from '../../i18n/t.js';
import { labWorkDir } from '../../util/lab-paths.js';
import { assertClusterScopeAllowed } from '../../labs/ownership.js';
import { loadLab } from '../../labs/loader.js';
import { textIn } from '../../i18n/text.js';
import { assertManaged } from '../../kube/namespace.js';
import { UsageError } from '../../errors.js';
import { returnsExitCode } from '../action.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { globals } from '../options.js';

/** How long `lab solution --apply` waits for every check to pass, in ms. */
const SOLUTION_WAIT_MS = 60_000;

/**
 * `lab solution <lab> [--apply]`: the reference solution, as commands and YAML. `--apply`
 * resets the lab (its namespace and working folder), applies the solution, waits until every
 * check passes and records that as solved with the solution, not as the learner's pass.
 */
export function registerSolution(program: Command): void {
  program
    .command('solution <lab>')
    .description(say('help.solution'))
    .option('--apply', say('help.solution.apply'))
    .option('--allow-cluster-scope', say('help.solution.allowClusterScope'))
    .action(
      returnsExitCode(
        async (
          labId: string,
          opts: { apply?: boolean; allowClusterScope?: boolean },
          cmd: Command,
        ): Promise<ExitCodeValue> => {
          const g = globals(cmd);
          const lab = await loadLab(labId);
          lab.tasks.forEach((task, i) => {
            console.log(pc.bold(`${i + 1}. ${textIn(task.title, g.lang)}`));
            for (const step of task.solution) {
              console.log(`   $ ${step.run}`);
              const file = step.apply ?? step.writeFile?.from;
              if (file) {
                console.log(pc.dim(`   # ${step.writeFile?.path ?? file}`));
                console.log(readFileSync(join(lab.root, file), 'utf8').trimEnd().replace(/^/gm, '   '));
              }
            }
            console.log('');
          });
          if (!opts.apply) return ExitCode.ok;
          await ensureLabTools(lab, g.log); // the solution's exec steps run helm, etcdctl...
          const { client, driver } = await connect(g.target, g.log);
          assertClusterScopeAllowed(lab, driver, opts.allowClusterScope, g.lang);
          const ns = g.labNamespace(lab.id);
          if (!(await assertManaged(client, ns)))
            throw new UsageError(t(g.lang, 'check.watchNoNamespace', { ns, lab: lab.id }));
          // From the setup, never over the learner's work (an immutable field they changed, a
          // wrong file), so the solution always ends with every check passing.
          g.log.info(t(g.lang, 'solution.resetting', { ns }));
          await resetLab(lab, client, ns, g.log);
          const workDir = labWorkDir(ns); // made, and emptied, by the reset
          await applySolution(lab, { client, namespace: ns, root: lab.root, workDir, owner: lab });
          const report = await checkLab(lab, client, ns, { lang: g.lang, waitMs: SOLUTION_WAIT_MS, workDir });
          recordSolution(lab.id, report.pass, new Date(), g.log);
          if (report.pass) {
            g.log.info(t(g.lang, 'solution.passed', { ns, total: report.passed, lab: lab.id }));
            return ExitCode.ok;
          }
          console.log(renderText(report));
          g.log.warn(
            t(g.lang, 'solution.failing', {
              ns,
              failed: report.failed,
              total: report.passed + report.failed,
              seconds: SOLUTION_WAIT_MS / 1000,
              lab: lab.id,
            }),
          );
          return ExitCode.checksFailed;
        },
      ),
    );
}
