import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pc } from '../../util/colour.js';
import { connect } from '../../cluster/connect.js';
import { applySolution } from '../../labs/lifecycle.js';
import { assertClusterScopeAllowed } from '../../labs/ownership.js';
import { loadLab } from '../../labs/loader.js';
import { textIn } from '../../i18n/text.js';
import { assertManaged } from '../../kube/namespace.js';
import { UsageError } from '../../errors.js';
import { returnsExitCode } from '../action.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { globals } from '../options.js';

/** `lab solution <lab> [--apply]`: the reference solution, as commands and YAML; `--apply` applies it. */
export function registerSolution(program: Command): void {
  program
    .command('solution <lab>')
    .description('show the reference solution (kubectl commands and YAML); --apply applies it')
    .option('--apply', 'apply the reference solution to the lab namespace')
    .option(
      '--allow-cluster-scope',
      "on your own cluster (--kubeconfig/--context), let the solution create the lab's cluster-scoped objects",
    )
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
          const { client, driver } = await connect(g.target, g.log);
          assertClusterScopeAllowed(lab, driver, opts.allowClusterScope, g.lang);
          const ns = g.labNamespace(lab.id);
          if (!(await assertManaged(client, ns)))
            throw new UsageError(`The namespace ${ns} does not exist; run \`lab start ${lab.id}\` first.`);
          await applySolution(lab, { client, namespace: ns, root: lab.root, workDir: process.cwd(), owner: lab });
          g.log.info(`Applied the reference solution in ${ns}; run \`lab check ${lab.id}\` to see it pass.`);
          return ExitCode.ok;
        },
      ),
    );
}
