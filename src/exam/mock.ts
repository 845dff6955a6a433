import { pickWeighted, type DrawableLab } from './pick.js';

/** The mock exams `lab exam --mock <kind>` knows; `cka` is the only one (and the default). */
export const MOCK_KINDS = ['cka'] as const;
export type MockKind = (typeof MOCK_KINDS)[number];

/**
 * How many tasks a mock CKA has at least: the real exam has 15 to 20 questions in 2 hours (the
 * Linux Foundation's CKA page and candidate handbook). The draw stops at the first lab that
 * brings the total to this or more, so a mock has 16 to 15 + the most tasks of one lab.
 */
export const MOCK_TASKS = 16;

/** A lab as the mock draw sees it: its id, CKA domain and how many tasks it has. */
export interface MockLab extends DrawableLab {
  tasks: number;
}

/** Options for {@link drawMock}. */
export interface DrawMockOptions {
  /** A source of numbers in [0, 1) (see randomSource); seeded for a repeatable draw. */
  random: () => number;
  /**
   * The labs of earlier mock exams, newest exam first. The draw leaves out the labs of as many
   * of them, newest first, as still leave at least {@link MOCK_TASKS} tasks to draw from, so two
   * mocks in a row share no task while there are labs enough.
   */
  earlier?: readonly (readonly string[])[];
  /** The least number of tasks, default {@link MOCK_TASKS}. */
  tasks?: number;
}

/** A drawn mock exam: its labs in question order, and how many earlier mocks it avoided. */
export interface MockDraw {
  labs: string[];
  /** The number of tasks of the drawn labs. */
  tasks: number;
  /** How many of the earlier mocks (newest first) had their labs left out. */
  avoided: number;
}

/**
 * Draws a mock exam: labs in CKA domain weights (see {@link pickWeighted}; a lab is a question,
 * its tasks are scored one by one), until their tasks add up to at least `tasks`, leaving out
 * the labs of the most recent earlier mocks (see {@link DrawMockOptions.earlier}). All the labs
 * when they have fewer tasks in all.
 */
export function drawMock(labs: readonly MockLab[], o: DrawMockOptions): MockDraw {
  const want = o.tasks ?? MOCK_TASKS;
  const earlier = o.earlier ?? [];
  const sum = (pool: readonly MockLab[]) => pool.reduce((n, l) => n + l.tasks, 0);
  let pool = [...labs];
  let avoided = 0;
  for (const exam of earlier) {
    const seen = new Set(exam);
    const rest = pool.filter((l) => !seen.has(l.id));
    if (sum(rest) < want) break;
    pool = rest;
    avoided++;
  }
  // The whole pool in weighted order; the mock is its shortest prefix with enough tasks.
  const order = pickWeighted(pool, pool.length, o.random);
  const tasksOf = new Map(pool.map((l) => [l.id, l.tasks]));
  const drawn: string[] = [];
  let tasks = 0;
  for (const id of order) {
    if (tasks >= want) break;
    drawn.push(id);
    tasks += tasksOf.get(id)!;
  }
  return { labs: drawn, tasks, avoided };
}

/**
 * The labs of the earlier mock exams of a progress file, newest exam first (exams recorded
 * with `mock`; exams of chosen labs or `--count` do not count).
 */
export function earlierMocks(exams: readonly { mock?: string; labs: readonly { lab: string }[] }[]): string[][] {
  return exams
    .filter((e) => e.mock !== undefined)
    .map((e) => e.labs.map((l) => l.lab))
    .reverse();
}
