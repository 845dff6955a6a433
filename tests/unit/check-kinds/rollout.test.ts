import { describe, expect, it } from 'vitest';
import { fixture, named, run } from './fixtures.js';

describe('check kind rollout', () => {
  it('passes when the Deployment is fully rolled out at the revision asked', async () => {
    const outcome = await run('rollout', { deployment: 'web', minRevision: 2 }, fixture('deployment-rollout'));
    expect(outcome).toEqual({
      pass: true,
      summary: 'Deployment web is fully rolled out at revision 3 (3/3 available)',
      problems: [],
    });
  });

  it('fails while old Pods remain and new ones are not available', async () => {
    const objects = fixture('deployment-rollout');
    Object.assign(named(objects, 'Deployment', 'web').status, {
      replicas: 4,
      updatedReplicas: 1,
      availableReplicas: 3,
    });
    const outcome = await run('rollout', { deployment: 'web' }, objects);
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe(
      'the rollout of Deployment web is not complete: status.updatedReplicas: expected 3, found 1 (Pods running the current template)',
    );
    expect(outcome.problems).toEqual([
      {
        message: 'status.updatedReplicas: expected 3, found 1 (Pods running the current template)',
        path: 'status.updatedReplicas',
        expected: 3,
        actual: 1,
      },
      {
        message: 'status.replicas: expected 3, found 4 (Pods in total, old ones included)',
        path: 'status.replicas',
        expected: 3,
        actual: 4,
      },
    ]);
  });

  it('fails at another revision than the one asked', async () => {
    const outcome = await run('rollout', { deployment: 'web', revision: 2 }, fixture('deployment-rollout'));
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe('the rollout of Deployment web is not complete: revision: expected 2, found 3');
    expect(outcome.problems).toEqual([
      {
        message: 'revision: expected 2, found 3',
        path: 'metadata.annotations["deployment.kubernetes.io/revision"]',
        expected: 2,
        actual: 3,
      },
    ]);
  });

  it('fails when no rollout has happened yet', async () => {
    const objects = fixture('deployment-rollout');
    named(objects, 'Deployment', 'web').metadata!.annotations!['deployment.kubernetes.io/revision'] = '1';
    const outcome = await run('rollout', { deployment: 'web', minRevision: 2 }, objects);
    expect(outcome.pass).toBe(false);
    expect(outcome.problems).toEqual([
      {
        message: 'revision: expected at least 2, found 1; no rollout has happened yet',
        path: 'metadata.annotations["deployment.kubernetes.io/revision"]',
        expected: 2,
        actual: 1,
      },
    ]);
  });

  it('fails while the controller has not seen the latest change', async () => {
    const objects = fixture('deployment-rollout');
    const web = named(objects, 'Deployment', 'web');
    web.metadata!.generation = (web.status.observedGeneration as number) + 1;
    const outcome = await run('rollout', { deployment: 'web' }, objects);
    expect(outcome.summary).toBe(
      'the rollout of Deployment web is not complete: the Deployment controller has not seen the latest change yet',
    );
  });
});
