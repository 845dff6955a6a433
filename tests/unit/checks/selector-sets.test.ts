import { describe, expect, it } from 'vitest';
import { sameSelection, satisfiable, selectorWithin } from '../../../src/checks/selector.js';
import { fixture, named, run } from '../check-kinds/fixtures.js';

const expr = (key: string, operator: string, values?: string[]) => ({
  matchExpressions: [{ key, operator, ...(values && { values }) }],
});

describe('selectors compared by what they select', () => {
  it('calls equivalent spellings the same selection', () => {
    expect(sameSelection({ app: 'myapp' }, { matchLabels: { app: 'myapp' } })).toBe(true);
    expect(sameSelection({ app: 'myapp' }, expr('app', 'In', ['myapp']))).toBe(true);
    expect(
      sameSelection({ app: 'a', tier: 'web' }, { matchLabels: { tier: 'web' }, ...expr('app', 'In', ['a', 'a']) }),
    ).toBe(true);
    expect(sameSelection(expr('app', 'In', ['a', 'b']), expr('app', 'In', ['b', 'a']))).toBe(true);
    expect(sameSelection({ app: 'a' }, { app: 'b' })).toBe(false);
    expect(sameSelection(expr('app', 'In', ['a', 'b']), { app: 'a' })).toBe(false);
  });

  it('knows that app Exists selects more than app=myapp, and NotIn more than In', () => {
    expect(selectorWithin({ app: 'myapp' }, expr('app', 'Exists'))).toBe(true);
    expect(selectorWithin(expr('app', 'Exists'), { app: 'myapp' })).toBe(false);
    expect(selectorWithin(expr('app', 'NotIn', ['x']), { app: 'myapp' })).toBe(false);
    expect(selectorWithin({ app: 'myapp', tier: 'web' }, { app: 'myapp' })).toBe(true);
    expect(selectorWithin({ app: 'myapp' }, { app: 'myapp', tier: 'web' })).toBe(false);
    expect(selectorWithin(expr('app', 'In', ['a', 'b']), { app: 'a' })).toBe(false);
    expect(selectorWithin({ app: 'a' }, expr('app', 'NotIn', ['b']))).toBe(true);
    expect(selectorWithin(expr('app', 'NotIn', ['a', 'b']), expr('app', 'NotIn', ['a']))).toBe(true);
    expect(selectorWithin(expr('app', 'NotIn', ['a']), expr('app', 'NotIn', ['a', 'b']))).toBe(false);
    expect(selectorWithin(expr('app', 'DoesNotExist'), expr('app', 'NotIn', ['a']))).toBe(true);
    expect(selectorWithin(expr('app', 'DoesNotExist'), expr('app', 'Exists'))).toBe(false);
    expect(selectorWithin({}, { app: 'a' })).toBe(false);
  });

  it('finds selectors that can select nothing, which are within every selector', () => {
    const contradiction = { matchLabels: { app: 'a' }, ...expr('app', 'NotIn', ['a']) };
    expect(satisfiable(contradiction)).toBe(false);
    expect(
      satisfiable({
        matchExpressions: [
          { key: 'app', operator: 'Exists' },
          { key: 'app', operator: 'DoesNotExist' },
        ],
      }),
    ).toBe(false);
    expect(satisfiable(expr('app', 'In', []))).toBe(false);
    expect(satisfiable(expr('app', 'NotIn', []))).toBe(true);
    expect(satisfiable({ app: 'a' })).toBe(true);
    expect(selectorWithin(contradiction, { other: 'x' })).toBe(true);
  });
});

describe('check kind selector: within and excludes', () => {
  const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'myapp-replicaset' };
  const svc = { apiVersion: 'v1', kind: 'Service', name: 'back-end' };

  it('passes a selector within the one asked, and fails one that selects more (app Exists)', async () => {
    const objects = fixture('replicaset');
    expect((await run('selector', { target: rs, within: { app: 'myapp' } }, objects)).pass).toBe(true);
    named(objects, 'ReplicaSet', 'myapp-replicaset').spec.selector = expr('app', 'Exists');
    const outcome = await run('selector', { target: rs, selects: { app: 'myapp' }, within: { app: 'myapp' } }, objects);
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe(
      'ReplicaSet myapp-replicaset: the selector app selects more than app=myapp does (Pods with other labels too); narrow it to app=myapp',
    );
  });

  it('fails an excludes check when the selector selects no Pod (it would pass vacuously)', async () => {
    const objects = fixture('service-clusterip');
    named(objects, 'Service', 'back-end').spec.selector = { app: 'myapp', type: 'backend' };
    const outcome = await run('selector', { target: svc, excludes: { app: 'myapp', type: 'front-end' } }, objects, {
      namespace: 'lab-service-clusterip',
    });
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe(
      'Service back-end: the selector app=myapp,type=backend selects no Pod in lab-service-clusterip, so leaving out Pods labelled app=myapp, type=front-end proves nothing; it must select the Pods it is for',
    );
  });

  it('fails an excludes check for a selector that contradicts itself, and for an empty Service selector', async () => {
    const objects = fixture('replicaset');
    named(objects, 'ReplicaSet', 'myapp-replicaset').spec.selector = {
      matchLabels: { app: 'myapp' },
      ...expr('app', 'NotIn', ['myapp']),
    };
    const outcome = await run('selector', { target: rs, excludes: { app: 'other' } }, objects);
    expect(outcome.summary).toBe(
      'ReplicaSet myapp-replicaset: the selector app=myapp,app notin (myapp) can select no Pod at all (its requirements contradict each other), so leaving out app=other proves nothing',
    );
    const services = fixture('service-clusterip');
    named(services, 'Service', 'back-end').spec.selector = {};
    const empty = await run('selector', { target: svc, excludes: { type: 'front-end' } }, services);
    expect(empty.pass).toBe(false);
    expect(empty.summary).toBe('Service back-end has no spec.selector');
  });

  it('still passes excludes for the right selector', async () => {
    const outcome = await run(
      'selector',
      { target: svc, excludes: { app: 'myapp', type: 'front-end' } },
      fixture('service-clusterip'),
    );
    expect(outcome.pass).toBe(true);
  });
});
