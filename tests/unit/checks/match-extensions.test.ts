import { describe, expect, it } from 'vitest';
import { partialMatch } from '../../../src/checks/match.js';

describe('partial matching: $oneOf and maps of nulls', () => {
  it('$oneOf matches any of its alternatives, and says which were expected', () => {
    const expected = { spec: { replicas: { $oneOf: [3, 6] } } };
    expect(partialMatch(expected, { spec: { replicas: 3 } })).toEqual([]);
    expect(partialMatch(expected, { spec: { replicas: 6 } })).toEqual([]);
    expect(partialMatch(expected, { spec: { replicas: 5 } })).toEqual([
      { path: 'spec.replicas', expected: { $oneOf: [3, 6] }, actual: 5, reason: 'expected one of 3, 6, but found 5' },
    ]);
    expect(partialMatch(expected, { spec: {} })[0]!.reason).toBe('expected one of 3, 6, but it is not set');
    expect(partialMatch(expected, { spec: { replicas: 5 } }, '', 'ko')[0]!.reason).toBe(
      '기대값은 3, 6 중 하나인데 실제로는 5입니다',
    );
  });

  it('$oneOf alternatives are partial matches themselves, images compared as references', () => {
    const expected = { containers: [{ image: { $oneOf: ['nginx:1.26', 'nginx:1.27'] } }] };
    expect(partialMatch(expected, { containers: [{ image: 'docker.io/library/nginx:1.27' }] })).toEqual([]);
    expect(partialMatch(expected, { containers: [{ image: 'nginx:1.25' }] })).toHaveLength(1);
  });

  it('a map of only nulls matches an absent map, but not a map with the field set', () => {
    const expected = { metadata: { resourceVersion: null }, status: { observedGeneration: null } };
    expect(partialMatch(expected, { metadata: {} })).toEqual([]);
    expect(partialMatch(expected, { metadata: {}, status: {} })).toEqual([]);
    expect(partialMatch(expected, { metadata: {}, status: { observedGeneration: 1 } })).toHaveLength(1);
    expect(partialMatch({ status: {} }, {})).toHaveLength(1);
    expect(partialMatch({ status: { replicas: null, x: 1 } }, {})).toHaveLength(1);
  });
});
