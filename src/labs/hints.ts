import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { xdgDir } from '../util/paths.js';
import type { CheckResult, LabReport } from '../checks/result.js';
import type { LocalText } from '../i18n/text.js';
import type { Lab } from './lab.js';
import type { Task } from './schema.js';

/**
 * How many hints the learner has seen, by `"<lab>/<task>"` (the task's own hints) or
 * `"<lab>/<task>#<mistake>"` (the hints of one mistake, then the task's): `{ key: count }`.
 */
type HintState = Record<string, number>;

const file = (): string => join(xdgDir('state'), 'hints.json');

function read(): HintState {
  try {
    return existsSync(file()) ? (JSON.parse(readFileSync(file(), 'utf8')) as HintState) : {};
  } catch {
    return {}; // a damaged file only restarts the hints from the first one
  }
}

function write(state: HintState): void {
  mkdirSync(xdgDir('state'), { recursive: true });
  writeFileAtomic.sync(file(), JSON.stringify(state, null, 2) + '\n');
}

/**
 * The index of the next hint to show for a task (or one of its mistakes: `task#mistake`, see
 * {@link chooseHints}), and records it as seen. Hints escalate from a nudge to the exact
 * command; after the last, the last repeats.
 * @param total the number of hints the task has (at least 1)
 * @param onSaveError called instead of throwing when the count cannot be saved (a
 *   read-only or full state folder): the hint is still given, the next one repeats it
 */
export function nextHintIndex(lab: string, task: string, total: number, onSaveError?: (err: unknown) => void): number {
  const state = read();
  const key = `${lab}/${task}`;
  const index = Math.min(state[key] ?? 0, total - 1);
  state[key] = index + 1;
  try {
    write(state);
  } catch (err) {
    if (!onSaveError) throw err;
    onSaveError(err);
  }
  return index;
}

/**
 * Forgets which hints of `lab` the learner has seen, so that `lab hint` starts again from the
 * first (on `lab reset`, and on a fresh `lab start`). Nothing to forget is no error.
 * @throws whatever writing the state folder throws (a read-only one), when there was something to forget
 */
export function resetHints(lab: string): void {
  const state = read();
  const kept = Object.fromEntries(Object.entries(state).filter(([key]) => !key.startsWith(`${lab}/`)));
  if (Object.keys(kept).length !== Object.keys(state).length) write(kept);
}

/** The hints `lab hint` gives now, and why: see {@link chooseHints}. */
export interface HintChoice {
  task: Task;
  /** The mistake's hints, then the task's own (from a nudge to the exact command). */
  hints: LocalText[];
  /** The counter's key below the lab: the task id, with `#wrong:<name>` or `#check:<id>` for a mistake. */
  key: string;
  /** The failing check that revealed the mistake, else the task's first failing check. */
  check?: CheckResult;
}

/** Everything a check result says: its summary and each problem. */
const saying = (check: CheckResult): string[] => [check.summary, ...check.problems.map((p) => p.message)];

/**
 * Picks the hints for what the learner did, from a report of the lab's checks in English (the
 * language of wrong answers' `message`): in the first task that does not pass,
 * 1. the first wrong answer with hints whose `message` one of its failing `fails` checks says;
 * 2. else the first failing check with hints of its own;
 * 3. else the task's own hints.
 * The mistake's hints come first and the task's follow, so that asking again goes on to them.
 * @returns undefined when every task passes
 */
export function chooseHints(lab: Lab, report: LabReport): HintChoice | undefined {
  const result = report.tasks.find((t) => !t.pass);
  if (!result) return undefined;
  const task = lab.tasks.find((t) => t.id === result.id)!;
  const failing = result.checks.filter((c) => !c.pass);
  for (const wrong of task.wrong) {
    if (!wrong.hints?.length || !wrong.message) continue;
    const check = failing.find((c) => wrong.fails.includes(c.id) && saying(c).some((s) => s.includes(wrong.message!)));
    if (check) return { task, hints: [...wrong.hints, ...task.hints], key: `${task.id}#wrong:${wrong.name}`, check };
  }
  for (const check of failing) {
    const hints = task.checks.find((c) => c.id === check.id)?.hints;
    if (hints?.length) return { task, hints: [...hints, ...task.hints], key: `${task.id}#check:${check.id}`, check };
  }
  return { task, hints: task.hints, key: task.id, check: failing[0] };
}
