import { describe, expect, it } from 'vitest';
import type { CheckResult, LabReport } from '../../src/checks/result.js';
import { renderText } from '../../src/report/text.js';

const missing = 'ReplicaSet myapp-replicaset (apps/v1)이 namespace lab-replicaset에 없습니다';
const check = (id: string, pass: boolean, message = ''): CheckResult => ({
  id,
  title: `${id} 검사`,
  pass,
  summary: pass ? '통과' : message,
  problems: pass ? [] : [{ message }],
  durationMs: 1,
});

/** A hand-built report: task 1 fails twice for one cause, task 2 passes. */
const report = (lang: LabReport['lang'], allPass = false): LabReport => {
  const first = allPass
    ? [check('rs-exists', true), check('rs-replicas', true)]
    : [check('rs-exists', false, missing), check('rs-replicas', false, missing)];
  const tasks = [
    { id: 'create', title: 'ReplicaSet 만들기', points: 2, pass: allPass, checks: first },
    { id: 'pods', title: 'Pod 확인', points: 1, pass: true, checks: [check('pods-ready', true)] },
  ];
  const passed = tasks.flatMap((t) => t.checks).filter((c) => c.pass).length;
  return {
    lab: 'replicaset',
    title: 'ReplicaSet',
    namespace: 'lab-replicaset',
    pass: allPass,
    tasks,
    passed,
    failed: 3 - passed,
    durationMs: 5,
    lang,
  };
};

describe('renderText in Korean', () => {
  it('writes the task lines, the repeated cause and the summary in Korean', () => {
    expect(renderText(report('ko')).split('\n')).toEqual([
      'replicaset: ReplicaSet  (namespace lab-replicaset)',
      '',
      '실패 과제 1: ReplicaSet 만들기 (검사 0/2)',
      '  ✗ rs-exists 검사',
      `      ${missing}`,
      '  ✗ rs-replicas 검사',
      '      (위와 같은 원인)',
      '',
      '통과 과제 2: Pod 확인 (검사 1/1)',
      '  ✓ pods-ready 검사',
      '',
      '검사 3개 중 1개를 통과했습니다. 힌트를 보려면 `lab hint replicaset` 명령을 실행하세요.',
    ]);
  });

  it('says every check passes in Korean', () => {
    expect(renderText(report('ko', true)).split('\n').at(-1)).toBe('검사 3개를 모두 통과했습니다.');
  });

  it('keeps the English frame for English reports and for reports without a language', () => {
    for (const lang of ['en', undefined] as const) {
      const text = renderText(report(lang));
      expect(text).toContain('FAIL Task 1: ReplicaSet 만들기 (0/2 checks)');
      expect(text).toContain('(the same cause as above)');
      expect(text.split('\n').at(-1)).toBe('1 of 3 checks pass. Run `lab hint replicaset` for a hint.');
    }
  });
});
