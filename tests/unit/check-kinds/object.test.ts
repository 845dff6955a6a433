import { describe, expect, it } from 'vitest';
import { fixture, named, run } from './fixtures.js';

const target = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'myapp-replicaset' };

describe('check kind object', () => {
  it('passes when the fields written in expect match', async () => {
    const outcome = await run(
      'object',
      { target, expect: { spec: { replicas: 6, selector: { matchLabels: { app: 'myapp' } } } } },
      fixture('replicaset'),
    );
    expect(outcome).toEqual({
      pass: true,
      summary: 'ReplicaSet myapp-replicaset has the expected fields',
      problems: [],
    });
  });

  it('names each field that differs, with expected and actual', async () => {
    const objects = fixture('replicaset');
    named(objects, 'ReplicaSet', 'myapp-replicaset').spec.replicas = 4;
    const outcome = await run(
      'object',
      { target, expect: { spec: { replicas: 6, template: { metadata: { labels: { app: 'my-app' } } } } } },
      objects,
    );
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe('ReplicaSet myapp-replicaset: 2 fields do not match');
    expect(outcome.problems).toEqual([
      { message: 'spec.replicas: expected 6, but found 4', path: 'spec.replicas', expected: 6, actual: 4 },
      {
        message: 'spec.template.metadata.labels.app: expected "my-app", but found "myapp"',
        path: 'spec.template.metadata.labels.app',
        expected: 'my-app',
        actual: 'myapp',
      },
    ]);
  });

  it('says the object does not exist, and names a workload of another kind with that name', async () => {
    const outcome = await run(
      'object',
      { target: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'myapp-replicaset' } },
      fixture('replicaset'),
      {
        namespace: 'lab-replicaset',
      },
    );
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe(
      'Deployment myapp-replicaset (apps/v1) does not exist in namespace lab-replicaset; there is a ReplicaSet with that name, so check the kind (and apiVersion apps/v1)',
    );
    expect(outcome.problems).toEqual([]);
  });

  it('writes its messages in Korean with lang ko', async () => {
    const outcome = await run('object', { target, expect: { spec: { replicas: 3 } } }, fixture('replicaset'), {
      lang: 'ko',
    });
    expect(outcome.summary).toBe('ReplicaSet myapp-replicaset: 필드 1개가 일치하지 않습니다');
    expect(outcome.problems[0]).toMatchObject({ path: 'spec.replicas', expected: 3, actual: 6 });
  });
});
