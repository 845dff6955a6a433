import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, run } from './fixtures.js';
import type { KubeObject } from '../../../src/kube/types.js';

/**
 * tests/fixtures/check-kinds/disruption-budgets.json: `kubectl get pdb,pods -o json` in the namespace of
 * the disruptions lab on the local cluster (Deployment web: 3 Pods app=web,tier=frontend; batch: 3 Pods
 * app=batch,tier=frontend), after applying the lab's PodDisruptionBudgets renamed: web-pdb (minAvailable
 * 2, app=web), pdb-min-1, pdb-max-2 (maxUnavailable 2), pdb-min-3, pdb-tier (minAvailable 2,
 * tier=frontend), pdb-webapp (app=webapp), pdb-percent (minAvailable 66%), pdb-max-33-percent
 * (maxUnavailable 33%). Statuses as the disruption controller wrote them; managedFields removed.
 */
const objects = (): KubeObject[] =>
  (JSON.parse(readFileSync(join(FIXTURES, 'disruption-budgets.json'), 'utf8')) as { items: KubeObject[] }).items;
const want = { pods: 3, keeps: 2, allows: 1 };

describe('check kind disruption-budget', () => {
  it('passes minAvailable 2, maxUnavailable 33% and minAvailable 66% alike: they keep 2 of 3', async () => {
    for (const [name, rule] of [
      ['web-pdb', 'minAvailable 2'],
      ['pdb-max-33-percent', 'maxUnavailable 33%'],
      ['pdb-percent', 'minAvailable 66%'],
    ]) {
      const outcome = await run('disruption-budget', { name, ...want }, objects());
      expect(outcome).toEqual({
        pass: true,
        summary: `PodDisruptionBudget ${name} (${rule}) keeps 2 of 3 Pods available and allows 1 eviction now`,
        problems: [],
      });
    }
  });

  it('fails a budget that keeps too few, or too many', async () => {
    const min1 = await run('disruption-budget', { name: 'pdb-min-1', ...want }, objects());
    expect(min1.pass).toBe(false);
    expect(min1.summary).toBe(
      'PodDisruptionBudget pdb-min-1 (minAvailable 1) keeps 1 of its 3 Pods available, but the task asks to keep 2',
    );
    expect(min1.problems.map((p) => [p.path, p.expected, p.actual])).toEqual([
      ['status.desiredHealthy', 2, 1],
      ['status.disruptionsAllowed', 1, 2],
    ]);
    const max2 = await run('disruption-budget', { name: 'pdb-max-2', ...want }, objects());
    expect(max2.summary).toContain('(maxUnavailable 2) keeps 1 of its 3 Pods available');
    const min3 = await run('disruption-budget', { name: 'pdb-min-3', allows: 1 }, objects());
    expect(min3.summary).toBe(
      'PodDisruptionBudget pdb-min-3 allows 0 evictions now (3 healthy, 3 to keep), but the task expects 1',
    );
  });

  it('fails a selector that covers other Pods, or none', async () => {
    const tier = await run('disruption-budget', { name: 'pdb-tier', ...want }, objects());
    expect(tier.summary).toBe(
      'PodDisruptionBudget pdb-tier covers 6 Pods (selector tier=frontend), but the task means the 3 Pods of its workload',
    );
    const none = await run('disruption-budget', { name: 'pdb-webapp', ...want }, objects());
    expect(none.summary).toBe(
      'PodDisruptionBudget pdb-webapp covers no Pod: its selector app=webapp selects none (kubectl get pods --show-labels)',
    );
    expect(none.problems[0]).toMatchObject({ path: 'status.expectedPods', expected: 3, actual: 0 });
  });

  it('fails a budget whose status the controller has not caught up with, and a missing one', async () => {
    const stale = objects().map((o) =>
      o.metadata?.name === 'web-pdb' ? { ...o, metadata: { ...o.metadata, generation: 2 } } : o,
    );
    const outcome = await run('disruption-budget', { name: 'web-pdb', ...want }, stale);
    expect(outcome.summary).toContain('the disruption controller has not read PodDisruptionBudget web-pdb');
    const missing = await run('disruption-budget', { name: 'web-pdp', ...want }, objects());
    expect(missing.pass).toBe(false);
    expect(missing.summary).toContain('web-pdp');
  });

  it('says it in Korean', async () => {
    const outcome = await run('disruption-budget', { name: 'pdb-min-1', ...want }, objects(), { lang: 'ko' });
    expect(outcome.summary).toBe(
      'PodDisruptionBudget pdb-min-1은 Pod 3개 중 1개를 남기지만(minAvailable 1), 과제는 2개를 남기라고 합니다',
    );
  });
});
