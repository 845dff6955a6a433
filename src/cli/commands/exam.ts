import type { Command } from 'commander';
import { say } from '../../i18n/current.js';
import { delimiter, resolve } from 'node:path';
import { pc } from '../../util/colour.js';
import { connect } from '../../cluster/connect.js';
import { driverFor } from '../../cluster/driver-for.js';
import type { DriverName } from '../../cluster/driver.js';
import type { K3sCluster } from '../../cluster/k3s.js';
import type { LocalCluster } from '../../cluster/local/local-cluster.js';
import { isOwnKubeconfig } from '../../exam/contexts.js';
import { countdown } from '../../exam/countdown.js';
import { formatDuration, parseDuration } from '../../exam/duration.js';
import { pickWeighted, randomSource } from '../../exam/pick.js';
import { drawMock, earlierMocks, MOCK_KINDS, type MockKind } from '../../exam/mock.js';
import { assertRequirements } from '../../labs/runtime.js';
import { ensureGatewayApi } from '../../cluster/gateway-crds.js';
import type { Lab } from '../../labs/lab.js';
import type { KubeClient } from '../../kube/client.js';
import { renderExamPaper, renderExamResult } from '../../exam/present.js';
import { renderReview } from '../../exam/present-review.js';
import { examTasks } from '../../exam/tasks.js';
import { t } from '../../i18n/t.js';
import { textIn } from '../../i18n/text.js';
import { readProgress } from '../../progress/store.js';
import { PASS_MARK_PERCENT } from '../../exam/result.js';
import { DEFAULT_EXAM_MS, noExam, setFlag, startExam, submitExam } from '../../exam/session.js';
import { readExam, type ExamState } from '../../exam/state.js';
import type { KubeTarget } from '../../kube/config.js';
import { listLabIds, loadLab } from '../../labs/loader.js';
import { formatWhen } from '../../progress/present.js';
import { UsageError } from '../../errors.js';
import { returnsExitCode } from '../action.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { globals } from '../options.js';

type Globals = ReturnType<typeof globals>;

interface StartOptions {
  count?: string;
  labs?: string;
  duration?: string;
  detach?: boolean;
  force?: boolean;
  seed?: string;
  mock?: string | boolean;
}

/** `lab exam [start]|status|submit`: a timed mock exam of several labs, scored like the CKA. */
export function registerExam(program: Command): void {
  const exam = program.command('exam').description(say('help.exam'));

  exam
    .command('start', { isDefault: true })
    .description(say('help.exam.start'))
    .option('--count <n>', say('help.exam.count'))
    .option('--labs <ids>', say('help.exam.labs'))
    .option('--seed <n>', say('help.exam.seed'))
    .option('--mock [kind]', say('help.exam.mock'))
    .option('--duration <length>', say('help.exam.duration'))
    .option('--detach', say('help.exam.detach'))
    .option('--force', say('help.exam.force'))
    .action(
      returnsExitCode(async (opts: StartOptions, cmd: Command): Promise<ExitCodeValue> => {
        const g = globals(cmd);
        if (g.namespace) throw new UsageError(t(g.lang, 'exam.noNamespaceFlag'));
        const durationMs = opts.duration === undefined ? DEFAULT_EXAM_MS : parseDuration(opts.duration);
        const mock = mockKind(opts, g);
        const chosen = mock ? undefined : await Promise.all((await chooseLabIds(opts, g)).map((id) => loadLab(id)));
        if (opts.duration === undefined)
          g.log.info(t(g.lang, 'status.examLength', { length: formatDuration(DEFAULT_EXAM_MS) }));
        const { client, driver } = await connect(g.target, g.log, true);
        const labs = chosen ?? (await drawMockLabs(client, driver, g, seedOf(opts, g)));
        // A lab that requires the Gateway API gets its CRDs on the local cluster (a mock draw made sure of it).
        for (const lab of labs) await ensureGatewayApi(lab, client, driver === 'local', g.log);
        const target: KubeTarget = { kubeconfig: g.kubeconfig && resolve(g.kubeconfig), context: g.context };
        const contextsIn = ownKubeconfig(g, driver);
        const state = await startExam({
          labs,
          durationMs,
          client,
          log: g.log,
          target,
          force: opts.force,
          contextsIn,
          ...(mock ? { mock } : {}),
        });
        g.log.info(t(g.lang, 'status.examStarted', { count: labs.length, when: formatWhen(state.deadline, true) }));

        console.log(renderExamPaper(state, labs, g.lang, PASS_MARK_PERCENT));
        if (driver !== 'context') console.log(pc.dim(t(g.lang, 'status.useKubectl')));

        if (opts.detach || !process.stdout.isTTY || !process.stderr.isTTY) return ExitCode.ok;
        g.log.info(t(g.lang, 'status.examCountdown'));
        const end = await countdown(Date.parse(state.deadline), () => readExam()?.id === state.id);
        if (end === 'interrupted') {
          g.log.info(t(g.lang, 'status.examKeepsRunning', { when: formatWhen(state.deadline, true) }));
        } else if (end === 'gone') {
          g.log.info(t(g.lang, 'status.examGone'));
        } else {
          g.log.info(t(g.lang, 'status.timeUp'));
          // The countdown submits at the deadline itself, so its own submission is never late.
          return submitAndShow(g, state, { output: 'text' }, new Date(state.deadline));
        }
        return ExitCode.ok;
      }),
    );

  exam
    .command('status')
    .description(say('help.exam.status'))
    .option('-o, --output <format>', say('help.opt.textJson'), 'text')
    .action(
      returnsExitCode(async (opts: { output: string }, cmd: Command): Promise<ExitCodeValue> => {
        checkOutput(opts.output);
        const { lang } = globals(cmd);
        const state = readExam();
        if (!state) throw new UsageError(noExam());
        const leftMs = Date.parse(state.deadline) - Date.now();
        if (opts.output === 'json') {
          console.log(
            JSON.stringify(
              {
                labs: state.labs,
                flagged: state.flagged ?? [],
                startedAt: state.startedAt,
                deadline: state.deadline,
                remainingMs: Math.max(0, leftMs),
                overdue: leftMs < 0,
              },
              null,
              2,
            ),
          );
          return ExitCode.ok;
        }
        const questions = state.labs
          .map((l, i) => {
            const where = l.context ? `${t(lang, 'exam.status.context', { context: l.context })}, ` : '';
            return `  ${i + 1}. ${l.id} (${where}namespace ${l.namespace})`;
          })
          .join('\n');
        console.log(`${pc.bold(t(lang, 'examStatus.head', { when: formatWhen(state.startedAt) }))}\n${questions}`);
        if (leftMs > 0)
          console.log(
            t(lang, 'examStatus.left', {
              left: pc.bold(formatDuration(leftMs)),
              when: formatWhen(state.deadline, true),
            }),
          );
        else console.log(pc.yellow(t(lang, 'examStatus.over', { ago: formatDuration(-leftMs) })));
        console.log(await flaggedLines(state, lang));
        return ExitCode.ok;
      }),
    );

  exam
    .command('submit')
    .description(say('help.exam.submit'))
    .option('-o, --output <format>', say('help.opt.textJson'), 'text')
    .option('--dir <folder>', say('help.exam.dir'))
    .action(
      returnsExitCode(async (opts: { output: string; dir?: string }, cmd: Command): Promise<ExitCodeValue> => {
        checkOutput(opts.output);
        const state = readExam();
        if (!state) throw new UsageError(noExam());
        return submitAndShow(globals(cmd), state, opts);
      }),
    );

  for (const on of [true, false]) {
    exam
      .command(`${on ? 'flag' : 'unflag'} <task>`)
      .description(say(on ? 'help.exam.flag' : 'help.exam.unflag'))
      .action(
        returnsExitCode(async (ref: string, _opts: unknown, cmd: Command): Promise<ExitCodeValue> => {
          const { lang, log } = globals(cmd);
          const { task, changed } = await setFlag(ref, on, lang);
          const params = { number: task.number, title: textIn(task.title, lang) };
          const key = on
            ? changed
              ? 'exam.flagged'
              : 'exam.flaggedAlready'
            : changed
              ? 'exam.unflagged'
              : 'exam.unflaggedAlready';
          log.info(t(lang, key, params));
          return ExitCode.ok;
        }),
      );
  }

  exam
    .command('review [n]')
    .description(say('help.exam.review'))
    .option('-o, --output <format>', say('help.opt.textJson'), 'text')
    .action(
      returnsExitCode((n: string | undefined, opts: { output: string }, cmd: Command): ExitCodeValue => {
        checkOutput(opts.output);
        const { lang, log } = globals(cmd);
        const exams = readProgress(log).exams;
        if (exams.length === 0) throw new UsageError(t(lang, 'review.none'));
        const index = n === undefined ? exams.length : Number(n);
        if (!Number.isInteger(index) || index < 1 || index > exams.length)
          throw new UsageError(t(lang, 'review.noSuch', { n: n ?? '', count: exams.length }));
        const result = exams[index - 1]!;
        console.log(opts.output === 'json' ? JSON.stringify(result, null, 2) : renderReview(result, lang));
        return ExitCode.ok;
      }),
    );
}

/**
 * The kubeconfig to give the exam's contexts: cka-lab's own (its driver's, or one in cka-lab's
 * state folder given with --kubeconfig or KUBECONFIG); undefined for a user's kubeconfig, which
 * cka-lab never writes.
 */
function ownKubeconfig(g: Globals, driver: DriverName): string | undefined {
  if (driver !== 'context') return (driverFor(driver) as LocalCluster | K3sCluster).kubeconfig;
  const env = process.env.KUBECONFIG;
  const file = g.kubeconfig ?? (env && !env.includes(delimiter) ? env : undefined);
  return file && isOwnKubeconfig(file) ? resolve(file) : undefined;
}

/** The tasks flagged for review, one line each, or the line saying none is. */
async function flaggedLines(state: ExamState, lang: Globals['lang']): Promise<string> {
  const flagged = state.flagged ?? [];
  if (flagged.length === 0) return pc.dim(t(lang, 'exam.status.noFlags'));
  const tasks = await examTasks(state);
  const lines = flagged.map((key) => {
    const task = tasks.find((x) => x.key === key);
    return `  ⚑ ${task ? `${task.number} ${textIn(task.title, lang)}` : key}` + pc.dim(` (${key})`);
  });
  return [t(lang, 'exam.status.flagged'), ...lines].join('\n');
}

/**
 * Scores the exam on its cluster and prints the score sheet (or JSON).
 * @returns the exit code: 0 passed (or submitted meanwhile from another terminal), 1 failed
 */
async function submitAndShow(
  g: Globals,
  state: ExamState,
  opts: { output: string; dir?: string },
  submittedAt?: Date,
): Promise<ExitCodeValue> {
  // Flags win; otherwise the exam is scored on the cluster it was started on.
  const target = g.kubeconfig || g.context ? g.target : state.target;
  const { client } = await connect(target, g.log);
  const submission = await submitExam({
    client,
    lang: g.lang,
    workDir: opts.dir,
    log: g.log,
    submittedAt,
    onlyId: submittedAt ? state.id : undefined,
  });
  if (!submission) {
    g.log.info(t(g.lang, 'status.examGone'));
    return ExitCode.ok;
  }
  if (opts.output === 'json') console.log(JSON.stringify(submission.result, null, 2));
  else {
    console.log(renderExamResult(submission.result, submission.reports, g.lang));
    console.log(`\n${renderReview(submission.result, g.lang)}\n\n${pc.dim(t(g.lang, 'review.again'))}`);
  }
  return submission.result.passed ? ExitCode.ok : ExitCode.checksFailed;
}

/**
 * The lab ids from --labs, or --count (default 3) drawn from the installed labs weighted by the
 * CKA domains (see pickWeighted), repeatably with --seed.
 */
async function chooseLabIds(opts: StartOptions, g: Globals): Promise<string[]> {
  if (opts.labs !== undefined) {
    if (opts.count !== undefined) throw new UsageError(t(g.lang, 'exam.labsAndCount'));
    const ids = opts.labs
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (ids.length === 0) throw new UsageError(t(g.lang, 'exam.labsEmpty'));
    const twice = ids.find((id, i) => ids.indexOf(id) !== i);
    if (twice) throw new UsageError(t(g.lang, 'exam.labTwice', { lab: twice }));
    return ids;
  }
  const count = Number(opts.count ?? 3);
  if (!Number.isInteger(count) || count < 1) throw new UsageError(t(g.lang, 'exam.badCount', { value: opts.count }));
  const all = listLabIds();
  if (all.length === 0) throw new UsageError(t(g.lang, 'exam.noLabs'));
  if (count > all.length) g.log.warn(t(g.lang, 'exam.fewLabs', { count: all.length }));
  const labs = await Promise.all(all.map((id) => loadLab(id)));
  return pickWeighted(labs, count, randomSource(seedOf(opts, g)));
}

/** The --seed number, or undefined without one. */
function seedOf(opts: StartOptions, g: Globals): number | undefined {
  const seed = opts.seed === undefined ? undefined : Number(opts.seed);
  if (seed !== undefined && !Number.isSafeInteger(seed))
    throw new UsageError(t(g.lang, 'exam.badSeed', { value: opts.seed }));
  return seed;
}

/**
 * The kind of mock exam --mock asks for (`--mock` alone is `cka`), or undefined without it.
 * @throws UsageError for an unknown kind, or --mock with --labs or --count (a mock draws its own)
 */
function mockKind(opts: StartOptions, g: Globals): MockKind | undefined {
  if (opts.mock === undefined || opts.mock === false) return undefined;
  if (opts.labs !== undefined || opts.count !== undefined) throw new UsageError(t(g.lang, 'exam.mockAndLabs'));
  const kind = opts.mock === true ? 'cka' : opts.mock.trim().toLowerCase();
  const known = MOCK_KINDS.find((k) => k === kind);
  if (!known) throw new UsageError(t(g.lang, 'exam.mockKind', { kind, kinds: MOCK_KINDS.join(', ') }));
  seedOf(opts, g); // a bad --seed is a usage error before the cluster is reached
  return known;
}

/**
 * Draws a mock exam (see drawMock) from the installed labs this cluster can run (a lab that needs
 * the real node or lab-owned Nodes only where the cluster has them), leaving out the labs of the
 * learner's latest mock exams (progress.json), and says what it drew.
 */
async function drawMockLabs(client: KubeClient, driver: DriverName, g: Globals, seed?: number): Promise<Lab[]> {
  const all = await Promise.all(listLabIds().map((id) => loadLab(id)));
  const fits = await Promise.all(
    all.map((lab) =>
      assertRequirements(lab, client, g.lang, driver).then(
        () => true,
        () => false,
      ),
    ),
  );
  // A lab that breaks the shared control plane (controlPlane:) would break the other questions too.
  const runnable = all.filter((l, i) => fits[i] && (l.controlPlane ?? []).length === 0);
  if (runnable.length === 0) throw new UsageError(t(g.lang, 'exam.noLabs'));
  const draw = drawMock(
    runnable.map((l) => ({ id: l.id, domain: l.domain, tasks: l.tasks.length })),
    { random: randomSource(seed), earlier: earlierMocks(readProgress(g.log).exams) },
  );
  g.log.info(t(g.lang, 'status.mockDrawn', { tasks: draw.tasks, questions: draw.labs.length, avoided: draw.avoided }));
  return draw.labs.map((id) => all.find((l) => l.id === id)!);
}

function checkOutput(output: string): void {
  if (!['text', 'json'].includes(output)) throw new UsageError(say('exam.badOutput', { value: output }));
}
