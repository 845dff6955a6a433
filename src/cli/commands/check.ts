import type { Command } from 'commander';
import { stringify } from 'yaml';
import { connect } from '../../cluster/connect.js';
import { runChecks, type RunOptions } from '../../checks/engine.js';
import type { LabReport } from '../../checks/result.js';
import { loadLab, type Lab } from '../../labs/loader.js';
import { renderJson } from '../../report/json.js';
import { renderText } from '../../report/text.js';
import { assertManaged } from '../../kube/namespace.js';
import type { KubeClient } from '../../kube/client.js';
import { UsageError, ExitCode } from '../errors.js';
import { globals } from '../options.js';

/** Options for {@link checkLab}. */
export interface CheckLabOptions extends Partial<RunOptions> {
  /** Keep re-checking (every 250 ms) until all pass or this many ms pass; 0 checks once. */
  waitMs?: number;
}

/**
 * Checks a lab (or only `options.tasks`), optionally re-running until every check passes.
 * The namespace must be one cka-lab created; a missing one fails every check.
 * @throws UsageError when the namespace exists but is not cka-lab's; ClusterError when unreachable
 */
export async function checkLab(lab: Lab, client: KubeClient, namespace: string, options: CheckLabOptions = {}): Promise<LabReport> {
  const deadline = Date.now() + (options.waitMs ?? 0);
  for (;;) {
    const ns = await assertManaged(client, namespace);
    const report = await runChecks(lab, client, namespace, { lang: options.lang ?? 'en', tasks: options.tasks, workDir: options.workDir });
    if (!ns) {
      for (const check of report.tasks.flatMap((t) => t.checks)) {
        check.summary = `the namespace ${namespace} does not exist; run \`lab start ${lab.id}\` first`;
        check.problems = [{ message: check.summary }];
      }
    }
    if (report.pass || Date.now() >= deadline) return report;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** `lab check <lab>`: exit 0 when every check passes, 1 when one fails. */
export function registerCheck(program: Command): void {
  program
    .command('check <lab>')
    .description('check your work in the lab namespace, check by check')
    .option('-o, --output <format>', 'text, json or yaml', 'text')
    .option('--wait <seconds>', 'keep re-checking until all pass or this many seconds pass', '0')
    .option('--dir <folder>', 'where your saved manifests are, for file checks', process.cwd())
    .action(async (labId: string, opts: { output: string; wait: string; dir: string }, cmd: Command) => {
      const g = globals(cmd);
      if (!['text', 'json', 'yaml'].includes(opts.output)) throw new UsageError(`Unknown output format "${opts.output}"; use -o text, -o json or -o yaml.`);
      const waitMs = Number(opts.wait) * 1000;
      if (!Number.isFinite(waitMs) || waitMs < 0) throw new UsageError(`--wait needs a number of seconds, not "${opts.wait}".`);
      const lab = loadLab(labId);
      const { client } = await connect(g.target, g.log);
      const report = await checkLab(lab, client, g.nsFor(lab.id), { lang: g.lang, waitMs, workDir: opts.dir });
      if (opts.output === 'json') console.log(renderJson(report));
      else if (opts.output === 'yaml') console.log(stringify(JSON.parse(renderJson(report))));
      else console.log(renderText(report));
      process.exitCode = report.pass ? ExitCode.ok : ExitCode.checksFailed;
    });
}
