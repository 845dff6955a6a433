import { afterAll, describe, expect, it, inject } from 'vitest';
import { execa } from 'execa';
import * as v from 'valibot';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runChecks } from '../../src/checks/engine.js';
import { MOCK_TASKS } from '../../src/exam/mock.js';
import { ExamResult } from '../../src/exam/result.js';
import { readExam } from '../../src/exam/state.js';
import { applySolution } from '../../src/labs/lifecycle.js';
import { listLabIds, loadLab } from '../../src/labs/loader.js';
import type { Lab } from '../../src/labs/lab.js';
import { readProgress, recordExam } from '../../src/progress/store.js';
import { contentRoot } from '../../src/util/paths.js';
import { dropNamespace, testClient } from './helpers.js';

// `lab exam --mock`: a mock CKA drawn by the CLI (about 16 tasks by CKA domain weight), each
// question with its kubectl context, scored task by task with the review, leaving out the labs of
// the last mock (remembered in progress.json). That two mocks in a row share no task is drawn in
// tests/unit/exam-mock.test.ts: a second mock here could draw labs other test files use meanwhile.

const bin = join(contentRoot(), 'bin', 'lab.cjs');
const client = testClient();
const stateHome = mkdtempSync(join(tmpdir(), 'cka-lab-exam-mock-state-'));
process.env.XDG_STATE_HOME = stateHome;
// cka-lab's own kubeconfig for this test (inside the state folder), so the exam adds contexts.
const kubeconfig = join(stateHome, 'cka-lab', 'exam-mock-test', 'kubeconfig');
mkdirSync(join(stateHome, 'cka-lab', 'exam-mock-test'), { recursive: true });
copyFileSync(inject('kubeconfig'), kubeconfig);
const lab = (...args: string[]) =>
  execa('node', [bin, ...args, '--kubeconfig', kubeconfig, '--lang', 'en'], {
    reject: false,
    env: { XDG_STATE_HOME: stateHome },
  });
const contexts = () =>
  (parse(readFileSync(kubeconfig, 'utf8')).contexts as { name: string; context: { namespace?: string } }[]).filter(
    (c) => /^k8s-c\d+$/.test(c.name),
  );

const usedNamespaces = new Set<string>();
const dirs = [stateHome];
afterAll(async () => {
  await Promise.all([...usedNamespaces].map((ns) => dropNamespace(client, ns)));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * Labs this file must not draw, because other test files use them on the same cluster at the
 * same time: the labs of exam.test.ts's exams (same namespaces lab-<id>), labs with cluster-scoped
 * objects or their own Nodes (the lab proofs create the same names), and a pinned nodePort.
 * The test records them as an earlier mock, which is also what makes the draw leave them out.
 */
const sharedWithOtherFiles = (l: Lab) =>
  ['replicaset', 'pods', 'deployment', 'service-nodeport'].includes(l.id) ||
  (l.clusterScoped ?? []).length > 0 ||
  (l.requires ?? []).length > 0;

const hasExec = (l: Lab) => l.tasks.some((t) => t.solution.some((s) => s.exec));

describe('lab exam --mock on the local cluster', () => {
  it(
    'draws a mock CKA with contexts, scores it task by task, and leaves out the labs of the last mock',
    {
      timeout: 420_000,
    },
    async () => {
      const all = await Promise.all(listLabIds().map((id) => loadLab(id)));
      const avoid = all.filter(sharedWithOtherFiles).map((l) => l.id);
      const at = new Date().toISOString();
      recordExam({
        startedAt: at,
        deadline: at,
        submittedAt: at,
        late: false,
        passMark: 66,
        earnedPoints: 0,
        possiblePoints: 0,
        percent: 0,
        passed: false,
        labs: avoid.map((id) => ({ lab: id, namespace: `lab-${id}`, earnedPoints: 0, possiblePoints: 0, percent: 0 })),
        tasks: [],
        mock: 'cka',
      });

      // --mock takes no --labs or --count, and knows only the cka kind.
      expect((await lab('exam', '--mock', '--count', '3')).stderr).toBe(
        'error: A mock exam draws its own labs; give --mock without --labs or --count.',
      );
      const odd = await lab('exam', '--mock', 'ckad');
      expect(odd.exitCode).toBe(2);
      expect(odd.stderr).toBe('error: There is no mock exam "ckad"; use --mock with one of: cka.');

      const start = await lab('exam', '--mock', 'cka', '--seed', '11', '--detach');
      expect(start.exitCode, start.stderr).toBe(0);
      expect(start.stderr).toContain('The exam lasts 2h like the real CKA');
      expect(start.stderr).toMatch(
        /Mock CKA: \d+ tasks in \d+ questions, drawn by CKA domain weight from labs not in your last mock exam\./,
      );
      const exam = readExam()!;
      for (const { namespace } of exam.labs) usedNamespaces.add(namespace);
      expect(exam.mock).toBe('cka');
      expect(Date.parse(exam.deadline) - Date.parse(exam.startedAt)).toBe(2 * 3_600_000);
      const drawn = exam.labs.map((l) => all.find((x) => x.id === l.id)!);
      const tasks = drawn.reduce((n, l) => n + l.tasks.length, 0);
      expect(tasks).toBeGreaterThanOrEqual(MOCK_TASKS);
      expect(tasks).toBeLessThanOrEqual(20);
      expect(start.stderr).toContain(`Mock CKA: ${tasks} tasks in ${drawn.length} questions`);
      expect(drawn.filter((l) => avoid.includes(l.id))).toEqual([]);
      // Each question names its context, a copy of the cluster's with the question's namespace.
      expect(contexts()).toEqual(
        exam.labs.map((l, q) => ({
          name: `k8s-c${q + 1}`,
          context: expect.objectContaining({ namespace: l.namespace }),
        })),
      );
      exam.labs.forEach((l, q) => {
        expect(l.context).toBe(`k8s-c${q + 1}`);
        expect(start.stdout).toContain(`Use context: k8s-c${q + 1}  kubectl config use-context k8s-c${q + 1}`);
      });

      // Solve one question (the first whose solution needs no shell); the others stay as set up.
      const solved = drawn.find((l) => !hasExec(l))!;
      const ns = `lab-${solved.id}`;
      const workDir = mkdtempSync(join(tmpdir(), 'cka-lab-exam-mock-work-'));
      dirs.push(workDir);
      await applySolution(solved, { client, namespace: ns, root: solved.root, workDir });
      for (const deadline = Date.now() + 90_000; ;) {
        if ((await runChecks(solved, client, ns, { lang: 'en', workDir })).pass) break;
        expect(Date.now(), `${solved.id} never passed after its solution`).toBeLessThan(deadline);
        await new Promise((r) => setTimeout(r, 500));
      }

      const submit = await lab('exam', 'submit', '-o', 'json', '--dir', workDir);
      expect([0, 1], submit.stderr).toContain(submit.exitCode);
      const result = v.parse(ExamResult, JSON.parse(submit.stdout));
      expect(submit.exitCode).toBe(result.passed ? 0 : 1);
      expect(result.mock).toBe('cka');
      expect(result.tasks).toHaveLength(tasks);
      // Partial credit: every task of the solved question earns its points, each with its context.
      for (const task of result.tasks.filter((t) => t.lab === solved.id))
        expect(task).toMatchObject({ pass: true, earnedPoints: task.possiblePoints });
      expect(result.earnedPoints).toBeGreaterThan(0);
      expect(result.earnedPoints).toBeLessThan(result.possiblePoints);
      for (const task of result.tasks) expect(task.context).toMatch(/^k8s-c\d+$/);
      expect(contexts()).toEqual([]);
      expect(readProgress().exams.at(-1)).toEqual(result);
      const review = await lab('exam', 'review');
      expect(review.exitCode, review.stderr).toBe(0);
      expect(review.stdout).toContain(result.tasks[0]!.title);
    },
  );
});
