import type { Command } from 'commander';
import { say } from '../../i18n/current.js';
import Table from 'cli-table3';
import { t, type MessageKey } from '../../i18n/t.js';
import { inCurriculumOrder, readCurriculum, realMachineCompetencies } from '../../labs/curriculum.js';
import { listLabIds, loadLab } from '../../labs/loader.js';
import { labStatus, type LabStatus } from '../../progress/status.js';
import { readProgress } from '../../progress/store.js';
import { pc } from '../../util/colour.js';
import { fitToTerminal } from '../../util/table.js';
import { wasStarted } from './next.js';
import { textIn } from '../../i18n/text.js';
import { returnsExitCode } from '../action.js';
import { ExitCode, type ExitCodeValue } from '../exit-codes.js';
import { globals } from '../options.js';

/** The message naming each status. */
const STATUS_KEY = {
  'not-started': 'status.notStarted',
  started: 'status.started',
  solved: 'status.solved',
  passed: 'status.passed',
} as const satisfies Record<LabStatus, MessageKey>;

/** How each status looks: passed green, solved with the solution yellow, not started dim. */
const STATUS_STYLE: Record<LabStatus, (s: string) => string> = {
  'not-started': pc.dim,
  started: (s) => s,
  solved: pc.yellow,
  passed: pc.green,
};

/**
 * `lab list`: every lab in the recommended order, with its CKA domain, the learner's status and its task
 * count; under each domain, the competencies that need real machines (labs/curriculum.yaml, `competencies`).
 */
export function registerList(program: Command): void {
  program
    .command('list')
    .description(say('help.list'))
    .option('-o, --output <format>', say('help.opt.textJson'), 'text')
    .action(
      returnsExitCode(async (_opts: unknown, cmd: Command): Promise<ExitCodeValue> => {
        const g = globals(cmd);
        // In the recommended order (labs/curriculum.yaml), with the learner's status in each.
        const curriculum = readCurriculum();
        const labs = inCurriculumOrder(await Promise.all(listLabIds().map((id) => loadLab(id))), curriculum);
        const progress = readProgress(g.log);
        const status = (id: string): LabStatus => labStatus(progress.labs[id], wasStarted(id));
        if (g.output === 'json') {
          console.log(
            JSON.stringify(
              labs.map((l, i) => ({
                order: i + 1,
                id: l.id,
                title: textIn(l.title, g.lang),
                domain: l.domain,
                tasks: l.tasks.length,
                status: status(l.id),
              })),
              null,
              2,
            ),
          );
          return ExitCode.ok;
        }
        // Domains are rows of their own (where the domain changes), so the table fits 80 columns.
        const head = (['lab', 'status', 'tasks', 'title'] as const).map((k) => t(g.lang, `list.head.${k}`));
        // The lab id, which the learner types, is never cut.
        const table = fitToTerminal(new Table({ head: ['#', ...head], style: { head: [], border: [] } }), {
          keep: [1],
        });
        // What needs machines of its own is listed under its domain, after the domain's labs.
        const elsewhere = realMachineCompetencies(curriculum);
        const pushElsewhere = (domain: string) => {
          for (const c of elsewhere.filter((e) => e.domain === domain))
            table.push([
              '–',
              pc.dim(c.realMachines.id),
              pc.dim(t(g.lang, 'list.realMachines')),
              '–',
              textIn(c.realMachines.title, g.lang),
            ]);
        };
        labs.forEach((l, i) => {
          if (l.domain !== labs[i - 1]?.domain) {
            if (i > 0) pushElsewhere(labs[i - 1]!.domain);
            table.push([{ colSpan: 5, content: pc.bold(l.domain) }]);
          }
          const shown = status(l.id);
          table.push([
            i + 1,
            l.id,
            STATUS_STYLE[shown](t(g.lang, STATUS_KEY[shown])),
            l.tasks.length,
            textIn(l.title, g.lang),
          ]);
        });
        if (labs.length) pushElsewhere(labs[labs.length - 1]!.domain);
        for (const domain of new Set(elsewhere.map((e) => e.domain)))
          if (!labs.some((l) => l.domain === domain)) {
            table.push([{ colSpan: 5, content: pc.bold(domain) }]);
            pushElsewhere(domain);
          }
        // A row of the table, so that it wraps to the terminal like the rest.
        if (elsewhere.length) table.push([{ colSpan: 5, content: pc.dim(t(g.lang, 'list.realMachinesFooter')) }]);
        console.log(table.toString());
        return ExitCode.ok;
      }),
    );
}
