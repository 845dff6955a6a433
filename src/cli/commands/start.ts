import { Option, type Command } from 'commander';
import { say } from '../../i18n/current.js';
import { pc } from '../../util/colour.js';
import { connect } from '../../cluster/connect.js';
import { driverFor } from '../../cluster/driver-for.js';
import { setOwnContextNamespace } from '../../cluster/own-kubeconfig.js';
import { writeFailure } from '../../progress/unsaved.js';
import type { K3sCluster } from '../../cluster/k3s.js';
import type { LocalCluster } from '../../cluster/local/local-cluster.js';
import { existsSync } from 'node:fs';
import { resetLab, startLabOnce } from '../../labs/lifecycle.js';
import { labWorkDir } from '../../util/lab-paths.js';
import { assertClusterScopeAllowed } from '../../labs/ownership.js';
import { assertRequirements } from '../../labs/runtime.js';
import { ensureLabTools } from '../../cluster/tools.js';
import { loadLab } from '../../labs/loader.js';
import { BUILD_ENV } from '../../cluster/local/binaries.js';
import { renderTasks } from '../../labs/present.js';
import { t } from '../../i18n/t.js';
import { returnsExitCode } from '../action.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { globals } from '../options.js';

/**
 * `lab start <lab>` and `lab reset <lab>`: prepare the namespace (start leaves a started lab
 * as it is), then show the tasks, how to read the note (`lab note`) and the learner's working
 * folder; a reset shows one line and the tasks.
 */
export function registerStart(program: Command): void {
  for (const name of ['start', 'reset'] as const) {
    const command = program.command(`${name} <lab>`);
    // Only a reset deletes the learner's own objects named for the lab (src/labs/leftovers.ts).
    if (name === 'reset') command.option('--delete-my-objects', say('help.reset.deleteMyObjects'));
    command
      .description(name === 'start' ? say('help.start') : say('help.reset'))
      // lab start shows only the tasks now; --no-note stays accepted (hidden) for older scripts.
      .addOption(new Option('--no-note', say('help.start.noNote')).hideHelp())
      .option('--allow-cluster-scope', say('help.start.allowClusterScope'))
      .option('--build', say('help.opt.build'))
      .action(
        returnsExitCode(
          async (
            labId: string,
            opts: { note: boolean; allowClusterScope?: boolean; build?: boolean; deleteMyObjects?: boolean },
            cmd: Command,
          ): Promise<ExitCodeValue> => {
            const g = globals(cmd);
            if (opts.build) process.env[BUILD_ENV] = '1'; // a cluster this starts builds its binaries
            const lab = await loadLab(labId);
            await ensureLabTools(lab, g.log); // helm, etcdctl... built before the cluster is touched
            const { client, driver } = await connect(g.target, g.log, true);
            assertClusterScopeAllowed(lab, driver, opts.allowClusterScope, g.lang);
            await assertRequirements(lab, client, g.lang, driver, g.log);
            let ns: string;
            let workDir: string | undefined;
            if (name === 'start') {
              ns = g.labNamespace(lab.id); // -n, a learner's namespace (class kubeconfig), else lab-<id>
              const outcome = await startLabOnce(lab, client, ns, g.log);
              workDir = outcome.workDir;
              // A started lab holds the learner's work: it is shown again, never set up over it.
              if (outcome.state === 'already-started') g.log.info(t(g.lang, 'start.already', { lab: lab.id, ns }));
              else g.log.info(t(g.lang, 'status.labReady', { lab: lab.id, ns }));
            } else {
              const deleteMyObjects = opts.deleteMyObjects === true;
              ns = await resetLab(lab, client, g.labNamespace(lab.id), g.log, { deleteMyObjects });
              workDir = existsSync(labWorkDir(ns)) ? labWorkDir(ns) : undefined;
            }

            let kubectlHint: string;
            if (driver === 'context') {
              kubectlHint = t(g.lang, 'start.addNamespace', { ns });
            } else {
              const own = driverFor(driver) as LocalCluster | K3sCluster;
              try {
                setOwnContextNamespace(own.kubeconfig, ns);
              } catch (err) {
                // The lab itself is ready; only plain `kubectl` without -n lands elsewhere.
                g.log.warn(
                  `cka-lab could not set namespace ${ns} in ${own.kubeconfig} (${writeFailure(err)}); ` +
                    `add -n ${ns} to your kubectl commands.`,
                );
              }
              kubectlHint = t(g.lang, 'start.useKubectl', { ns });
            }
            // The tasks first; the note is one command away (`lab note`). A reset says so in one
            // line, then shows the tasks again.
            if (name === 'reset') {
              console.log(`${t(g.lang, 'reset.done', { lab: lab.id, ns })}\n`);
              console.log(renderTasks(lab, g.lang, ns));
              return ExitCode.ok;
            }
            console.log(renderTasks(lab, g.lang, ns));
            console.log(`\n${t(g.lang, 'start.readNote', { lab: lab.id })}`);
            if (workDir) {
              const command = `lab dir ${lab.id}${g.namespace ? ` -n ${ns}` : ''}`;
              console.log(t(g.lang, 'start.workDir', { dir: workDir, command }));
            }
            console.log(pc.dim(kubectlHint));
            return ExitCode.ok;
          },
        ),
      );
  }
}
