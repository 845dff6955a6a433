import { describe, expect, it } from 'vitest';
import { XMLParser } from 'fast-xml-parser';
import type { LabReport } from '../../src/checks/result.js';
import { partialMatch } from '../../src/checks/match.js';
import { renderJson } from '../../src/report/json.js';
import { renderJunit } from '../../src/report/junit.js';

/** A Pod as the API server returns it (trimmed), with fractional numbers where the lab expects others. */
const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web',
    namespace: 'lab-pods',
    uid: 'c0ffee00-0000-4000-8000-000000000001',
    resourceVersion: '4711',
  },
  spec: {
    containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '250m' } } }],
    terminationGracePeriodSeconds: 30,
  },
};

/** What a lab file might expect: 0.25 (not "250m"), 1.125 and 12.5 are numbers that round badly to one decimal. */
const expected = {
  metadata: { annotations: { ratio: 1.125 } },
  spec: { containers: [{ name: 'web', resources: { requests: { cpu: 0.25 } } }], terminationGracePeriodSeconds: 12.5 },
};

/** A report of one failing check, built from partialMatch's mismatches the way a check builds its problems. */
function report(): LabReport {
  const problems = partialMatch(expected, pod).map((m) => ({
    message: `${m.path}: ${m.reason}`,
    path: m.path,
    expected: m.expected,
    actual: m.actual,
  }));
  const check = {
    id: 'pod-spec',
    title: 'Pod web is as asked',
    pass: false,
    summary: `${problems.length} fields do not match`,
    problems,
    durationMs: 3.14159,
  };
  return {
    lab: 'pods',
    title: 'Pods',
    namespace: 'lab-pods',
    pass: false,
    tasks: [{ id: 'create', title: 'Create it', points: 1, pass: false, checks: [check] }],
    passed: 0,
    failed: 1,
    durationMs: 12.3456,
    lang: 'en',
  };
}

describe('-o json', () => {
  it('writes expected and actual values exactly: 0.25 stays 0.25, not 0.3', () => {
    const data = JSON.parse(renderJson(report()));
    const problems = data.tasks[0].checks[0].problems as { path: string; expected: unknown; actual: unknown }[];
    expect(problems.map((p) => [p.path, p.expected, p.actual])).toEqual([
      ['metadata.annotations', { ratio: 1.125 }, undefined],
      ['spec.containers[0].resources.requests.cpu', 0.25, '250m'],
      ['spec.terminationGracePeriodSeconds', 12.5, 30],
    ]);
  });

  it('rounds only the timings, to 0.1 ms, and the same for a list of reports', () => {
    const one = JSON.parse(renderJson(report()));
    expect(one.durationMs).toBe(12.3);
    expect(one.tasks[0].checks[0].durationMs).toBe(3.1);
    const [first] = JSON.parse(renderJson([report(), report()]));
    expect(first.durationMs).toBe(12.3);
    expect(first.tasks[0].checks[0].problems[1].expected).toBe(0.25);
  });

  it('does not change the report it renders', () => {
    const r = report();
    renderJson(r);
    expect(r.durationMs).toBe(12.3456);
  });
});

describe('-o junit', () => {
  const parse = (xml: string) => new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);

  it('puts every problem, with expected vs actual, in the <failure> body that CI views show', () => {
    const testcase = parse(renderJunit([report()])).testsuites.testsuite.testcase;
    const body: string = testcase.failure['#text'];
    expect(testcase.failure.message).toBe('3 fields do not match');
    expect(testcase.failure.type).toBe('CheckFailed');
    expect(body).toContain('field: spec.terminationGracePeriodSeconds\n  expected: 12.5\n  actual: 30');
    expect(body).toContain('field: spec.containers[0].resources.requests.cpu\n  expected: 0.25\n  actual: "250m"');
    expect(body).toContain('field: metadata.annotations\n  expected: {ratio: 1.125}\n  actual: nothing');
    expect(testcase['system-out']).toBe(body); // kept for tools that read only system-out
  });

  it('gives a failing check without problems its summary as the body', () => {
    const r = report();
    r.tasks[0]!.checks[0]!.problems = [];
    expect(parse(renderJunit([r])).testsuites.testsuite.testcase.failure['#text']).toBe('3 fields do not match');
  });
});
