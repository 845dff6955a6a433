import { describe, expect, it } from 'vitest';
import { fixture, named, run } from './fixtures.js';

const target = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'myapp-replicaset' };

describe('check kind selector', () => {
  it('passes when the selector selects the labels and its own template', async () => {
    const outcome = await run(
      'selector',
      { target, selects: { app: 'myapp' }, selectsTemplate: true },
      fixture('replicaset'),
    );
    expect(outcome).toEqual({
      pass: true,
      summary: "ReplicaSet myapp-replicaset's selector app=myapp selects app=myapp and its template",
      problems: [],
    });
  });

  it('fails when the selector does not select the labels', async () => {
    const outcome = await run('selector', { target, selects: { app: 'my-app' } }, fixture('replicaset'));
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe(
      'ReplicaSet myapp-replicaset: the selector app=myapp does not select Pods labelled app=my-app',
    );
    expect(outcome.problems).toEqual([
      {
        message: 'the selector app=myapp does not select Pods labelled app=my-app',
        path: 'spec.selector',
        expected: { app: 'my-app' },
        actual: { matchLabels: { app: 'myapp' } },
      },
    ]);
  });

  it('fails when the selector also selects Pods it must exclude', async () => {
    const outcome = await run(
      'selector',
      {
        target: { apiVersion: 'v1', kind: 'Service', name: 'back-end' },
        excludes: { app: 'myapp', type: 'front-end' },
      },
      (() => {
        const objects = fixture('service-clusterip');
        named(objects, 'Service', 'back-end').spec.selector = { app: 'myapp' };
        return objects;
      })(),
    );
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe(
      'Service back-end: the selector app=myapp also selects Pods labelled app=myapp, type=front-end; add a label that tells them apart',
    );
    expect(outcome.problems).toEqual([
      {
        message:
          'the selector app=myapp also selects Pods labelled app=myapp, type=front-end; add a label that tells them apart',
        path: 'spec.selector',
        actual: { app: 'myapp' },
      },
    ]);
  });

  it("fails when the selector does not match the template's labels", async () => {
    const objects = fixture('replicaset');
    named(objects, 'ReplicaSet', 'myapp-replicaset').spec.template.metadata.labels = { app: 'other' };
    const outcome = await run('selector', { target, selectsTemplate: true }, objects);
    expect(outcome.pass).toBe(false);
    expect(outcome.problems).toEqual([
      {
        message: "the selector app=myapp does not match the template's labels app=other",
        path: 'spec.template.metadata.labels',
        expected: { matchLabels: { app: 'myapp' } },
        actual: { app: 'other' },
      },
    ]);
  });
});
