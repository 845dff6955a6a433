import { describe, expect, it } from 'vitest';
import { editDistance, nearMiss } from '../../../src/checks/describe.js';
import { fixture, run } from './fixtures.js';

describe('failure messages name the actual mistake', () => {
  it('finds near-miss names by edit distance', () => {
    expect(editDistance('frontend-lb', 'front-end-lb')).toBe(1);
    expect(editDistance('web', 'wbe')).toBe(2);
    expect(nearMiss('front-end-lb', ['back-end', 'frontend-lb', 'front-end'])).toBe('frontend-lb');
    expect(nearMiss('front-end-lb', ['back-end-lb'])).toBeUndefined();
    expect(nearMiss('web', ['api', 'db'])).toBeUndefined();
    expect(nearMiss('web', ['webs'])).toBe('webs');
  });

  it('asks "did you mean" for a missing object with a near-miss name of the same kind', async () => {
    const outcome = await run(
      'object',
      { target: { apiVersion: 'v1', kind: 'Service', name: 'frontend-lb' } },
      fixture('services'),
      { namespace: 'lab-service-loadbalancer' },
    );
    expect(outcome.summary).toBe(
      'Service frontend-lb (v1) does not exist in namespace lab-service-loadbalancer; did you mean Service front-end-lb? (the name must be exact)',
    );
    const ko = await run('endpoints', { service: 'backend' }, fixture('services'), {
      namespace: 'lab-service-clusterip',
      lang: 'ko',
    });
    expect(ko.summary).toContain('Service back-end를 말한 건가요?');
  });
});
