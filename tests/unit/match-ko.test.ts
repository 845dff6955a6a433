import { describe, expect, it } from 'vitest';
import { partialMatch } from '../../src/checks/match.js';

describe('partialMatch in Korean', () => {
  it('explains a wrong and a missing field, with values shown as in English', () => {
    const problems = partialMatch({ spec: { replicas: 6, minReadySeconds: 5 } }, { spec: { replicas: 3 } }, '', 'ko');
    expect(problems).toEqual([
      { path: 'spec.replicas', expected: 6, actual: 3, reason: '기대값은 6인데 실제로는 3입니다' },
      { path: 'spec.minReadySeconds', expected: 5, actual: undefined, reason: '기대값은 5인데 설정되어 있지 않습니다' },
    ]);
  });

  it('names the type when a number and a string have the same digits', () => {
    expect(partialMatch({ targetPort: 80 }, { targetPort: '80' }, '', 'ko')[0]!.reason).toBe(
      '기대값은 80인데 실제로는 "80"입니다 (string 타입이지만 number 타입이어야 합니다)',
    );
  });

  it('explains a field that must be absent, and type clashes', () => {
    expect(partialMatch({ spec: { nodeName: null } }, { spec: { nodeName: 'n1' } }, '', 'ko')[0]!.reason).toBe(
      '설정되어 있지 않아야 하는데 값이 "n1"입니다',
    );
    expect(
      partialMatch({ spec: { selector: { app: 'x' } } }, { spec: { selector: 'app=x' } }, '', 'ko')[0]!.reason,
    ).toBe('오브젝트(map)여야 하는데 실제로는 "app=x"입니다');
    expect(partialMatch({ items: [1] }, { items: 1 }, '', 'ko')[0]!.reason).toBe(
      '목록(list)이어야 하는데 실제로는 1입니다',
    );
  });

  it('explains list items: an empty list, the closest candidate, and items that need distinct entries', () => {
    expect(partialMatch({ items: [{ a: 1 }] }, { items: [] }, '', 'ko')[0]!.reason).toBe(
      '{a: 1} 항목이 있어야 하는데 목록이 비어 있습니다',
    );
    expect(
      partialMatch(
        { containers: [{ name: 'redis', image: 'redis' }] },
        { containers: [{ name: 'redis', image: 'redis123' }] },
        '',
        'ko',
      ),
    ).toEqual([
      {
        path: 'containers[0].image',
        expected: 'redis',
        actual: 'redis123',
        reason: '기대값은 "redis"인데 실제로는 "redis123"입니다',
      },
    ]);
    expect(partialMatch({ args: ['a'] }, { args: ['b'] }, '', 'ko')[0]!.reason).toBe(
      '"a" 항목이 있어야 하는데 실제로는 ["b"]입니다',
    );
    const [distinct] = partialMatch(
      { ports: [{ port: 80 }, { port: 80 }] },
      { ports: [{ port: 80 }, { port: 443 }] },
      '',
      'ko',
    );
    expect(distinct!.reason).toBe(
      '[{port: 80}, {port: 80}]에 맞는 서로 다른 항목이 2개 있어야 하는데 실제로는 [{port: 80}, {port: 443}]입니다',
    );
  });

  it('finds the same mismatches in both languages, and English stays the default', () => {
    const expected = { spec: { replicas: 6, template: { spec: { containers: [{ image: 'nginx' }] } } } };
    const actual = { spec: { replicas: 3, template: { spec: { containers: [{ image: 'httpd' }] } } } };
    const strip = (ms: ReturnType<typeof partialMatch>) => ms.map(({ reason: _reason, ...rest }) => rest);
    expect(strip(partialMatch(expected, actual, '', 'ko'))).toEqual(strip(partialMatch(expected, actual)));
    expect(partialMatch(expected, actual)[0]!.reason).toBe('expected 6, but found 3');
    expect(partialMatch(expected, actual, '', 'en')[0]!.reason).toBe('expected 6, but found 3');
  });
});
