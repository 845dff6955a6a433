import { describe, expect, it } from 'vitest';
import { fixture, run } from './fixtures.js';

describe('check kind absent', () => {
  it('passes when no object of the set exists', async () => {
    const outcome = await run('absent', { objects: { names: ['memcached'] } }, fixture('replicaset'));
    expect(outcome).toEqual({ pass: true, summary: 'no Pods memcached exist, as it should be', problems: [] });
  });

  it('fails when a named object exists, with expected none', async () => {
    const outcome = await run('absent', { objects: { names: ['myapp-pod-1', 'memcached'] } }, fixture('replicaset'));
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe(
      'Pods myapp-pod-1, memcached should not exist, but found myapp-pod-1; delete it (a --dry-run=client command creates nothing)',
    );
    expect(outcome.problems).toEqual([{ message: 'found Pod myapp-pod-1', expected: 'none', actual: 'myapp-pod-1' }]);
  });

  it('fails when objects match the selector, naming them all', async () => {
    const outcome = await run('absent', { objects: { selector: { type: 'front-end' } } }, fixture('service-clusterip'));
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe(
      'Pods with type=front-end should not exist, but found front-end-1, front-end-2; delete them (a --dry-run=client command creates nothing)',
    );
    expect(outcome.problems).toEqual([
      { message: 'found Pod front-end-1, front-end-2', expected: 'none', actual: 'front-end-1, front-end-2' },
    ]);
  });
});
