import { describe, expect, it } from 'vitest';
import { formatSelector, selects } from '../../src/checks/selector.js';

describe('label selectors', () => {
  const labels = { app: 'myapp', tier: 'web' };

  it('evaluates matchLabels and a plain map the same way', () => {
    expect(selects({ matchLabels: { app: 'myapp' } }, labels)).toBe(true);
    expect(selects({ app: 'myapp' }, labels)).toBe(true);
    expect(selects({ app: 'other' }, labels)).toBe(false);
  });

  it('evaluates every matchExpressions operator', () => {
    const expr = (operator: string, values?: string[]) => ({ matchExpressions: [{ key: 'app', operator, values }] });
    expect(selects(expr('In', ['myapp', 'x']), labels)).toBe(true);
    expect(selects(expr('In', ['x']), labels)).toBe(false);
    expect(selects(expr('NotIn', ['x']), labels)).toBe(true);
    expect(selects(expr('NotIn', ['myapp']), labels)).toBe(false);
    expect(selects(expr('Exists'), labels)).toBe(true);
    expect(selects(expr('DoesNotExist'), labels)).toBe(false);
    expect(selects(expr('Bogus'), labels)).toBe(false);
  });

  it('ANDs matchLabels with matchExpressions', () => {
    const s = { matchLabels: { app: 'myapp' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] };
    expect(selects(s, labels)).toBe(false);
  });

  it('selects nothing without a selector, everything with an empty one', () => {
    expect(selects(undefined, labels)).toBe(false);
    expect(selects({ matchLabels: {} }, labels)).toBe(true);
  });

  it('formats selectors as kubectl does', () => {
    expect(
      formatSelector({
        matchLabels: { app: 'myapp' },
        matchExpressions: [
          { key: 'tier', operator: 'NotIn', values: ['db', 'cache'] },
          { key: 'x', operator: 'Exists' },
        ],
      }),
    ).toBe('app=myapp,tier notin (db,cache),x');
  });
});
