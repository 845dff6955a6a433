import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearSolutionMark, readProgress, recordCheck, recordSolution } from '../../src/progress/store.js';
import { groupByDomain, renderProgress } from '../../src/progress/present.js';
import { memoryLog } from '../../src/util/log.js';

// A pass on the reference solution (`lab solution --apply`) is "solved with the solution",
// never the learner's first pass; a reset gives the learner the next pass again.

let state: string;
beforeEach(() => {
  state = mkdtempSync(join(tmpdir(), 'cka-lab-learner-progress-'));
  process.env.XDG_STATE_HOME = state;
});
afterEach(() => rmSync(state, { recursive: true, force: true }));
const at = (iso: string) => new Date(iso);

describe('progress: passes on the reference solution', () => {
  it('records solution --apply as solved with the solution, not as a first pass, and not as an attempt', () => {
    const log = memoryLog();
    recordCheck('pods', false, at('2026-05-01T10:00:00.000Z'), log);
    recordSolution('pods', true, at('2026-05-01T10:01:00.000Z'), log);
    expect(readProgress().labs.pods).toEqual({
      attempts: 1,
      lastCheckedAt: '2026-05-01T10:00:00.000Z',
      solutionAppliedAt: '2026-05-01T10:01:00.000Z',
      solvedWithSolutionAt: '2026-05-01T10:01:00.000Z',
    });
  });

  it('counts a lab check that passes after the solution as the solution, until a reset clears the mark', () => {
    const log = memoryLog();
    recordSolution('pods', false, at('2026-05-01T10:00:00.000Z'), log); // applied, not passing yet
    expect(recordCheck('pods', true, at('2026-05-01T10:02:00.000Z'), log)).toBe('solution');
    let pods = readProgress().labs.pods!;
    expect(pods.firstPassedAt).toBeUndefined();
    expect(pods.solvedWithSolutionAt).toBe('2026-05-01T10:02:00.000Z');
    expect(pods.attempts).toBe(1);

    clearSolutionMark('pods', log); // lab reset
    expect(recordCheck('pods', false, at('2026-05-01T10:03:00.000Z'), log)).toBe('fail');
    expect(recordCheck('pods', true, at('2026-05-01T10:09:00.000Z'), log)).toBe('own');
    pods = readProgress().labs.pods!;
    expect(pods.firstPassedAt).toBe('2026-05-01T10:09:00.000Z');
    expect(pods.solvedWithSolutionAt).toBe('2026-05-01T10:02:00.000Z'); // kept
    expect(pods.solutionAppliedAt).toBeUndefined();
    expect(log.lines).toEqual([]);
  });

  it('keeps an earlier own first pass when the solution is applied later', () => {
    const log = memoryLog();
    recordCheck('pods', true, at('2026-05-01T10:00:00.000Z'), log);
    recordSolution('pods', true, at('2026-05-02T10:00:00.000Z'), log);
    recordCheck('pods', true, at('2026-05-02T10:01:00.000Z'), log);
    expect(readProgress().labs.pods).toMatchObject({
      firstPassedAt: '2026-05-01T10:00:00.000Z',
      solvedWithSolutionAt: '2026-05-02T10:00:00.000Z',
    });
  });

  it('clears nothing (and writes nothing) for a lab without a mark', () => {
    clearSolutionMark('pods', memoryLog());
    expect(readProgress().labs).toEqual({});
  });

  it('does not count a lab solved only with the solution as passed in lab progress', () => {
    recordSolution('pods', true, at('2026-05-01T10:00:00.000Z'), memoryLog());
    const domains = groupByDomain([{ id: 'pods', title: 'Pods', domain: 'Workloads & Scheduling' }], readProgress());
    expect(domains[0]).toMatchObject({ passed: 0, total: 1 });
    expect(domains[0]!.labs[0]).toMatchObject({
      firstPassedAt: null,
      solvedWithSolutionAt: '2026-05-01T10:00:00.000Z',
    });
    expect(renderProgress(domains, [])).toMatch(/- \(solution 2026-05-01 \d\d:\d\d\)/);
  });
});
