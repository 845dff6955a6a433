import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { execa } from 'execa';
import * as v from 'valibot';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runChecks } from '../../src/checks/engine.js';
import { binaryPath } from '../../src/cluster/local/binaries.js';
import { ExamResult } from '../../src/exam/result.js';
import { loadLab } from '../../src/labs/loader.js';
import { readProgress } from '../../src/progress/store.js';
import { contentRoot } from '../../src/util/paths.js';
import { dropNamespace, testClient } from './helpers.js';

// The exam as in the real CKA: each question names a kubectl context (k8s-c1, k8s-c2...), whose
// default namespace is the question's. A learner who forgets to switch context works in another
// question's namespace: the task fails, and the score sheet and the review name the context to
// use. Flags for review, the review kept in the exam record, and the contexts gone after submit.
// The learner runs the cluster's own kubectl.

const repo = contentRoot();
const bin = join(repo, 'bin', 'lab.cjs');
const kubectl = binaryPath('kubectl');
const client = testClient();

// Labs of this file's own (copies of pods and replicationcontroller under other ids), so their
// namespaces lab-<id> are not the ones other test files' exams use at the same time.
const home = mkdtempSync(join(tmpdir(), 'exam-contexts-home-'));
const Q1 = 'exctx-pods';
const Q2 = 'exctx-rc';
const stateHome = mkdtempSync(join(tmpdir(), 'exam-contexts-state-'));
process.env.XDG_STATE_HOME = stateHome;
// cka-lab's own kubeconfig for this test: a copy of the test cluster's, inside the state folder.
const kubeconfig = join(stateHome, 'cka-lab', 'exam-test', 'kubeconfig');
const env = { XDG_STATE_HOME: stateHome, CKA_LAB_HOME: home };
const lab = (...args: string[]) =>
  execa('node', [bin, ...args, '--kubeconfig', kubeconfig], { reject: false, env: { ...env, LANG: 'en_US.UTF-8' } });
const learner = (...args: string[]) => execa(kubectl, args, { env: { KUBECONFIG: kubeconfig }, cwd: home });
const config = () => parse(readFileSync(kubeconfig, 'utf8'));

beforeAll(() => {
  cpSync(join(repo, 'notes'), join(home, 'notes'), { recursive: true });
  cpSync(join(repo, 'manifests'), join(home, 'manifests'), { recursive: true });
  for (const [id, from] of [
    [Q1, 'pods'],
    [Q2, 'replicationcontroller'],
  ] as const) {
    mkdirSync(join(home, 'labs', id), { recursive: true });
    const text = readFileSync(join(repo, 'labs', from, 'lab.yaml'), 'utf8');
    writeFileSync(join(home, 'labs', id, 'lab.yaml'), text.replace(new RegExp(`^id: ${from}$`, 'm'), `id: ${id}`));
  }
  copyFileSync(join(repo, 'manifests', 'replicationcontroller', 'solution', 'rc-definition.yml'), join(home, 'rc.yml'));
  mkdirSync(join(stateHome, 'cka-lab', 'exam-test'), { recursive: true });
  copyFileSync(inject('kubeconfig'), kubeconfig);
});
afterAll(async () => {
  await Promise.all([`lab-${Q1}`, `lab-${Q2}`].map((ns) => dropNamespace(client, ns)));
  rmSync(home, { recursive: true, force: true });
  rmSync(stateHome, { recursive: true, force: true });
});

describe('exam contexts, flags and the review on the local cluster', () => {
  it('catches work done in the wrong context and names the context to use', { timeout: 240_000 }, async () => {
    const before = config();
    const start = await lab('exam', '--labs', `${Q1},${Q2}`, '--detach', '--duration', '30m', '--lang', 'en');
    expect(start.exitCode, start.stderr).toBe(0);
    expect(start.stdout).toContain(
      `(namespace lab-${Q1}, 10 points)\n   Use context: k8s-c1  kubectl config use-context k8s-c1`,
    );
    expect(start.stdout).toContain('Use context: k8s-c2  kubectl config use-context k8s-c2');
    expect(start.stdout).toContain('Each question names its kubectl context');

    // The contexts are in cka-lab's kubeconfig, the first one current, as kubectl sees them.
    expect((await learner('config', 'get-contexts', '-o', 'name')).stdout.split('\n').sort()).toEqual(
      [before['current-context'], 'k8s-c1', 'k8s-c2'].sort(),
    );
    expect((await learner('config', 'current-context')).stdout).toBe('k8s-c1');
    const c2 = config().contexts.find((c: { name: string }) => c.name === 'k8s-c2').context;
    expect(c2.namespace).toBe(`lab-${Q2}`);

    // Question 1 in its context (the current one): right.
    await learner('run', 'nginx', '--image=nginx');
    const q1 = await loadLab(Q1, home);
    for (const deadline = Date.now() + 60_000; ;) {
      const report = await runChecks(q1, client, `lab-${Q1}`, { lang: 'en', tasks: ['run-nginx'] });
      if (report.pass) break;
      expect(Date.now(), 'the nginx Pod never became Ready').toBeLessThan(deadline);
      await new Promise((r) => setTimeout(r, 250));
    }
    // Question 2 without `kubectl config use-context k8s-c2`: it lands in question 1's namespace.
    const created = await learner('create', '-f', 'rc.yml');
    expect(created.stdout).toBe('replicationcontroller/myapp-rc created');
    expect((await learner('get', 'rc', '-n', `lab-${Q1}`, '-o', 'name')).stdout).toBe('replicationcontroller/myapp-rc');

    // Flags for review: by paper number or task id; shown by status; a wrong name is a usage error.
    expect((await lab('exam', 'flag', '2.1')).stderr).toContain(
      'Task 2.1 (Create the ReplicationController myapp-rc) is flagged for review',
    );
    expect((await lab('exam', 'flag', 'fix-redis')).exitCode).toBe(0);
    expect((await lab('exam', 'flag', '2.1')).stderr).toContain('was already flagged');
    expect((await lab('exam', 'unflag', '1.2')).stderr).toMatch(/Task 1\.2 \(.+\) is no longer flagged\./);
    const bogus = await lab('exam', 'flag', '9.9');
    expect(bogus.exitCode).toBe(2);
    expect(bogus.stderr).toBe(
      'error: The exam has no task "9.9"; give a task number from the exam paper (1.1, 1.2, 1.3, 2.1) or <lab>/<task>.',
    );
    const status = await lab('exam', 'status');
    expect(status.stdout).toContain(`1. ${Q1} (context k8s-c1, namespace lab-${Q1})`);
    expect(status.stdout).toContain('Flagged for review:\n  ⚑ 2.1 Create the ReplicationController myapp-rc');
    expect(status.stdout).not.toContain('⚑ 1.2');
    expect(JSON.parse((await lab('exam', 'status', '-o', 'json')).stdout).flagged).toEqual([`${Q2}/create`]);

    const submit = await lab('exam', 'submit', '-o', 'json');
    expect(submit.exitCode, submit.stderr).toBe(1); // 3 of 20 points
    const result = v.parse(ExamResult, JSON.parse(submit.stdout));
    const rc = result.tasks.find((t) => t.lab === Q2)!;
    expect(rc).toMatchObject({ number: '2.1', pass: false, context: 'k8s-c2', flagged: true });
    expect(rc.review!.elsewhere).toEqual({ namespace: `lab-${Q1}`, context: 'k8s-c1' });
    expect(rc.review!.solution).toEqual([
      {
        run: 'kubectl create -f rc-definition.yml',
        file: 'manifests/replicationcontroller/solution/rc-definition.yml',
      },
    ]);
    expect(rc.review!.wrong.length).toBeGreaterThan(0);
    const nginx = result.tasks.find((t) => t.task === 'run-nginx')!;
    expect(nginx).toMatchObject({ number: '1.1', pass: true, context: 'k8s-c1' });
    expect(nginx.flagged).toBeUndefined();
    expect(nginx.review!.wrong).toEqual([]);
    expect(nginx.review!.right.length).toBeGreaterThan(0);
    expect(nginx.review!.elsewhere).toBeUndefined();

    // The contexts are gone and the context from before the exam is current again.
    expect(config().contexts.map((c: { name: string }) => c.name)).toEqual(
      before.contexts.map((c: { name: string }) => c.name),
    );
    expect(config()['current-context']).toBe(before['current-context']);

    // The review is kept in the exam record and shown again later, in either language.
    expect(readProgress().exams.at(-1)).toEqual(result);
    const review = await lab('exam', 'review', '--lang', 'en');
    expect(review.exitCode, review.stderr).toBe(0);
    expect(review.stdout).toContain(
      `Your work seems to be in context k8s-c1 (namespace lab-${Q1}), but this question uses context k8s-c2: ` +
        'switch with `kubectl config use-context k8s-c2` first.',
    );
    expect(review.stdout).toMatch(/✗ 2\.1 Create the ReplicationController myapp-rc \(0\/10\) ⚑ flagged/);
    expect(review.stdout).toContain('$ kubectl run nginx --image=nginx');
    const ko = await lab('exam', 'review', '1', '--lang', 'ko');
    expect(ko.stdout).toContain('이 문제는 컨텍스트 k8s-c2를 씁니다');
    expect((await lab('exam', 'review', '2')).stderr).toBe(
      'error: There is no exam 2; one exam has been submitted, give 1 to 1.',
    );
  });
});
