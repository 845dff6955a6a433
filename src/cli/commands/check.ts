import type { Command } from 'commander';
import { connect } from '../../cluster/connect.js';
import { checkLab } from '../../checks/check-lab.js';
import type { RunOptions } from '../../checks/engine.js';
import type { LabReport } from '../../checks/result.js';
import { UsageError } from '../../errors.js';
import { t } from '../../i18n/t.js';
import type { KubeClient } from '../../kube/client.js';
import { assertManaged } from '../../kube/namespace.js';
import type { Lab } from '../../labs/lab.js';
import { loadLab } from '../../labs/loader.js';
import { startedLabs } from '../../labs/started.js';
import { recordCheck } from '../../progress/store.js';
import { renderJson } from '../../report/json.js';
import { renderText } from '../../report/text.js';
import { returnsExitCode } from '../action.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { globals } from '../options.js';

const FORMATS = ['text', 'json', 'yaml', 'junit'] as const;
type Format = (typeof FORMATS)[number];

async function render(reports: LabReport[], format: Format): Promise<string> {
  // Loaded on demand: JUnit and YAML output and watching are not worth their start-up cost on every check.
  if (format === 'junit') return (await import('../../report/junit.js')).renderJunit(reports);
  const data = reports.length === 1 ? reports[0]! : reports;
  if (format === 'json') return renderJson(data);
  if (format === 'yaml') return (await import('yaml')).default.stringify(JSON.parse(renderJson(data)));
  return reports.map((r) => renderText(r)).join('\n\n');
}

/** `lab check <lab>` / `lab check --all`: exit 0 when every check passes, 1 when one fails. */
export function registerCheck(program: Command): void {
  program
    .command('check [lab]')
    .description('check your work in the lab namespace, check by check')
    .option('-o, --output <format>', 'text, json, yaml or junit', 'text')
    .option('--all', 'check every started lab (every namespace cka-lab labelled)')
    .option('--watch', 're-check on every change in the namespace until all pass (Ctrl-C to stop)')
    .option('--wait <seconds>', 'keep re-checking until all pass or this many seconds pass', '0')
    .option('--dir <folder>', 'where your saved manifests are, for file checks', process.cwd())
    .action(
      returnsExitCode(async (labId: string | undefined, opts: CheckFlags, cmd: Command): Promise<ExitCodeValue> => {
        const g = globals(cmd);
        const format = opts.output as Format;
        if (!FORMATS.includes(format))
          throw new UsageError(`Unknown output format "${opts.output}"; use -o text, json, yaml or junit.`);
        const waitMs = Number(opts.wait) * 1000;
        if (!Number.isFinite(waitMs) || waitMs < 0)
          throw new UsageError(`--wait needs a number of seconds, not "${opts.wait}".`);
        if (!labId && !opts.all)
          throw new UsageError('Name a lab to check (see `lab list`), or pass --all for every started lab.');
        if (labId && opts.all) throw new UsageError('Pass either a lab or --all, not both.');
        if (opts.watch && opts.all) throw new UsageError('--watch follows one lab; name it instead of --all.');

        const lab = labId ? await loadLab(labId) : undefined;
        const { client, deadComponents } = await connect(g.target, g.log);
        const targets = lab ? [{ lab, namespace: g.labNamespace(lab.id) }] : await startedLabs(client);
        if (targets.length === 0)
          throw new UsageError('No lab is started in this cluster; start one with `lab start <lab>`.');

        if (opts.watch) {
          const code = await watchCheck(targets[0]!.lab, client, targets[0]!.namespace, format, {
            lang: g.lang,
            workDir: opts.dir,
          });
          recordCheck(targets[0]!.lab.id, code === ExitCode.ok, new Date(), g.log);
          return code;
        }
        const reports = await Promise.all(
          targets.map((t) => checkLab(t.lab, client, t.namespace, { lang: g.lang, waitMs, workDir: opts.dir })),
        );
        for (const report of reports) recordCheck(report.lab, report.pass, new Date(), g.log);
        console.log(await render(reports, format));
        if (reports.every((r) => r.pass)) return ExitCode.ok;
        // A failing check may be the cluster's fault, not the learner's: say so (stderr, so -o json stays clean).
        const dead = await deadComponents?.();
        if (dead) g.log.warn(dead);
        return ExitCode.checksFailed;
      }),
    );
}

/** The flags of `lab check`. */
interface CheckFlags {
  output: string;
  all?: boolean;
  watch?: boolean;
  wait: string;
  dir: string;
}

/**
 * `--watch`: on a terminal, redraws the report in place on every change; otherwise
 * prints a report (text) or one JSON line each time the results change.
 * @returns the exit code: 0 once all pass, 1 when stopped with Ctrl-C before that
 */
async function watchCheck(
  lab: Lab,
  client: KubeClient,
  namespace: string,
  format: Format,
  options: RunOptions,
): Promise<ExitCodeValue> {
  if (!(await assertManaged(client, namespace)))
    throw new UsageError(`The namespace ${namespace} does not exist; run \`lab start ${lab.id}\` first.`);
  const tty = process.stdout.isTTY && format === 'text';
  let last = '';
  const { watchLab } = await import('../../checks/watch.js');
  const handle = await watchLab(lab, client, namespace, options, (report) => {
    const key = report.tasks.flatMap((t) => t.checks.map((c) => `${c.id}:${c.pass}:${c.summary}`)).join('|');
    if (key === last) return;
    last = key;
    const waiting = t(options.lang, 'check.watching');
    if (tty) process.stdout.write(`\x1b[2J\x1b[H${renderText(report)}\n\n${report.pass ? '' : `${waiting}\n`}`);
    else if (format === 'json') process.stdout.write(`${JSON.stringify(JSON.parse(renderJson(report)))}\n`);
    else void render([report], format).then((text) => process.stdout.write(`${text}\n`));
  });
  const interrupted = new Promise<ExitCodeValue>((resolve) =>
    process.once('SIGINT', () => {
      handle.stop();
      resolve(ExitCode.checksFailed);
    }),
  );
  return Promise.race([handle.passed.then(() => ExitCode.ok), interrupted]);
}
