import { describe, expect, it } from 'vitest';
import { fixture, run } from './fixtures.js';

const objects = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  controlledBy: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
};
const image = (name: string) => ({ spec: { template: { spec: { containers: [{ name: 'nginx', image: name }] } } } });

describe('check kind any', () => {
  it('passes when an object of the set matches: the ReplicaSet of nginx:1.27 is kept in the history', async () => {
    // The lab's solution rolled out nginx:1.27 (revision 2), then undid it (revision 3, nginx:1.26).
    const outcome = await run('any', { objects, expect: image('nginx:1.27') }, fixture('deployment-rollout'));
    expect(outcome).toEqual({
      pass: true,
      summary: '1 of the ReplicaSets controlled by Deployment web matches: web-5974c5bb9c',
      problems: [],
    });
  });

  it('fails when none matches, and shows the closest object: the newest revision among equally close ones', async () => {
    // web-5974c5bb9c is revision 2 (nginx:1.27) and first in the list; web-59884c654b is revision 3 (nginx:1.26).
    const outcome = await run('any', { objects, expect: image('nginx:1.25') }, fixture('deployment-rollout'));
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe(
      'expected at least 1 of the ReplicaSets controlled by Deployment web to match, found 0; the closest, web-59884c654b, differs',
    );
    expect(outcome.problems).toEqual([
      {
        message: 'web-59884c654b spec.template.spec.containers[0].image: expected "nginx:1.25", but found "nginx:1.26"',
        path: 'spec.template.spec.containers[0].image',
        expected: 'nginx:1.25',
        actual: 'nginx:1.26',
      },
    ]);
  });

  it('fails when every object matches but there are fewer than min', async () => {
    const outcome = await run(
      'any',
      { objects, expect: { spec: { template: { spec: { containers: [{ name: 'nginx' }] } } } }, min: 3 },
      fixture('deployment-rollout'),
    );
    const message =
      'expected at least 3 of the ReplicaSets controlled by Deployment web to match, but there are only 2: web-5974c5bb9c, web-59884c654b';
    expect(outcome).toEqual({ pass: false, summary: message, problems: [{ message, expected: 3, actual: 2 }] });
  });

  it('fails when the set is empty', async () => {
    const outcome = await run(
      'any',
      { objects: { ...objects, controlledBy: { ...objects.controlledBy, name: 'api' } } },
      fixture('deployment-rollout'),
    );
    expect(outcome).toEqual({
      pass: false,
      summary: 'there are no ReplicaSets controlled by Deployment api',
      problems: [],
    });
  });
});
