import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildSync } from 'esbuild';
import { execa } from 'execa';
import { lock } from 'proper-lockfile';
import { progressFile, readProgress, recordCheck, recordExam } from '../../src/progress/store.js';
import { groupByDomain } from '../../src/progress/present.js';
import { formatClock, formatDuration, parseDuration } from '../../src/exam/duration.js';
import { percentOf, scoreExam } from '../../src/exam/score.js';
import { pickRandom } from '../../src/exam/pick.js';
import type { ExamResult } from '../../src/exam/result.js';
import type { LabReport, TaskResult } from '../../src/checks/result.js';
import { UsageError } from '../../src/errors.js';
import { ExitCode, exitCodeOf } from '../../src/cli/exit-codes.js';
import { memoryLog } from '../../src/util/log.js';
import { contentRoot } from '../../src/util/paths.js';

// Each test gets a state folder of its own: progress.json starts absent.
let stateHome: string;
beforeEach(() => {
  stateHome = mkdtempSync(join(tmpdir(), 'cka-lab-progress-'));
  process.env.XDG_STATE_HOME = stateHome;
});
afterEach(() => rmSync(stateHome, { recursive: true, force: true }));

const stateDir = () => join(stateHome, 'cka-lab');
const at = (iso: string) => new Date(iso);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('progress: lab checks', () => {
  it('reads as empty before anything is recorded', () => {
    expect(readProgress()).toEqual({ version: 1, labs: {}, exams: [] });
    expect(existsSync(progressFile())).toBe(false);
  });

  it('counts attempts, keeps the first pass time, and moves the last check time', () => {
    const log = memoryLog();
    recordCheck('replicaset', false, at('2024-05-01T10:00:00.000Z'), log);
    recordCheck('replicaset', true, at('2024-05-01T10:05:00.000Z'), log);
    recordCheck('replicaset', false, at('2024-05-02T09:00:00.000Z'), log);
    recordCheck('replicaset', true, at('2024-05-03T09:00:00.000Z'), log);
    recordCheck('pods', false, at('2024-05-03T10:00:00.000Z'), log);
    const progress = readProgress(log);
    expect(progress.labs.replicaset).toEqual({
      attempts: 4,
      firstPassedAt: '2024-05-01T10:05:00.000Z',
      lastCheckedAt: '2024-05-03T09:00:00.000Z',
    });
    expect(progress.labs.pods).toEqual({ attempts: 1, lastCheckedAt: '2024-05-03T10:00:00.000Z' });
    expect(log.lines).toEqual([]);
    // Written under the XDG state folder, as JSON people can read.
    expect(JSON.parse(readFileSync(join(stateDir(), 'progress.json'), 'utf8')).labs.replicaset.attempts).toBe(4);
  });

  it('moves a file that is not JSON aside, says so, and starts afresh', () => {
    recordCheck('replicaset', true, at('2024-05-01T10:00:00.000Z'), memoryLog());
    writeFileSync(progressFile(), '{"version": 1, "labs": {"replicaset": {"attem');
    const log = memoryLog();
    recordCheck('replicaset', false, at('2024-05-02T10:00:00.000Z'), log);

    expect(readProgress(log).labs.replicaset).toEqual({ attempts: 1, lastCheckedAt: '2024-05-02T10:00:00.000Z' });
    const aside = readdirSync(stateDir()).filter((f) => f.startsWith('progress.json.corrupt-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(stateDir(), aside[0]!), 'utf8')).toBe('{"version": 1, "labs": {"replicaset": {"attem');
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toContain(`Your progress file ${progressFile()} was damaged (not JSON`);
    expect(log.lines[0]).toContain(join(stateDir(), aside[0]!));
  });

  it('moves a file of the wrong shape aside on read, naming the bad field', () => {
    writeFileSync(
      join(mkdirState(), 'progress.json'),
      JSON.stringify({ version: 1, labs: { pods: { attempts: 'three' } }, exams: [] }),
    );
    const log = memoryLog();
    expect(readProgress(log)).toEqual({ version: 1, labs: {}, exams: [] });
    expect(log.lines[0]).toMatch(/damaged \(labs\.pods\.attempts: /);
    expect(existsSync(progressFile())).toBe(false);
    expect(readdirSync(stateDir()).filter((f) => f.startsWith('progress.json.corrupt-'))).toHaveLength(1);
  });

  it('does not lose updates when several processes record at once', async () => {
    const child = bundleRecorder();
    const perChild = 15;
    const children = Array.from({ length: 4 }, () =>
      execa('node', [child, String(perChild)], { env: { XDG_STATE_HOME: stateHome }, reject: false }),
    );
    const results = await Promise.all(children);
    for (const r of results) {
      expect(r.exitCode, r.stderr).toBe(0);
      expect(r.stderr).toBe(''); // no "Could not save" warnings
    }
    expect(readProgress().labs.concurrent?.attempts).toBe(4 * perChild);
  });

  it('survives kill -9 in the middle of writes: the file always parses, nothing is reported damaged', async () => {
    // A progress file of some size (a long exam history), so a write is not over in an instant.
    recordExam(
      examResult(Array.from({ length: 400 }, (_, i): [string, number, number] => [`lab-${i}`, i % 7, 10])),
      memoryLog(),
    );
    const exams = readProgress().exams.length;
    const child = bundleRecorder();
    const lockDir = `${progressFile()}.lock`;
    let killedHoldingLock = 0;
    const rounds = 10;
    for (let round = 0; round < rounds; round++) {
      const before = readProgress(memoryLog()).labs.killed?.attempts ?? 0;
      const writer = execa('node', [child, String(1e9), 'killed'], {
        env: { XDG_STATE_HOME: stateHome },
        reject: false,
      });
      // Once the writer is writing (start-up takes longer on a busy machine), land the kill
      // at a different point of a write each round.
      const deadline = Date.now() + 10_000;
      while ((readProgress(memoryLog()).labs.killed?.attempts ?? 0) <= before && Date.now() < deadline) await sleep(5);
      await sleep((round * 7) % 23);
      writer.kill('SIGKILL');
      const { signal } = await writer;
      expect(signal, `round ${round}: the writer was still writing when killed`).toBe('SIGKILL');

      expect(() => JSON.parse(readFileSync(progressFile(), 'utf8')), `round ${round}`).not.toThrow();
      const log = memoryLog();
      const progress = readProgress(log);
      expect(log.lines, `round ${round}`).toEqual([]);
      expect(progress.labs.killed!.attempts, `round ${round}`).toBeGreaterThan(before);
      expect(progress.exams).toHaveLength(exams);
      // Killed inside a read-modify-write, it leaves its lock behind. The lock goes stale
      // 30 s after its last refresh; age it instead of waiting, so the next writer takes it over.
      if (existsSync(lockDir)) {
        killedHoldingLock++;
        const past = new Date(Date.now() - 60_000);
        utimesSync(lockDir, past, past);
      }
    }
    // The kills landed inside writes, not only between them.
    expect(killedHoldingLock).toBeGreaterThan(0);
    // A lock left by a killed writer goes stale; the next write still lands.
    const before = readProgress().labs.killed!.attempts;
    recordCheck('killed', true, new Date(), memoryLog());
    expect(readProgress().labs.killed!.attempts).toBe(before + 1);
  }, 30_000);

  it('waits for the lock held by another process before writing', async () => {
    recordCheck('held', false, at('2024-05-01T10:00:00.000Z'), memoryLog());
    const release = await lock(progressFile(), { realpath: false });
    const writer = execa('node', [bundleRecorder(), '1', 'held'], {
      env: { XDG_STATE_HOME: stateHome },
      reject: false,
    });
    // The writer has started and is trying to record...
    await new Promise<void>((resolve) => writer.stdout!.once('data', () => resolve()));
    await sleep(500);
    // ...but neither wrote nor gave up while we hold the lock.
    expect(readProgress().labs.held?.attempts).toBe(1);
    expect(writer.exitCode).toBeNull();
    const releasedAt = Date.now();
    await release();
    const result = await writer;
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toBe(''); // no "Could not save" warning
    const finishedAt = Number(/^done (\d+)$/m.exec(result.stdout)?.[1]);
    expect(finishedAt).toBeGreaterThanOrEqual(releasedAt);
    expect(readProgress().labs.held?.attempts).toBe(2);
  });
});

describe('progress: exams', () => {
  it('appends exam results and keeps the best score per lab', () => {
    const log = memoryLog();
    recordExam(
      examResult([
        ['replicaset', 6, 10],
        ['pods', 0, 8],
      ]),
      log,
    );
    recordExam(
      examResult([
        ['replicaset', 4, 10],
        ['pods', 8, 8],
      ]),
      log,
    );
    const progress = readProgress(log);
    expect(progress.exams).toHaveLength(2);
    expect(progress.exams[1]!.labs.map((l) => l.percent)).toEqual([40, 100]);
    expect(progress.labs.replicaset).toEqual({ attempts: 0, bestExamPercent: 60 });
    expect(progress.labs.pods).toEqual({ attempts: 0, bestExamPercent: 100 });
  });

  it('groups labs by CKA domain, with untried labs and labs no longer installed', () => {
    recordCheck('pods', true, at('2024-05-01T10:00:00.000Z'), memoryLog());
    recordCheck('gone', false, at('2024-05-01T10:00:00.000Z'), memoryLog());
    const labs = [
      { id: 'service-nodeport', title: 'NodePort', domain: 'Services & Networking' },
      { id: 'pods', title: 'Pods', domain: 'Workloads & Scheduling' },
      { id: 'replicaset', title: 'ReplicaSets', domain: 'Workloads & Scheduling' },
    ];
    const domains = groupByDomain(labs, readProgress());
    expect(domains.map((d) => [d.domain, d.passed, d.total])).toEqual([
      ['Services & Networking', 0, 1],
      ['Workloads & Scheduling', 1, 2],
      ['Other (lab no longer installed)', 0, 1],
    ]);
    expect(domains[1]!.labs.map((l) => [l.id, l.attempts, l.firstPassedAt])).toEqual([
      ['pods', 1, '2024-05-01T10:00:00.000Z'],
      ['replicaset', 0, null],
    ]);
  });
});

describe('exam duration', () => {
  it.each([
    ['45s', 45_000],
    ['30m', 1_800_000],
    ['90m', 5_400_000],
    ['2h', 7_200_000],
    ['1h30m', 5_400_000],
    ['1h0m5s', 3_605_000],
    [' 10m ', 600_000],
    ['24h', 86_400_000],
    ['23h59m59s', 86_399_000],
  ])('parses %s', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '90', '0m', '1.5h', '30 m', 'm', '-5m', '5d', '30m1h', 'abc'])(
    'refuses %j with a usage error (exit 2)',
    (text) => {
      let error: unknown;
      try {
        parseDuration(text);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(UsageError);
      expect(exitCodeOf(error)).toBe(ExitCode.usage);
      expect((error as UsageError).message).toContain('--duration 30m');
    },
  );

  // 600h once overflowed the countdown's timer (over 2^31-1 ms), which fired at once and submitted with 0%.
  it.each(['24h1s', '25h', '600h', '1441m', '86401s', '99999999999h'])(
    'refuses %j, over 24 h, in one sentence (exit 2)',
    (text) => {
      expect(() => parseDuration(text)).toThrowError(
        new UsageError(`--duration ${text} is longer than an exam can last; give at most 24h.`),
      );
    },
  );

  it('formats lengths and countdown clocks', () => {
    expect(formatDuration(7_200_000)).toBe('2h');
    expect(formatDuration(5_400_000)).toBe('1h 30m');
    expect(formatDuration(65_000)).toBe('1m 5s');
    expect(formatDuration(-5)).toBe('0s');
    expect(formatClock(7_199_001)).toBe('2:00:00');
    expect(formatClock(1_799_000)).toBe('29:59');
    expect(formatClock(7_000)).toBe('0:07');
    expect(formatClock(-1)).toBe('0:00');
  });
});

describe('exam scoring', () => {
  const timing = {
    startedAt: at('2024-05-01T10:00:00.000Z'),
    deadline: at('2024-05-01T12:00:00.000Z'),
    submittedAt: at('2024-05-01T11:30:00.000Z'),
  };

  it('gives a task its points only when all its checks pass, and sums per lab and overall', () => {
    const reports = [
      report('replicaset', [task('create', 6, [true, true, true]), task('scale', 4, [true, false])]),
      report('pods', [task('run', 5, [true]), task('fix', 3, [false, false])]),
    ];
    const result = scoreExam(reports, timing);
    expect(result.tasks.map((t) => [t.lab, t.task, t.earnedPoints, t.possiblePoints, t.pass])).toEqual([
      ['replicaset', 'create', 6, 6, true],
      ['replicaset', 'scale', 0, 4, false],
      ['pods', 'run', 5, 5, true],
      ['pods', 'fix', 0, 3, false],
    ]);
    expect(result.labs).toEqual([
      { lab: 'replicaset', namespace: 'lab-replicaset', earnedPoints: 6, possiblePoints: 10, percent: 60 },
      { lab: 'pods', namespace: 'lab-pods', earnedPoints: 5, possiblePoints: 8, percent: 62.5 },
    ]);
    expect(result).toMatchObject({
      earnedPoints: 11,
      possiblePoints: 18,
      percent: 61.1,
      passed: false,
      passMark: 66,
      late: false,
    });
    expect(result.submittedAt).toBe('2024-05-01T11:30:00.000Z');
  });

  it('passes at exactly the pass mark, and never rounds up into a pass', () => {
    const exam = (earned: number, possible: number) =>
      scoreExam(
        [
          report('x', [
            task('a', earned, [true]),
            ...(possible > earned ? [task('b', possible - earned, [false])] : []),
          ]),
        ],
        timing,
      );
    expect(exam(33, 50)).toMatchObject({ percent: 66, passed: true });
    expect(exam(2, 3)).toMatchObject({ percent: 66.6, passed: true });
    expect(exam(659, 1000)).toMatchObject({ percent: 65.9, passed: false });
    expect(exam(1979, 3000)).toMatchObject({ percent: 65.9, passed: false }); // 65.97 % is below 66 %
    expect(exam(10, 10)).toMatchObject({ percent: 100, passed: true });
    expect(percentOf(0, 0)).toBe(0);
  });

  it('marks a submission after the deadline late, and one at the deadline on time', () => {
    const reports = [report('x', [task('a', 1, [true])])];
    expect(scoreExam(reports, { ...timing, submittedAt: at('2024-05-01T12:00:00.000Z') }).late).toBe(false);
    expect(scoreExam(reports, { ...timing, submittedAt: at('2024-05-01T12:00:00.001Z') }).late).toBe(true);
  });
});

describe('exam lab picking', () => {
  it('picks distinct labs, and all of them when asked for more than exist', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    for (let seed = 0; seed < 20; seed++) {
      const picked = pickRandom(ids, 3, sequence(seed));
      expect(picked).toHaveLength(3);
      expect(new Set(picked).size).toBe(3);
      for (const id of picked) expect(ids).toContain(id);
    }
    expect(pickRandom(ids, 9).sort()).toEqual(ids);
    expect(pickRandom(ids, 2, () => 0)).toEqual(['a', 'b']);
    expect(pickRandom(ids, 2, () => 0.999)).toEqual(['e', 'a']);
  });
});

/** A repeatable stand-in for Math.random. */
function sequence(seed: number): () => number {
  let x = seed + 1;
  return () => ((x = (x * 16807) % 2147483647) - 1) / 2147483646;
}

function mkdirState(): string {
  recordCheck('x', false, new Date(), memoryLog()); // creates the folder
  return stateDir();
}

function task(id: string, points: number, checks: boolean[]): TaskResult {
  return {
    id,
    title: `task ${id}`,
    points,
    pass: checks.every(Boolean),
    checks: checks.map((pass, i) => ({
      id: `${id}-${i}`,
      title: `check ${i}`,
      pass,
      summary: '',
      problems: [],
      durationMs: 0,
    })),
  };
}

function report(lab: string, tasks: TaskResult[]): LabReport {
  const checks = tasks.flatMap((t) => t.checks);
  const passed = checks.filter((c) => c.pass).length;
  return {
    lab,
    title: lab,
    namespace: `lab-${lab}`,
    pass: passed === checks.length,
    tasks,
    passed,
    failed: checks.length - passed,
    durationMs: 0,
  };
}

function examResult(labs: [string, number, number][]): ExamResult {
  const reports = labs.map(([lab, earned, possible]) =>
    report(lab, [
      task('a', earned || 1, [earned > 0]),
      ...(possible > earned ? [task('b', possible - (earned || 1), [false])] : []),
    ]),
  );
  return scoreExam(reports, {
    startedAt: at('2024-05-01T10:00:00.000Z'),
    deadline: at('2024-05-01T12:00:00.000Z'),
    submittedAt: at('2024-05-01T11:00:00.000Z'),
  });
}

let recorder: string | undefined;
afterAll(() => {
  if (recorder) rmSync(dirname(recorder), { recursive: true, force: true });
});
/**
 * Bundles a tiny program that calls recordCheck N times (argv[2]) for a lab (argv[3],
 * default "concurrent"), so real separate processes contend for the lock. It prints
 * `ready` before the first call and `done <epoch ms>` after the last.
 */
function bundleRecorder(): string {
  if (recorder) return recorder;
  const dir = mkdtempSync(join(tmpdir(), 'cka-lab-recorder-'));
  const entry = join(dir, 'recorder.ts');
  writeFileSync(
    entry,
    `import { recordCheck } from ${JSON.stringify(join(contentRoot(), 'src', 'progress', 'store.ts'))};\n` +
      `const n = Number(process.argv[2]);\nconst lab = process.argv[3] ?? 'concurrent';\n` +
      `console.log('ready');\n` +
      `for (let i = 0; i < n; i++) recordCheck(lab, i % 2 === 0);\n` +
      `console.log(\`done \${Date.now()}\`);\n`,
  );
  recorder = join(dir, 'recorder.mjs');
  buildSync({
    entryPoints: [entry],
    outfile: recorder,
    bundle: true,
    platform: 'node',
    format: 'esm',
    nodePaths: [join(contentRoot(), 'node_modules')],
    // CommonJS dependencies inside an ESM bundle expect require and __filename (as in scripts/bundle.mjs).
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; import { fileURLToPath as __f2p } from 'node:url'; const require = __cr(import.meta.url); const __filename = __f2p(import.meta.url);",
    },
    logLevel: 'error',
  });
  return recorder;
}
