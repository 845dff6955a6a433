import type { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { say } from '../../i18n/current.js';
import { t } from '../../i18n/t.js';
import type { KubeClient } from '../../kube/client.js';
import { connect } from '../../cluster/connect.js';
import type { Lab } from '../../labs/lab.js';
import { loadLab } from '../../labs/loader.js';
import { readRoster, type Seat } from '../../class/roster.js';
import type { SeatReport } from '../../class/status.js';
import { returnsExitCode } from '../action.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { globals } from '../options.js';

/** The comma-separated names of an option, blanks dropped. */
const names = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The labs of a roster, loaded once each. */
async function rosterLabs(seats: readonly Seat[]): Promise<Map<string, Lab>> {
  const ids = [...new Set(seats.map((s) => s.lab))];
  return new Map(await Promise.all(ids.map(async (id) => [id, await loadLab(id)] as const)));
}

/** The class's seats, or a UsageError saying there is no such class. */
async function roster(client: KubeClient, klass: string): Promise<Seat[]> {
  const seats = await readRoster(client, klass);
  if (seats.length === 0) throw new UsageError(say('class.notFound', { klass }));
  return seats;
}

/**
 * `lab class create|status|grade|delete <name>`: a classroom on a shared cluster (src/class/*).
 * The instructor runs these with their own (admin) kubeconfig; learners get one each.
 */
export function registerClass(program: Command): void {
  const klass = program.command('class').description(say('help.class'));

  klass
    .command('create <name>')
    .description(say('help.class.create'))
    .requiredOption('--learners <names>', say('help.class.learners'))
    .requiredOption('--labs <ids>', say('help.class.labs'))
    .option('--expires <hours>', say('help.class.expires'), '168')
    .option('--server <url>', say('help.class.server'))
    .action(
      returnsExitCode(
        async (
          name: string,
          opts: { learners: string; labs: string; expires: string; server?: string },
          cmd: Command,
        ): Promise<ExitCodeValue> => {
          const g = globals(cmd);
          const hours = Number(opts.expires);
          if (!Number.isFinite(hours) || hours < 1 || hours > 8760)
            throw new UsageError(t(g.lang, 'class.badExpires', { value: opts.expires }));
          const plan = { name, learners: names(opts.learners), labs: names(opts.labs) };
          const labs = await Promise.all(plan.labs.map((id) => loadLab(id)));
          const { assertPlan, createClass } = await import('../../class/create.js');
          assertPlan(plan, labs); // before the cluster is touched
          const { client } = await connect(g.target, g.log);
          const made = await createClass(client, plan, labs, {
            log: g.log,
            expirationSeconds: Math.round(hours * 3600),
            server: opts.server,
          });
          const counts = { klass: name, learners: plan.learners.length, labs: labs.length, expires: made.expires };
          console.log(t(g.lang, 'class.created', counts));
          for (const k of made.kubeconfigs) console.log(`  ${k.learner}  ${k.file}`);
          console.log(t(g.lang, 'class.learnerUse'));
          return ExitCode.ok;
        },
      ),
    );

  klass
    .command('status <name>')
    .description(say('help.class.status'))
    .option('--once', say('help.class.once'))
    .option('-o, --output <format>', say('help.opt.textJson'), 'text')
    .action(
      returnsExitCode(
        async (name: string, opts: { once?: boolean; output: string }, cmd: Command): Promise<ExitCodeValue> => {
          const g = globals(cmd);
          if (opts.output !== 'text' && opts.output !== 'json')
            throw new UsageError(say('exam.badOutput', { value: opts.output }));
          const { client } = await connect(g.target, g.log);
          const seats = await roster(client, name);
          const labs = await rosterLabs(seats);
          const { watchClass } = await import('../../class/status.js');
          const { renderBoard, grades } = await import('../../class/present.js');
          const live = !opts.once && opts.output === 'text' && process.stdout.isTTY;
          const show = (reports: SeatReport[]) => {
            if (opts.output === 'json') console.log(JSON.stringify(grades(reports)));
            else if (live)
              process.stdout.write(`\x1b[2J\x1b[H${renderBoard(reports, g.lang)}\n\n${t(g.lang, 'class.watching')}\n`);
            else console.log(`${renderBoard(reports, g.lang)}\n`);
          };
          const board = await watchClass(client, seats, labs, { lang: g.lang, onUpdate: opts.once ? undefined : show });
          if (opts.once) {
            show(board.reports());
            board.stop();
            return ExitCode.ok;
          }
          await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
          board.stop();
          return ExitCode.ok;
        },
      ),
    );

  klass
    .command('grade <name>')
    .description(say('help.class.grade'))
    .option('-o, --output <format>', 'junit, csv or json', 'junit')
    .action(
      returnsExitCode(async (name: string, opts: { output: string }, cmd: Command): Promise<ExitCodeValue> => {
        const g = globals(cmd);
        if (!['junit', 'csv', 'json'].includes(opts.output))
          throw new UsageError(t(g.lang, 'class.badFormat', { value: opts.output }));
        const { client } = await connect(g.target, g.log);
        const seats = await roster(client, name);
        const labs = await rosterLabs(seats);
        const { watchClass } = await import('../../class/status.js');
        const board = await watchClass(client, seats, labs, { lang: g.lang });
        const reports = board.reports();
        board.stop();
        if (opts.output === 'junit') {
          const { renderJunit } = await import('../../report/junit.js');
          console.log(renderJunit(reports.map((r) => r.report)));
        } else {
          const { renderCsv, grades } = await import('../../class/present.js');
          if (opts.output === 'csv') process.stdout.write(renderCsv(name, reports));
          else console.log(JSON.stringify(grades(reports), null, 2));
        }
        return ExitCode.ok;
      }),
    );

  klass
    .command('delete <name>')
    .description(say('help.class.delete'))
    .action(
      returnsExitCode(async (name: string, _opts: unknown, cmd: Command): Promise<ExitCodeValue> => {
        const g = globals(cmd);
        const { client } = await connect(g.target, g.log);
        const { deleteClass } = await import('../../class/delete.js');
        const done = await deleteClass(client, name);
        console.log(t(g.lang, 'class.deleted', { klass: name, namespaces: done.namespaces.length }));
        return ExitCode.ok;
      }),
    );
}
