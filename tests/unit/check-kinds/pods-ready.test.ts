import { describe, expect, it } from 'vitest';
import { fixture, makeNotReady, named, run } from './fixtures.js';

describe('check kind pods-ready', () => {
  it('passes when exactly count Pods matching the selector are Ready', async () => {
    const outcome = await run('pods-ready', { selector: { app: 'myapp' }, count: 6 }, fixture('replicaset'));
    expect(outcome).toEqual({ pass: true, summary: '6 Pods with app=myapp are Ready', problems: [] });
  });

  it('passes for Pods named in names', async () => {
    const outcome = await run(
      'pods-ready',
      { names: ['back-end-1', 'back-end-2'], count: 2 },
      fixture('service-clusterip'),
    );
    expect(outcome).toEqual({ pass: true, summary: '2 Pods with name back-end-1, back-end-2 are Ready', problems: [] });
  });

  it('fails with too few Ready Pods, and says why each other Pod is not Ready', async () => {
    const objects = fixture('replicaset');
    makeNotReady(named(objects, 'Pod', 'myapp-pod-1'));
    const outcome = await run('pods-ready', { selector: { app: 'myapp' }, count: 6 }, objects);
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe('expected 6 Ready Pods with app=myapp, but found 5 Ready (of 6 matching)');
    expect(outcome.problems).toEqual([
      { message: 'Ready Pods with app=myapp: expected 6, found 5', path: 'pods', expected: 6, actual: 5 },
      { message: 'Pod myapp-pod-1 is not Ready: ImagePullBackOff' },
    ]);
  });

  it('fails with too many Ready Pods, and names a Pod that does not exist', async () => {
    const outcome = await run(
      'pods-ready',
      { names: ['back-end-1', 'back-end-4'], count: 0 },
      fixture('service-clusterip'),
    );
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe(
      'expected 0 Ready Pods with name back-end-1, back-end-4, but found 1 Ready (of 1 matching)',
    );
    expect(outcome.problems).toEqual([
      {
        message: 'Ready Pods with name back-end-1, back-end-4: expected 0, found 1',
        path: 'pods',
        expected: 0,
        actual: 1,
      },
      { message: 'Pod back-end-4 does not exist' },
    ]);
  });
});
