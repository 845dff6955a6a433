import type { Command } from 'commander';
import { say } from '../../i18n/current.js';
import { connect } from '../../cluster/connect.js';
import { listLabIds, loadLab } from '../../labs/loader.js';
import { validateLab, type LabValidation } from '../../labs/validate.js';
import { ensureLabTools } from '../../cluster/tools.js';
import { renderValidation } from '../../report/validation.js';
import { returnsExitCode } from '../action.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { globals } from '../options.js';

/** `lab validate [<lab>]`: the lab authors' self-test of checks, on the cluster (exit 1 if any proof fails). */
export function registerValidate(program: Command): void {
  program
    .command('validate [lab]')
    .description(say('help.validate'))
    .option('-o, --output <format>', say('help.opt.textJson'), 'text')
    .action(
      returnsExitCode(
        async (labId: string | undefined, opts: { output: string }, cmd: Command): Promise<ExitCodeValue> => {
          const g = globals(cmd);
          const labs = await Promise.all((labId ? [labId] : listLabIds()).map((id) => loadLab(id)));
          for (const lab of labs) await ensureLabTools(lab, g.log); // their exec steps run helm, etcdctl...
          const { client, driver } = await connect(g.target, g.log, true);
          const results: LabValidation[] = [];
          for (const lab of labs) {
            const result = await validateLab(lab, client, { installGatewayApi: driver === 'local' });
            results.push(result);
            if (opts.output !== 'json') console.log(renderValidation(result));
          }
          if (opts.output === 'json') console.log(JSON.stringify(results, null, 2));
          const failed = results.filter((r) => !r.ok).length;
          if (opts.output !== 'json')
            console.log(
              failed
                ? `\n${failed} of ${results.length} labs have unproven checks.`
                : `\nAll ${results.length} labs proven.`,
            );
          return failed ? ExitCode.checksFailed : ExitCode.ok;
        },
      ),
    );
}
