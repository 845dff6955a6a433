import type { Command } from 'commander';
import { connect } from '../../cluster/connect.js';
import { runChecks, type RunOptions } from '../../checks/engine.js';
import type { LabReport } from '../../checks/result.js';
import { listLabIds, loadLab, type Lab } from '../../labs/loader.js';
import { renderJson } from '../../report/json.js';
import { renderText } from '../../report/text.js';
import { assertManaged, LAB_LABEL, MANAGED_BY } from '../../kube/namespace.js';
import type { KubeClient } from '../../kube/client.js';
import { ClusterError, UsageError, ExitCode } from '../errors.js';
import { globals } from '../options.js';
import { recordCheck } from '../../progress/store.js';
import { t } from '../../i18n/t.js';

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
    let report: LabReport;
    try {
      report = await checkOnce(lab, client, namespace, options);
    } catch (err) {
      // While waiting, ride out a restarting API server; give up at the deadline.
      if (err instanceof ClusterError && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 500));
        continue;
      }
      throw err;
    }
    if (report.pass || Date.now() >= deadline) return report;
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function checkOnce(lab: Lab, client: KubeClient, namespace: string, options: CheckLabOptions): Promise<LabReport> {
  // Both only read; asking at once saves a round-trip. A foreign namespace still throws.
  const [ns, report] = await Promise.all([
    assertManaged(client, namespace),
    runChecks(lab, client, namespace, { lang: options.lang ?? 'en', tasks: options.tasks, workDir: options.workDir }),
  ]);
  if (!ns) {
    for (const check of report.tasks.flatMap((t) => t.checks)) {
      check.summary = t(report.lang ?? 'en', 'check.noNamespace', { ns: namespace, lab: lab.id });
      check.problems = [{ message: check.summary }];
    }
  }
  return report;
}

/** The labs started in the cluster: namespaces cka-lab labelled, with their lab. */
export async function startedLabs(client: KubeClient): Promise<{ lab: Lab; namespace: string }[]> {
  const namespaces = await client.list({ apiVersion: 'v1', kind: 'Namespace' }, undefined, `${MANAGED_BY.key}=${MANAGED_BY.value}`);
  const known = new Set(listLabIds());
  const started = namespaces
    .filter((ns) => !ns.metadata?.deletionTimestamp && known.has(ns.metadata?.labels?.[LAB_LABEL] ?? ''))
    .sort((a, b) => a.metadata!.name!.localeCompare(b.metadata!.name!));
  return Promise.all(started.map(async (ns) => ({ lab: await loadLab(ns.metadata!.labels![LAB_LABEL]!), namespace: ns.metadata!.name! })));
}

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
    .action(async (labId: string | undefined, opts: { output: string; all?: boolean; watch?: boolean; wait: string; dir: string }, cmd: Command) => {
      const g = globals(cmd);
      const format = opts.output as Format;
      if (!FORMATS.includes(format)) throw new UsageError(`Unknown output format "${opts.output}"; use -o text, json, yaml or junit.`);
      const waitMs = Number(opts.wait) * 1000;
      if (!Number.isFinite(waitMs) || waitMs < 0) throw new UsageError(`--wait needs a number of seconds, not "${opts.wait}".`);
      if (!labId && !opts.all) throw new UsageError('Name a lab to check (see `lab list`), or pass --all for every started lab.');
      if (labId && opts.all) throw new UsageError('Pass either a lab or --all, not both.');
      if (opts.watch && opts.all) throw new UsageError('--watch follows one lab; name it instead of --all.');

      const lab = labId ? await loadLab(labId) : undefined;
      const { client } = await connect(g.target, g.log);
      const targets = lab ? [{ lab, namespace: g.labNamespace(lab.id) }] : await startedLabs(client);
      if (targets.length === 0) throw new UsageError('No lab is started in this cluster; start one with `lab start <lab>`.');

      if (opts.watch) {
        process.exitCode = await watchCheck(targets[0]!.lab, client, targets[0]!.namespace, format, { lang: g.lang, workDir: opts.dir });
        recordCheck(targets[0]!.lab.id, process.exitCode === ExitCode.ok, new Date(), g.log);
        return;
      }
      const reports = await Promise.all(targets.map((t) => checkLab(t.lab, client, t.namespace, { lang: g.lang, waitMs, workDir: opts.dir })));
      for (const report of reports) recordCheck(report.lab, report.pass, new Date(), g.log);
      console.log(await render(reports, format));
      process.exitCode = reports.every((r) => r.pass) ? ExitCode.ok : ExitCode.checksFailed;
    });
}

/**
 * `--watch`: on a terminal, redraws the report in place on every change; otherwise
 * prints a report (text) or one JSON line each time the results change.
 * @returns the exit code: 0 once all pass, 1 when stopped with Ctrl-C before that
 */
async function watchCheck(lab: Lab, client: KubeClient, namespace: string, format: Format, options: RunOptions): Promise<number> {
  if (!(await assertManaged(client, namespace))) throw new UsageError(`The namespace ${namespace} does not exist; run \`lab start ${lab.id}\` first.`);
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
  const interrupted = new Promise<number>((resolve) =>
    process.once('SIGINT', () => {
      handle.stop();
      resolve(ExitCode.checksFailed);
    }),
  );
  return Promise.race([handle.passed.then(() => ExitCode.ok), interrupted]);
}
