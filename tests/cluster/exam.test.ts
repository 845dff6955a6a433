import { afterAll, describe, expect, it, inject } from 'vitest';
import { execa } from 'execa';
import * as v from 'valibot';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChecks } from '../../src/checks/engine.js';
import { examFile, readExam } from '../../src/exam/state.js';
import { ExamResult } from '../../src/exam/result.js';
import { defaultNamespace } from '../../src/kube/namespace.js';
import { applySolution } from '../../src/labs/lifecycle.js';
import { loadLab } from '../../src/labs/loader.js';
import type { Lab } from '../../src/labs/lab.js';
import { textIn } from '../../src/i18n/text.js';
import { readProgress } from '../../src/progress/store.js';
import { contentRoot } from '../../src/util/paths.js';
import { dropNamespace, testClient } from './helpers.js';

// The mock exam through the bundled CLI, as users run it (`npm test` builds it first).
// Exams use the fixed namespaces lab-<id>; the other cluster tests use random ones.
const bin = join(contentRoot(), 'bin', 'lab.cjs');
const kubeconfig = inject('kubeconfig');
const client = testClient();

// exam.json and progress.json of this file's own, shared by the CLI children and this process.
const stateHome = mkdtempSync(join(tmpdir(), 'cka-lab-exam-state-'));
process.env.XDG_STATE_HOME = stateHome;
const lab = (...args: string[]) =>
  execa('node', [bin, ...args, '--kubeconfig', kubeconfig, '--lang', 'en'], {
    reject: false,
    env: { XDG_STATE_HOME: stateHome },
  });

const usedNamespaces = new Set<string>();
const dirs = [stateHome];
afterAll(async () => {
  await Promise.all([...usedNamespaces].map((ns) => dropNamespace(client, ns)));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * The known setup: three labs (none pins a nodePort, which is unique in the whole cluster
 * and may be held by the lab-proof suite right now), each task's points as in its lab file,
 * and which tasks the test solves. A lab that fails to load fails the test.
 */
const setup = [
  { id: 'replicaset', tasks: { create: 6, scale: 4 }, solve: ['create'] },
  {
    id: 'pods',
    tasks: { 'run-nginx': 3, 'fix-redis': 4, 'generate-yaml': 3 },
    solve: ['run-nginx', 'fix-redis', 'generate-yaml'],
  },
  { id: 'deployment', tasks: { 'save-yaml': 4, create: 6 }, solve: ['save-yaml'] },
] as const;

/** Re-checks until the given tasks pass (Pods need a moment to become Ready). */
async function waitUntilPassing(l: Lab, workDir: string, tasks: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const report = await runChecks(l, client, defaultNamespace(l.id), { lang: 'en', tasks, workDir });
    if (report.pass) return;
    if (Date.now() > deadline) {
      const failing = report.tasks.flatMap((t) => t.checks.filter((c) => !c.pass).map((c) => `${c.id}: ${c.summary}`));
      throw new Error(`${l.id} still fails after the reference solution: ${failing.join('; ')}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe('lab exam on the local cluster', () => {
  it('starts a mock exam, scores a partly solved one and records the result', { timeout: 240_000 }, async () => {
    const labs = await Promise.all(setup.map((s) => loadLab(s.id)));
    // The lab files still give the points this test expects.
    expect(labs.map((l) => [l.id, l.tasks.map((t) => [t.id, t.points])])).toEqual(
      setup.map((s) => [s.id, Object.entries(s.tasks)]),
    );
    for (const l of labs) usedNamespaces.add(defaultNamespace(l.id));

    const start = await lab('exam', '--labs', 'replicaset,pods,deployment', '--detach', '--duration', '30m');
    expect(start.exitCode, start.stderr).toBe(0);
    expect(start.stdout).toContain('Mock exam: 3 questions, 30 points, 30m; pass mark 66%.');
    expect(start.stdout).toMatch(/Deadline: \d{4}-\d\d-\d\d \d\d:\d\d/);
    labs.forEach((l, q) => {
      expect(start.stdout).toContain(`Question ${q + 1}: `);
      expect(start.stdout).toContain(`(namespace lab-${l.id}, 10 points)`);
      l.tasks.forEach((t, i) =>
        expect(start.stdout).toContain(`${q + 1}.${i + 1} ${textIn(t.title, 'en')} (${t.points} points)`),
      );
    });
    expect(start.stdout).toContain('1.1 Create the ReplicaSet myapp-replicaset (6 points)');

    const exam = readExam()!;
    expect(exam.labs).toEqual([
      { id: 'replicaset', namespace: 'lab-replicaset' },
      { id: 'pods', namespace: 'lab-pods' },
      { id: 'deployment', namespace: 'lab-deployment' },
    ]);
    expect(Date.parse(exam.deadline) - Date.parse(exam.startedAt)).toBe(30 * 60_000);
    const status = await lab('exam', 'status', '-o', 'json');
    expect(status.exitCode, status.stderr).toBe(0);
    const left = JSON.parse(status.stdout);
    expect(left.overdue).toBe(false);
    expect(left.remainingMs).toBeGreaterThan(25 * 60_000);
    expect(left.remainingMs).toBeLessThanOrEqual(30 * 60_000);

    // Solve: replicaset's create only, pods fully, deployment's file but not the Deployment.
    const workDir = mkdtempSync(join(tmpdir(), 'cka-lab-exam-work-'));
    dirs.push(workDir);
    for (const [i, l] of labs.entries()) {
      const solve = [...setup[i]!.solve];
      await applySolution(l, { client, namespace: defaultNamespace(l.id), root: l.root, workDir }, solve);
      await waitUntilPassing(l, workDir, solve);
    }

    const submit = await lab('exam', 'submit', '-o', 'json', '--dir', workDir);
    expect(submit.exitCode, submit.stderr).toBe(0); // passed
    const result = v.parse(ExamResult, JSON.parse(submit.stdout));
    expect(result.tasks.map((t) => [t.lab, t.task, t.earnedPoints, t.possiblePoints, t.pass])).toEqual([
      ['replicaset', 'create', 6, 6, true],
      ['replicaset', 'scale', 0, 4, false],
      ['pods', 'run-nginx', 3, 3, true],
      ['pods', 'fix-redis', 4, 4, true],
      ['pods', 'generate-yaml', 3, 3, true],
      ['deployment', 'save-yaml', 4, 4, true],
      ['deployment', 'create', 0, 6, false],
    ]);
    expect(result.labs).toEqual([
      { lab: 'replicaset', namespace: 'lab-replicaset', earnedPoints: 6, possiblePoints: 10, percent: 60 },
      { lab: 'pods', namespace: 'lab-pods', earnedPoints: 10, possiblePoints: 10, percent: 100 },
      { lab: 'deployment', namespace: 'lab-deployment', earnedPoints: 4, possiblePoints: 10, percent: 40 },
    ]);
    // 20 of 30 is 66.66...%: shown rounded down (66.6, never 66.7), and a pass (at least 66%).
    expect(result).toMatchObject({
      earnedPoints: 20,
      possiblePoints: 30,
      percent: 66.6,
      passed: true,
      late: false,
      passMark: 66,
    });

    // Recorded, with the best score per lab; the exam is over.
    expect(existsSync(examFile())).toBe(false);
    const progress = readProgress();
    expect(progress.exams).toEqual([result]);
    expect(Object.fromEntries(Object.entries(progress.labs).map(([id, p]) => [id, p.bestExamPercent]))).toEqual({
      replicaset: 60,
      pods: 100,
      deployment: 40,
    });

    const again = await lab('exam', 'submit');
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toBe('error: No exam is running; start one with `lab exam start` (or just `lab exam`).');
  });

  it(
    'refuses a second exam while one runs, and marks a submission after the deadline late',
    { timeout: 120_000 },
    async () => {
      usedNamespaces.add(defaultNamespace('replicaset'));
      const start = await lab('exam', 'start', '--labs', 'replicaset', '--duration', '1s', '--detach');
      expect(start.exitCode, start.stderr).toBe(0);
      const second = await lab('exam', '--labs', 'replicaset', '--detach');
      expect(second.exitCode).toBe(2);
      expect(second.stderr).toContain('An exam is already running until');
      expect(second.stderr).toContain('`lab exam submit`');

      await new Promise((r) => setTimeout(r, 1_200));
      const status = await lab('exam', 'status');
      expect(status.stdout).toMatch(
        /Time ran out \d+s ago; submit with `lab exam submit` \(the result will be marked late\)\./,
      );

      // The lab was reset to its setup by the exam, so nothing scores.
      const submit = await lab('exam', 'submit');
      expect(submit.exitCode).toBe(1);
      expect(submit.stdout).toContain('Score: 0% (0 of 10 points): FAIL, pass mark 66%.');
      expect(submit.stdout).toMatch(/Submitted \d+s after the deadline, so this result is marked late\./);
      const last = readProgress().exams.at(-1)!;
      expect(last).toMatchObject({ late: true, passed: false, percent: 0, labs: [{ lab: 'replicaset', percent: 0 }] });
      expect(readProgress().labs.replicaset?.bestExamPercent).toBe(60); // the best score stays
    },
  );
});
