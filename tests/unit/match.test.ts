import { describe, expect, it } from 'vitest';
import { partialMatch } from '../../src/checks/match.js';

describe('partialMatch', () => {
  it('compares only the fields written in the expectation', () => {
    const actual = { spec: { replicas: 3, paused: false }, metadata: { name: 'x' } };
    expect(partialMatch({ spec: { replicas: 3 } }, actual)).toEqual([]);
  });

  it('reports every mismatching field with its path, expected and actual', () => {
    const problems = partialMatch({ spec: { replicas: 6, minReadySeconds: 5 } }, { spec: { replicas: 3 } });
    expect(problems).toEqual([
      { path: 'spec.replicas', expected: 6, actual: 3, reason: 'expected 6, but found 3' },
      { path: 'spec.minReadySeconds', expected: 5, actual: undefined, reason: 'expected 5, but it is not set' },
    ]);
  });

  it('matches lists in any order', () => {
    const actual = {
      ports: [
        { name: 'b', port: 443 },
        { name: 'a', port: 80 },
      ],
    };
    expect(partialMatch({ ports: [{ port: 80 }, { port: 443 }] }, actual)).toEqual([]);
  });

  it('needs a different actual item for each expected item', () => {
    const problems = partialMatch({ ports: [{ port: 80 }, { port: 80 }] }, { ports: [{ port: 80 }, { port: 443 }] });
    expect(problems).toHaveLength(1);
    expect(problems[0]!.reason).toContain('distinct items');
  });

  it('explains an unmatched list item through its closest candidate', () => {
    const actual = { containers: [{ name: 'redis', image: 'redis123' }] };
    const problems = partialMatch({ containers: [{ name: 'redis', image: 'redis' }] }, actual);
    expect(problems).toEqual([
      {
        path: 'containers[0].image',
        expected: 'redis',
        actual: 'redis123',
        reason: 'expected "redis", but found "redis123"',
      },
    ]);
  });

  it('tells a number from a string of the same digits', () => {
    const [problem] = partialMatch({ targetPort: 80 }, { targetPort: '80' });
    expect(problem!.reason).toBe('expected 80, but found "80" (a string, but a number is expected)');
  });

  it('treats null as "must be absent"', () => {
    expect(partialMatch({ spec: { nodeName: null } }, { spec: {} })).toEqual([]);
    expect(partialMatch({ spec: { nodeName: null } }, { spec: { nodeName: 'n1' } })[0]!.reason).toBe(
      'should not be set, but it is "n1"',
    );
  });

  it('reports a type clash instead of descending', () => {
    expect(partialMatch({ spec: { selector: { app: 'x' } } }, { spec: { selector: 'app=x' } })[0]!.reason).toBe(
      'expected an object, but found "app=x"',
    );
    expect(partialMatch({ items: [1] }, { items: 1 })[0]!.reason).toBe('expected a list, but found 1');
  });

  it('reports an empty list plainly', () => {
    expect(partialMatch({ items: [{ a: 1 }] }, { items: [] })[0]!.reason).toBe(
      'expected an item {a: 1}, but the list is empty',
    );
  });
});
