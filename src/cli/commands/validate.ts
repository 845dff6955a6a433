import type { Command } from 'commander';
import { pc } from '../../util/colour.js';
import { connect } from '../../cluster/connect.js';
import { listLabIds, loadLab } from '../../labs/loader.js';
import { validateLab, type LabValidation } from '../../labs/validate.js';
import { ExitCode } from '../errors.js';
import { globals } from '../options.js';

/** Renders a validation report: one line per proof, the reason under each failure. */
export function renderValidation(v: LabValidation): string {
  const lines = [pc.bold(`${v.ok ? pc.green('PASS') : pc.red('FAIL')} ${v.lab}`)];
  for (const c of v.cases) {
    lines.push(`  ${c.ok ? pc.green('✓') : pc.red('✗')} ${c.name}${pc.dim(` (${(c.durationMs / 1000).toFixed(1)} s)`)}`);
    if (!c.ok) lines.push(`      ${pc.yellow(c.detail)}`);
  }
  return lines.join('\n');
}

/** `lab validate [<lab>]`: the lab authors' self-test of checks, on the cluster (exit 1 if any proof fails). */
export function registerValidate(program: Command): void {
  program
    .command('validate [lab]')
    .description('prove a lab\'s checks on the cluster: setup fails, solution passes, wrong answers fail, alternatives pass')
    .option('-o, --output <format>', 'text or json', 'text')
    .action(async (labId: string | undefined, opts: { output: string }, cmd: Command) => {
      const g = globals(cmd);
      const labs = await Promise.all((labId ? [labId] : listLabIds()).map((id) => loadLab(id)));
      const { client } = await connect(g.target, g.log, true);
      const results: LabValidation[] = [];
      for (const lab of labs) {
        const result = await validateLab(lab, client);
        results.push(result);
        if (opts.output !== 'json') console.log(renderValidation(result));
      }
      if (opts.output === 'json') console.log(JSON.stringify(results, null, 2));
      const failed = results.filter((r) => !r.ok).length;
      if (opts.output !== 'json') console.log(failed ? `\n${failed} of ${results.length} labs have unproven checks.` : `\nAll ${results.length} labs proven.`);
      process.exitCode = failed ? ExitCode.checksFailed : ExitCode.ok;
    });
}
