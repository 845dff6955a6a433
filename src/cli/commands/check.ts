import type { Command } from 'commander';
import { say } from '../../i18n/current.js';
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
import { currentLab, startedLabs } from '../../labs/started.js';
import { labWorkDir } from '../../util/lab-paths.js';
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

/**
 * `lab check [lab]` / `lab check --all`: exit 0 when every check passes, 1 when one fails.
 * Without a lab, the lab the learner is in: see {@link pickCurrentLab}.
 */
export function registerCheck(program: Command): void {
  program
    .command('check [lab]')
    .description(say('help.check'))
    .option('-o, --output <format>', say('help.opt.textJsonYamlJunit'), 'text')
    .option('--all', say('help.check.all'))
    .option('--watch', say('help.check.watch'))
    .option('--wait <seconds>', say('help.check.wait'), '0')
    .option('--dir <folder>', say('help.check.dir'))
    .action(
      returnsExitCode(async (labId: string | undefined, opts: CheckFlags, cmd: Command): Promise<ExitCodeValue> => {
        const g = globals(cmd);
        const format = opts.output as Format;
        if (!FORMATS.includes(format)) throw new UsageError(t(g.lang, 'check.badFormat', { value: opts.output }));
        const waitMs = Number(opts.wait) * 1000;
        if (!Number.isFinite(waitMs) || waitMs < 0)
          throw new UsageError(t(g.lang, 'check.badWait', { value: opts.wait }));
        if (labId && opts.all) throw new UsageError(t(g.lang, 'check.labAndAll'));
        if (opts.watch && opts.all) throw new UsageError(t(g.lang, 'check.watchAll'));

        const lab = labId ? await loadLab(labId) : undefined;
        const { client, deadComponents } = await connect(g.target, g.log);
        let targets: { lab: Lab; namespace: string }[];
        if (lab) targets = [{ lab, namespace: g.labNamespace(lab.id) }];
        else {
          // No lab named: the one the learner is in (-n, else the current context's namespace), else the only one.
          if (opts.all) {
            targets = await startedLabs(client);
            if (targets.length === 0) throw new UsageError(t(g.lang, 'current.noneStarted'));
          } else targets = [await currentLab(client, g.namespace, g.lang)];
        }
        // File checks read the lab's working folder (`lab dir`) unless --dir names another.
        const workDir = (namespace: string) => opts.dir ?? labWorkDir(namespace);

        if (opts.watch) {
          const code = await watchCheck(targets[0]!.lab, client, targets[0]!.namespace, format, {
            lang: g.lang,
            workDir: workDir(targets[0]!.namespace),
          });
          record(targets[0]!.lab.id, code === ExitCode.ok, g);
          return code;
        }
        const reports = await Promise.all(
          targets.map((t) =>
            checkLab(t.lab, client, t.namespace, { lang: g.lang, waitMs, workDir: workDir(t.namespace) }),
          ),
        );
        for (const report of reports) record(report.lab, report.pass, g);
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
  dir?: string;
}

/**
 * Records a check in the progress file; a pass while the reference solution is applied says
 * (on stderr, so -o json stays clean) that it is not counted as the learner's own.
 */
function record(labId: string, pass: boolean, g: ReturnType<typeof globals>): void {
  if (recordCheck(labId, pass, new Date(), g.log) === 'solution')
    g.log.info(t(g.lang, 'check.withSolution', { lab: labId }));
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
    throw new UsageError(t(options.lang, 'check.watchNoNamespace', { ns: namespace, lab: lab.id }));
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
