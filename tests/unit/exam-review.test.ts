import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import type { LabReport } from '../../src/checks/result.js';
import { renderReview } from '../../src/exam/present-review.js';
import { renderExamResult } from '../../src/exam/present.js';
import { ExamResult } from '../../src/exam/result.js';
import { taskReview } from '../../src/exam/review.js';
import { scoreExam } from '../../src/exam/score.js';
import { resolveTask, type ExamTask } from '../../src/exam/tasks.js';
import { loadLab } from '../../src/labs/loader.js';
import { textIn } from '../../src/i18n/text.js';
import { UsageError } from '../../src/errors.js';

// The review after an exam: each task with what was right, what was wrong and the reference
// solution, kept in the exam's record. Reports here are as runChecks makes them (real check
// ids and titles of the labs); the cluster test makes them on the cluster.

const timing = {
  startedAt: new Date('2026-05-01T10:00:00Z'),
  deadline: new Date('2026-05-01T12:00:00Z'),
  submittedAt: new Date('2026-05-01T11:00:00Z'),
};

async function fixture(): Promise<{ result: ExamResult; reports: LabReport[] }> {
  const pods = await loadLab('pods');
  const rc = await loadLab('replicationcontroller');
  const check = (id: string, title: string, pass: boolean, summary: string, problems: string[] = []) => ({
    id,
    title,
    pass,
    summary,
    problems: problems.map((message) => ({ message })),
    durationMs: 1,
  });
  const podsReport: LabReport = {
    lab: 'pods',
    title: 'Pods',
    namespace: 'lab-pods',
    pass: false,
    passed: 1,
    failed: 0,
    durationMs: 5,
    tasks: pods.tasks.map((t, i) => ({
      id: t.id,
      title: textIn(t.title, 'en'),
      points: t.points,
      pass: i === 0,
      checks: [check(`${t.id}-c`, `check of ${t.id}`, i === 0, i === 0 ? 'as asked' : 'not done')],
    })),
  };
  const missing =
    'ReplicationController myapp-rc (v1) does not exist in namespace lab-replicationcontroller, ' +
    'but it exists in namespace lab-pods';
  const rcReport: LabReport = {
    lab: 'replicationcontroller',
    title: 'RC',
    namespace: 'lab-replicationcontroller',
    pass: false,
    passed: 0,
    failed: 2,
    durationMs: 5,
    tasks: rc.tasks.map((t) => ({
      id: t.id,
      title: textIn(t.title, 'en'),
      points: t.points,
      pass: false,
      checks: [check('rc-exists', 'The ReplicationController myapp-rc exists', false, missing, [missing, 'and more'])],
    })),
  };
  const reports = [podsReport, rcReport];
  const scored = scoreExam(reports, timing);
  const labs = { pods, replicationcontroller: rc } as const;
  const result: ExamResult = {
    ...scored,
    lang: 'en',
    tasks: scored.tasks.map((t) => {
      const lab = labs[t.lab as keyof typeof labs];
      const report = reports.find((r) => r.lab === t.lab)!.tasks.find((x) => x.id === t.task)!;
      const context = t.lab === 'pods' ? 'k8s-c1' : 'k8s-c2';
      const elsewhere = t.lab === 'replicationcontroller' ? { namespace: 'lab-pods', context: 'k8s-c1' } : undefined;
      return {
        ...t,
        context,
        ...(t.number === '2.1' ? { flagged: true } : {}),
        review: taskReview(
          report,
          lab.tasks.find((x) => x.id === t.task)!,
          elsewhere,
        ),
      };
    }),
  };
  return { result, reports };
}

describe('the exam review', () => {
  it('numbers the tasks as the paper does and keeps right, wrong and the solution of each', async () => {
    const { result } = await fixture();
    expect(result.tasks.map((t) => t.number)).toEqual(['1.1', '1.2', '1.3', '2.1']);
    const first = result.tasks[0]!.review!;
    expect(first.right).toEqual([{ check: 'check of run-nginx', summary: 'as asked' }]);
    expect(first.wrong).toEqual([]);
    expect(first.solution).toEqual([
      { run: 'kubectl run nginx --image=nginx', file: 'manifests/pods/solution/nginx.yaml' },
    ]);
    const rc = result.tasks[3]!.review!;
    expect(rc.wrong).toEqual([
      { check: 'The ReplicationController myapp-rc exists', summary: expect.any(String), problems: ['and more'] },
    ]);
    expect(rc.elsewhere).toEqual({ namespace: 'lab-pods', context: 'k8s-c1' });
    // What progress.json keeps: the record schema keeps every field of the review.
    expect(v.parse(ExamResult, JSON.parse(JSON.stringify(result)))).toEqual(result);
  });

  it('still reads records from before reviews, and says they only have a score', async () => {
    const { result } = await fixture();
    const old = {
      ...result,
      lang: undefined,
      tasks: result.tasks.map(({ review: _r, number: _n, context: _c, flagged: _f, ...t }) => t),
    };
    const parsed = v.parse(ExamResult, JSON.parse(JSON.stringify(old)));
    const text = renderReview(parsed, 'en');
    expect(text).toContain('✓ run-nginx');
    expect(text).toContain('Exams submitted before reviews were kept show only their score.');
  });

  it('shows each task with its points, flag, right and wrong checks, the context to use and the solution', async () => {
    const { result } = await fixture();
    const text = renderReview(result, 'en');
    const lines = text.split('\n');
    expect(lines[0]).toMatch(
      /^Review of the exam submitted \d{4}-\d\d-\d\d \d\d:\d\d:\d\d: 15% \(3 of 20 points\) FAIL$/,
    );
    expect(text).toContain('Question 1: pods (context k8s-c1, namespace lab-pods)');
    expect(text).toContain('Question 2: replicationcontroller (context k8s-c2, namespace lab-replicationcontroller)');
    expect(text).toContain('✓ 1.1 ');
    expect(text).toMatch(/✗ 2\.1 Create the ReplicationController myapp-rc \(0\/10\) ⚑ flagged/);
    expect(text).toContain('      ✓ check of run-nginx');
    expect(text).toContain('      ✗ The ReplicationController myapp-rc exists: ReplicationController myapp-rc (v1)');
    expect(text).toContain(
      'Your work seems to be in context k8s-c1 (namespace lab-pods), but this question uses context k8s-c2: ' +
        'switch with `kubectl config use-context k8s-c2` first.',
    );
    expect(text).toContain('Reference solution (with its YAML: `lab solution replicationcontroller`):');
    expect(text).toContain(
      '      $ kubectl create -f rc-definition.yml   # manifests/replicationcontroller/solution/rc-definition.yml',
    );
  });

  it('speaks Korean with the particles right after the words', async () => {
    const { result } = await fixture();
    const text = renderReview(result, 'ko');
    expect(text).toContain('문제 2: replicationcontroller (컨텍스트 k8s-c2, namespace lab-replicationcontroller)');
    expect(text).toContain('이 문제는 컨텍스트 k8s-c2를 씁니다');
    expect(text).toContain('맞은 것:');
    expect(text).toContain('틀린 것:');
    expect(text).toContain('⚑ 검토 표시');
    expect(text).not.toMatch(/ (을|를|이|가|은|는)\b/u);
    expect(text).not.toMatch(/\((을|를|이|가)\)/u);
  });

  it('puts the context to use under a failed task of the score sheet', async () => {
    const { result, reports } = await fixture();
    const sheet = renderExamResult(result, reports, 'en');
    expect(sheet.replace(/[│\s]+/g, ' ')).toContain(
      'Your work seems to be in context k8s-c1 (namespace lab-pods), but this question uses context k8s-c2',
    );
  });
});

describe('naming a task to flag', () => {
  const tasks: ExamTask[] = [
    { number: '1.1', lab: 'pods', task: 'create', key: 'pods/create', title: 'a' },
    { number: '1.2', lab: 'pods', task: 'fix-redis', key: 'pods/fix-redis', title: 'b' },
    { number: '2.1', lab: 'replicaset', task: 'create', key: 'replicaset/create', title: 'c' },
  ];
  it('takes the paper number, <lab>/<task>, or a task id only one question has', () => {
    expect(resolveTask('2.1', tasks, 'en').key).toBe('replicaset/create');
    expect(resolveTask('pods/create', tasks, 'en').number).toBe('1.1');
    expect(resolveTask(' fix-redis ', tasks, 'en').number).toBe('1.2');
  });
  it('says which tasks a shared id means, and which numbers exist', () => {
    expect(() => resolveTask('create', tasks, 'en')).toThrow(UsageError);
    expect(() => resolveTask('create', tasks, 'en')).toThrow(
      'Several questions have a task create (1.1, 2.1); give its number or <lab>/<task>.',
    );
    expect(() => resolveTask('3.1', tasks, 'en')).toThrow(
      'The exam has no task "3.1"; give a task number from the exam paper (1.1, 1.2, 2.1) or <lab>/<task>.',
    );
    expect(() => resolveTask('create', tasks, 'ko')).toThrow('과제 create가 여러 문제에 있습니다(1.1, 2.1).');
  });
});
