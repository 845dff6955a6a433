import { afterAll, describe, expect, it, inject } from 'vitest';
import { execa } from 'execa';
import * as v from 'valibot';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runChecks } from '../../src/checks/engine.js';
import { examFile, readExam } from '../../src/exam/state.js';
import { ExamResult } from '../../src/exam/result.js';
import { defaultNamespace } from '../../src/kube/namespace.js';
import { applySolution } from '../../src/labs/lifecycle.js';
import { listLabIds, loadLab } from '../../src/labs/loader.js';
import type { Lab } from '../../src/labs/lab.js';
import { holdsNodePort } from '../../src/labs/validate.js';
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
const lab = (...args: string[]) => execa('node', [bin, ...args, '--kubeconfig', kubeconfig, '--lang', 'en'], { reject: false, env: { XDG_STATE_HOME: stateHome } });

const usedNamespaces = new Set<string>();
afterAll(async () => {
  await Promise.all([...usedNamespaces].map((ns) => dropNamespace(client, ns)));
});

/**
 * replicaset first (its partial answer is known), then up to two other labs that load and
 * pin no nodePort: a nodePort is unique in the whole cluster, and the lab-proof suite may
 * hold the same one right now.
 */
async function examLabs(): Promise<Lab[]> {
  const loaded = await Promise.all(
    listLabIds()
      .filter((id) => id !== 'replicaset')
      .map((id) => loadLab(id).catch(() => undefined)), // a lab someone is still writing; the loader tests report it
  );
  const others = loaded.filter((l): l is Lab => l !== undefined && !holdsNodePort(l, l.tasks.flatMap((t) => t.solution)));
  return [await loadLab('replicaset'), ...others.slice(0, 2)];
}

const pointsOf = (l: Lab, taskIds = l.tasks.map((t) => t.id)) => l.tasks.filter((t) => taskIds.includes(t.id)).reduce((sum, t) => sum + t.points, 0);

/** Re-checks until the given tasks pass (Pods need a moment to become Ready). */
async function waitUntilPassing(l: Lab, workDir: string, tasks?: string[]): Promise<void> {
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
    const labs = await examLabs();
    const [partly, solved, untouched] = labs as [Lab, Lab | undefined, Lab | undefined];
    for (const l of labs) usedNamespaces.add(defaultNamespace(l.id));

    const start = await lab('exam', '--labs', labs.map((l) => l.id).join(','), '--detach', '--duration', '30m');
    expect(start.exitCode, start.stderr).toBe(0);
    const total = labs.reduce((sum, l) => sum + pointsOf(l), 0);
    expect(start.stdout).toContain(`Mock exam: ${labs.length} questions, ${total} points, 30m; pass mark 66%.`);
    expect(start.stdout).toMatch(/Deadline: \d{4}-\d\d-\d\d \d\d:\d\d/);
    labs.forEach((l, q) => {
      expect(start.stdout).toContain(`Question ${q + 1}: `);
      expect(start.stdout).toContain(`(namespace lab-${l.id}, ${pointsOf(l)} points)`);
      l.tasks.forEach((t, i) => expect(start.stdout).toContain(`${q + 1}.${i + 1} ${textIn(t.title, 'en')} (${t.points} points)`));
    });
    expect(start.stdout).toContain('1.1 Create the ReplicaSet myapp-replicaset (6 points)');

    const exam = readExam()!;
    expect(exam.labs).toEqual(labs.map((l) => ({ id: l.id, namespace: `lab-${l.id}` })));
    expect(Date.parse(exam.deadline) - Date.parse(exam.startedAt)).toBe(30 * 60_000);
    const status = await lab('exam', 'status', '-o', 'json');
    expect(status.exitCode, status.stderr).toBe(0);
    const left = JSON.parse(status.stdout);
    expect(left.overdue).toBe(false);
    expect(left.remainingMs).toBeGreaterThan(25 * 60_000);
    expect(left.remainingMs).toBeLessThanOrEqual(30 * 60_000);

    // Partly solve: replicaset's first task only, the second lab fully, the third not at all.
    const workDir = mkdtempSync(join(tmpdir(), 'cka-lab-exam-work-'));
    const ctx = (l: Lab) => ({ client, namespace: defaultNamespace(l.id), root: l.root, workDir });
    await applySolution(partly, ctx(partly), ['create']);
    await waitUntilPassing(partly, workDir, ['create']);
    if (solved) {
      await applySolution(solved, ctx(solved));
      await waitUntilPassing(solved, workDir);
    }

    const submit = await lab('exam', 'submit', '-o', 'json', '--dir', workDir);
    const result = v.parse(ExamResult, JSON.parse(submit.stdout));
    const earned = pointsOf(partly, ['create']) + (solved ? pointsOf(solved) : 0);
    expect(earned).toBe(6 + (solved ? pointsOf(solved) : 0)); // the lab file's points for `create`
    const percent = Math.floor((earned * 1000) / total) / 10;
    const passed = earned * 100 >= 66 * total;
    expect(result).toMatchObject({ earnedPoints: earned, possiblePoints: total, percent, passed, late: false, passMark: 66 });
    expect(submit.exitCode, submit.stderr).toBe(passed ? 0 : 1);

    const expectedTasks = [
      ...partly.tasks.map((t) => [partly.id, t.id, t.id === 'create' ? t.points : 0, t.points]),
      ...(solved ? solved.tasks.map((t) => [solved.id, t.id, t.points, t.points]) : []),
      ...(untouched ? untouched.tasks.map((t) => [untouched.id, t.id, 0, t.points]) : []),
    ];
    expect(result.tasks.map((t) => [t.lab, t.task, t.earnedPoints, t.possiblePoints])).toEqual(expectedTasks);
    expect(result.labs.map((l) => [l.lab, l.earnedPoints])).toEqual(labs.map((l) => [l.id, l === partly ? 6 : l === solved ? pointsOf(l) : 0]));

    // Recorded, with the best score per lab; the exam is over.
    expect(existsSync(examFile())).toBe(false);
    const progress = readProgress();
    expect(progress.exams).toEqual([result]);
    expect(progress.labs.replicaset?.bestExamPercent).toBe(60);
    if (solved) expect(progress.labs[solved.id]?.bestExamPercent).toBe(100);
    if (untouched) expect(progress.labs[untouched.id]?.bestExamPercent).toBe(0);

    const again = await lab('exam', 'submit');
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toBe('error: No exam is running; start one with `lab exam start` (or just `lab exam`).');
  });

  it('refuses a second exam while one runs, and marks a submission after the deadline late', { timeout: 120_000 }, async () => {
    usedNamespaces.add(defaultNamespace('replicaset'));
    const start = await lab('exam', 'start', '--labs', 'replicaset', '--duration', '1s', '--detach');
    expect(start.exitCode, start.stderr).toBe(0);
    const second = await lab('exam', '--labs', 'replicaset', '--detach');
    expect(second.exitCode).toBe(2);
    expect(second.stderr).toContain('An exam is already running until');
    expect(second.stderr).toContain('`lab exam submit`');

    await new Promise((r) => setTimeout(r, 1_200));
    const status = await lab('exam', 'status');
    expect(status.stdout).toMatch(/Time ran out \d+s ago; submit with `lab exam submit` \(the result will be marked late\)\./);

    // The lab was reset to its setup by the exam, so nothing scores.
    const submit = await lab('exam', 'submit');
    expect(submit.exitCode).toBe(1);
    expect(submit.stdout).toContain('Score: 0% (0 of 10 points): FAIL, pass mark 66%.');
    expect(submit.stdout).toMatch(/Submitted \d+s after the deadline, so this result is marked late\./);
    const last = readProgress().exams.at(-1)!;
    expect(last).toMatchObject({ late: true, passed: false, percent: 0, labs: [{ lab: 'replicaset', percent: 0 }] });
    expect(readProgress().labs.replicaset?.bestExamPercent).toBe(60); // the best score stays
  });
});
