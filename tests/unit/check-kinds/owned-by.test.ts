import { describe, expect, it } from 'vitest';
import { fixture, named, run } from './fixtures.js';

const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'myapp-replicaset' };

describe('check kind owned-by', () => {
  it('passes when every Pod of the set has the ReplicaSet as its controller (adopted Pods included)', async () => {
    const outcome = await run(
      'owned-by',
      { objects: { names: ['myapp-pod-1', 'myapp-pod-2'] }, owner: rs },
      fixture('replicaset'),
    );
    expect(outcome).toEqual({
      pass: true,
      summary: 'all 2 Pods are owned by ReplicaSet myapp-replicaset',
      problems: [],
    });
  });

  it('passes through a controller chain: Pods -> a ReplicaSet -> Deployment web', async () => {
    const owner = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      controlledBy: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    };
    const outcome = await run(
      'owned-by',
      { objects: { selector: { app: 'web' } }, owner },
      fixture('deployment-rollout'),
    );
    expect(outcome).toEqual({
      pass: true,
      summary: 'all 3 Pods are owned by a ReplicaSet of Deployment web',
      problems: [],
    });
  });

  it('fails for a Pod with no controller, and names its labels', async () => {
    const objects = fixture('replicaset');
    named(objects, 'Pod', 'myapp-pod-2').metadata!.ownerReferences = undefined;
    const outcome = await run('owned-by', { objects: { names: ['myapp-pod-2'] }, owner: rs }, objects);
    expect(outcome.pass).toBe(false);
    const message =
      'Pod myapp-pod-2 has no controller in ownerReferences, so ReplicaSet myapp-replicaset did not adopt it; its labels are app=myapp, does the selector match them?';
    expect(outcome.summary).toBe(message);
    expect(outcome.problems).toEqual([
      {
        message,
        path: 'Pod myapp-pod-2 metadata.ownerReferences',
        expected: 'ReplicaSet myapp-replicaset',
        actual: undefined,
      },
    ]);
  });

  it('fails for Pods owned by an earlier object of the same name (deleted and made again)', async () => {
    const objects = fixture('replicaset');
    named(objects, 'ReplicaSet', 'myapp-replicaset').metadata!.uid = '00000000-0000-0000-0000-000000000000';
    const outcome = await run('owned-by', { objects: { names: ['myapp-pod-1'] }, owner: rs }, objects);
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe(
      'Pod myapp-pod-1 is owned by an earlier ReplicaSet myapp-replicaset that was deleted and recreated',
    );
    expect(outcome.problems).toEqual([
      {
        message: 'Pod myapp-pod-1 is owned by an earlier ReplicaSet myapp-replicaset that was deleted and recreated',
        path: 'Pod myapp-pod-1 metadata.ownerReferences',
        expected: 'ReplicaSet myapp-replicaset',
        actual: 'ReplicaSet myapp-replicaset',
      },
    ]);
  });

  it('fails when a named Pod no longer exists', async () => {
    const outcome = await run(
      'owned-by',
      { objects: { names: ['myapp-pod-1', 'myapp-pod-3'] }, owner: rs },
      fixture('replicaset'),
    );
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe(
      'Pod myapp-pod-3 no longer exists, so it cannot be owned by ReplicaSet myapp-replicaset; it was deleted or replaced',
    );
    expect(outcome.problems).toHaveLength(1);
  });

  it('names a stray Pod made by hand beside a Deployment as the stray Pod, not the selector', async () => {
    const objects = fixture('deployment-rollout');
    const pod = structuredClone(objects.find((o) => o.kind === 'Pod')!);
    pod.metadata = { name: 'web-extra', namespace: pod.metadata!.namespace, labels: { app: 'web' }, uid: 'stray' };
    objects.push(pod);
    const owner = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      controlledBy: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    };
    const outcome = await run('owned-by', { objects: { selector: { app: 'web' } }, owner }, objects);
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe(
      'Pod web-extra is a stray Pod: no controller owns it (it was made by hand, labelled app=web), so it is not one of a ReplicaSet of Deployment web; delete it (kubectl delete pod web-extra)',
    );
  });
});
