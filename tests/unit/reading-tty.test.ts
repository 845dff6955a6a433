import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import stringWidth from 'string-width';
import { listLabIds } from '../../src/labs/loader.js';
import { contentRoot } from '../../src/util/paths.js';

// The bundled CLI on a terminal: a pseudo-terminal of a set size made by `script` (util-linux),
// against plain pipes. `lab note` renders and pages on a terminal only; `lab list` and
// `lab progress` fit 80 and 120 columns, in English and in Korean; colours only on a terminal.

const bin = join(contentRoot(), 'bin', 'lab.cjs');
const ESC = '\u001b[';
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cka-lab-reading-'));
  // A pager that records what it was given, its arguments and $LESS, and shows nothing.
  writeFileSync(
    join(dir, 'pager.sh'),
    `#!/bin/sh\necho "$*" > "${dir}/pager-args"\necho "$LESS" > "${dir}/pager-less"\ncat > "${dir}/paged"\n`,
    { mode: 0o755 },
  );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The environment of a learner's shell: no NO_COLOR (vitest sets one), a state folder of the test's own. */
const env = (extra: Record<string, string>) => ({
  PATH: process.env.PATH!,
  HOME: dir,
  SHELL: '/bin/sh',
  TERM: 'xterm-256color',
  LANG: 'C.UTF-8',
  XDG_STATE_HOME: join(dir, 'state'),
  XDG_CACHE_HOME: join(dir, 'cache'),
  ...extra,
});

const quote = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/** Runs `lab args` on a pseudo-terminal `cols` x `rows`; its output as the terminal got it (\n line ends). */
async function onTerminal(args: string[], cols: number, rows: number, extra: Record<string, string> = {}) {
  const command = `stty cols ${cols} rows ${rows}; exec node ${quote(bin)} ${args.map(quote).join(' ')}`;
  const run = await execa('script', ['-qec', command, '/dev/null'], {
    reject: false,
    extendEnv: false,
    env: env(extra),
  });
  // stdout and stderr both go to the terminal.
  return { exitCode: run.exitCode, out: run.stdout.replaceAll('\r\n', '\n') };
}

/** Runs `lab args` with stdout a pipe. */
const piped = (args: string[], extra: Record<string, string> = {}) =>
  execa('node', [bin, ...args], { reject: false, extendEnv: false, env: env(extra) });

const widest = (text: string) =>
  Math.max(
    ...stripVTControlCharacters(text)
      .split('\n')
      .map((l) => stringWidth(l)),
  );

/** The lines inside the fenced code blocks of a note (trimmed), which a rendering leaves as they are. */
function codeLines(note: string): Set<string> {
  const lines = new Set<string>();
  let inCode = false;
  for (const line of note.split('\n')) {
    if (/^\s*```/.test(line)) inCode = !inCode;
    else if (inCode) lines.add(line.trim());
  }
  return lines;
}

describe('lab note on a terminal', () => {
  it('renders the note and pages it through $PAGER (run by the shell, LESS=FRX) when taller than the terminal', async () => {
    const run = await onTerminal(['note', 'replicaset'], 80, 24, { PAGER: `${dir}/pager.sh --from-pager-var` });
    expect(run.exitCode).toBe(0);
    expect(existsSync(join(dir, 'paged'))).toBe(true);
    const paged = readFileSync(join(dir, 'paged'), 'utf8');
    expect(readFileSync(join(dir, 'pager-args'), 'utf8').trim()).toBe('--from-pager-var');
    expect(readFileSync(join(dir, 'pager-less'), 'utf8').trim()).toBe('FRX');
    expect(run.out).not.toContain('ReplicaSet'); // the pager showed it, not cka-lab
    expect(paged).toContain(ESC); // styled: headings, bold, highlighted YAML
    const plain = stripVTControlCharacters(paged);
    expect(plain).toContain('## Why run replicas at all?');
    expect(plain).toContain('* High availability. With a single Pod'); // bold rendered inside a list item
    expect(plain).not.toContain('**High availability.**');
    expect(plain).not.toContain('```');
    expect(plain).toContain('The answers are folded: lab note replicaset --answers shows them.');
    expect(plain).not.toContain('apiVersion: apps/v1`); use `apiVersion'); // an answer
    // The note's table drawn with borders and fitted; prose wrapped at 80; only code lines may be wider.
    expect(plain).toMatch(/┌.*┐/);
    const code = codeLines(readFileSync(join(contentRoot(), 'notes', 'replicaset.en.md'), 'utf8'));
    for (const line of plain.split('\n')) if (stringWidth(line) > 80) expect(code).toContain(line.trim());
  });

  it('keeps a LESS the learner set', async () => {
    await onTerminal(['note', 'pods'], 80, 24, { PAGER: `${dir}/pager.sh`, LESS: '-S' });
    expect(readFileSync(join(dir, 'pager-less'), 'utf8').trim()).toBe('-S');
  });

  it('writes a part that fits the terminal straight out, without the pager', async () => {
    const run = await onTerminal(['note', 'pods', '--section', 'commands'], 120, 100, { PAGER: `${dir}/pager.sh` });
    expect(run.exitCode).toBe(0);
    expect(existsSync(join(dir, 'paged'))).toBe(false);
    expect(run.out).toContain(ESC);
    expect(stripVTControlCharacters(run.out)).toContain('## Commands');
    expect(stripVTControlCharacters(run.out)).not.toContain('## Check yourself');
  });

  it('wraps Korean prose by display width (Hangul two columns) at 80 columns, and at most 100 on a wide terminal', async () => {
    const note = readFileSync(join(contentRoot(), 'notes', 'replicaset.md'), 'utf8');
    const code = codeLines(note);
    for (const [cols, limit] of [
      [80, 80],
      [160, 100],
    ] as const) {
      await onTerminal(['note', 'replicaset', '--lang', 'ko'], cols, 24, { PAGER: `${dir}/pager.sh` });
      const plain = stripVTControlCharacters(readFileSync(join(dir, 'paged'), 'utf8'));
      expect(plain).toContain('정답은 접혀 있습니다. 보기: lab note replicaset --answers');
      const wide = plain.split('\n').filter((l) => stringWidth(l) > limit && !code.has(l.trim()) && !/[┌│└├]/.test(l));
      expect(wide, `at ${cols} columns`).toEqual([]);
    }
  });

  it('shows the answers when asked for', async () => {
    const run = await onTerminal(['note', 'pods', '--answers'], 100, 100, { PAGER: `${dir}/pager.sh` });
    const plain = stripVTControlCharacters(run.out);
    expect(plain).toContain('## Check yourself');
    expect(plain).toContain('kubectl get pods -o wide');
    expect(plain).not.toContain('The answers are folded');
  });

  it('renders without colours on a terminal when NO_COLOR is set', async () => {
    const run = await onTerminal(['note', 'pods', '--section', 'commands'], 100, 100, { NO_COLOR: '1' });
    expect(run.out).not.toContain(ESC);
    expect(run.out).toContain('## Commands');
    expect(run.out).not.toContain('```');
  });

  it('prints plain Markdown, never paged, when stdout is not a terminal', async () => {
    const run = await piped(['note', 'pods'], { PAGER: `${dir}/pager.sh` });
    expect(run.exitCode).toBe(0);
    expect(existsSync(join(dir, 'paged'))).toBe(false);
    expect(run.stdout).not.toContain(ESC);
    expect(run.stdout.startsWith('# Pods\n')).toBe(true);
    expect(run.stdout).toContain('```bash');
    expect(run.stdout).toContain('### Answers\n\nThe answers are folded: `lab note pods --answers` shows them.');
    expect(run.stdout).not.toContain('2. `kubectl get pods -o wide` (the `NODE` column).');
  });

  it('names the sections when --section matches none (exit 2)', async () => {
    const run = await piped(['note', 'pods', '--section', 'volumes']);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('The note of pods has no section "volumes"; give one of: ');
  });
});

/** A progress file with a pass, a lab solved with the solution, checks and an exam. */
function seedProgress() {
  mkdirSync(join(dir, 'state', 'cka-lab'), { recursive: true });
  const at = '2026-05-01T10:00:00.000Z';
  const progress = {
    version: 1,
    labs: {
      pods: { attempts: 3, firstPassedAt: at, lastCheckedAt: at },
      replicationcontroller: { attempts: 0, solvedWithSolutionAt: at },
      'service-loadbalancer': { attempts: 2, lastCheckedAt: at, bestExamPercent: 50 },
    },
    exams: [
      {
        startedAt: at,
        deadline: at,
        submittedAt: at,
        late: true,
        passMark: 66,
        earnedPoints: 5,
        possiblePoints: 10,
        percent: 50,
        passed: false,
        labs: ['service-loadbalancer', 'replicationcontroller', 'deployment-rollout'].map((lab) => ({
          lab,
          namespace: `lab-${lab}`,
          earnedPoints: 1,
          possiblePoints: 2,
          percent: 50,
        })),
        tasks: [],
      },
    ],
  };
  writeFileSync(join(dir, 'state', 'cka-lab', 'progress.json'), JSON.stringify(progress));
}

describe('tables fit the terminal', () => {
  it.each([
    [80, 'en'],
    [120, 'en'],
    [80, 'ko'],
    [120, 'ko'],
  ])('lab list and lab progress fit %i columns (--lang %s), lab ids whole', async (cols, lang) => {
    seedProgress();
    for (const args of [['list'], ['progress']]) {
      const run = await onTerminal([...args, '--lang', lang], cols, 50);
      expect(run.exitCode, run.out).toBe(0);
      expect(widest(run.out), `lab ${args[0]}`).toBeLessThanOrEqual(cols);
      for (const id of listLabIds()) expect(stripVTControlCharacters(run.out)).toContain(` ${id} `);
    }
  });

  it('would not fit 80 columns at its natural width (what a pipe gets)', async () => {
    seedProgress();
    const list = await piped(['list']);
    expect(list.exitCode, list.stderr).toBe(0);
    expect(widest(list.stdout)).toBeGreaterThan(80);
    expect(widest((await piped(['progress'])).stdout)).toBeGreaterThan(80);
  });
});

describe('lab list and lab next: the recommended order and the learner’s status', () => {
  it('lists the labs in curriculum order with each one’s status, coloured only on a terminal', async () => {
    seedProgress();
    mkdirSync(join(dir, 'state', 'cka-lab', 'work', 'lab-replicaset'), { recursive: true }); // lab start made it
    const run = await piped(['list']);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).not.toContain(ESC);
    const rows = run.stdout.split('\n').filter((l) => /^│ \d/.test(l));
    const ids = rows.map((l) => l.split('│')[2]!.trim());
    expect(ids).toHaveLength(listLabIds().length);
    // The first nine labs keep their order; labs added since come among or after them by their prerequisites.
    const first = [
      'pods',
      'replicationcontroller',
      'replicaset',
      'deployment',
      'deployment-rollout',
      'imperative-commands',
      'service-nodeport',
      'service-clusterip',
      'service-loadbalancer',
    ];
    expect(ids.filter((id) => first.includes(id))).toEqual(first);
    const status = Object.fromEntries(rows.map((l) => [l.split('│')[2]!.trim(), l.split('│')[3]!.trim()]));
    expect(status).toMatchObject({
      pods: 'passed',
      replicationcontroller: 'solved with the solution',
      replicaset: 'started',
      'service-loadbalancer': 'started',
      deployment: 'not started',
    });
    const json = JSON.parse((await piped(['list', '-o', 'json'])).stdout) as {
      id: string;
      order: number;
      status: string;
    }[];
    expect(json[2]).toMatchObject({ id: 'replicaset', order: 3, status: 'started' });
    expect((await onTerminal(['list'], 120, 50)).out).toContain(ESC);
  });

  it('names the next lab: the first not passed, saying how to go on', async () => {
    expect((await piped(['next'])).stdout).toContain('Next: pods, Pods: run with kubectl');
    seedProgress();
    const solved = await piped(['next']);
    expect(solved.stdout).toContain('Next: replicationcontroller');
    expect(solved.stdout).toContain(
      'you solved it with the reference solution, so run `lab reset replicationcontroller`',
    );
    expect(solved.stdout).toContain(`1 of ${listLabIds().length} labs passed.`);
    const ko = await piped(['next', '--lang', 'ko']);
    expect(ko.stdout).toContain('다음 랩: replicationcontroller');
    expect(JSON.parse((await piped(['next', '-o', 'json'])).stdout)).toMatchObject({
      next: { id: 'replicationcontroller', status: 'solved' },
      passed: 1,
      total: listLabIds().length,
    });
  });
});
