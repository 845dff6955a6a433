import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { partialMatch, type Mismatch } from '../../src/checks/match.js';
import { formatSelector, selects, type LabelSelector } from '../../src/checks/selector.js';

/**
 * Property-based tests: the matcher and the selector never crash, whatever the lab
 * file or the cluster hands them, and keep their documented laws (extra fields and
 * list order never matter, null means absent).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const runs = { numRuns: 300 };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Names that an object inherits from Object.prototype: the usual traps for `obj[key]`. */
const inheritedNames = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf'];

/** Keys: a few that collide often, Kubernetes-like ones, inherited names, and anything. */
const key = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'app', 'name', 'spec', 'replicas', 'matchLabels'),
  fc.constantFrom(...inheritedNames),
  fc.string({ maxLength: 6 }),
);

/** Scalars from a small domain, so that values collide: numbers next to numeric strings. */
const smallScalar = fc.constantFrom<Json>(null, 0, 1, 80, '0', '1', '80', true, false, 'true', '', 'x', 'nginx');

/** Any JSON scalar. */
const anyScalar = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
);

/**
 * JSON values built as JSON.parse would build them (own properties, `__proto__`
 * included), small and shallow; arrays often hold duplicates.
 */
function json(scalar: fc.Arbitrary<Json>, keys: fc.Arbitrary<string> = key, maxDepth = 3): fc.Arbitrary<Json> {
  const { value } = fc.letrec<{ value: Json; array: Json[]; object: { [key: string]: Json } }>((tie) => ({
    value: fc.oneof({ maxDepth, depthSize: 'small' }, scalar, tie('array'), tie('object')),
    array: fc.oneof(
      fc.array(tie('value'), { maxLength: 4 }),
      fc.array(tie('value'), { minLength: 1, maxLength: 2 }).map((items) => [...items, ...items]),
    ),
    object: fc.array(fc.tuple(keys, tie('value')), { maxLength: 4 }).map((entries) => Object.fromEntries(entries)),
  }));
  return value;
}

const smallJson = json(smallScalar);
const anyJson = fc.oneof(json(anyScalar), fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>);
const smallObject = json(smallScalar).filter(isObject) as fc.Arbitrary<{ [key: string]: Json }>;

/** Values that YAML or JSON could not produce, but that do not break the JSON shape much. */
const jsonish = fc.anything({
  maxDepth: 3,
  maxKeys: 4,
  key,
  withNullPrototype: true,
  withBigInt: true,
  withDate: true,
  values: [
    fc.boolean(),
    fc.integer(),
    fc.double(),
    fc.string({ maxLength: 6 }),
    fc.constant(null),
    fc.constant(undefined),
  ],
});

/** A deterministic PRNG (mulberry32), so that shuffles and additions shrink with their seed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Permutes every list, at every depth. */
function deepShuffle(value: Json, next: () => number): Json {
  if (Array.isArray(value)) {
    const items = value.map((item) => deepShuffle(item, next));
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepShuffle(v, next)]));
  return value;
}

/** Adds keys to objects and items to lists, at every depth; never changes what is there. */
function augment(value: Json, next: () => number, extraKeys: string[], extraValues: Json[]): Json {
  const pick = <T>(from: T[], fallback: T): T => from[Math.floor(next() * from.length)] ?? fallback;
  if (Array.isArray(value)) {
    const items = value.map((item) => augment(item, next, extraKeys, extraValues));
    for (let n = Math.floor(next() * 3); n > 0; n--)
      items.splice(Math.floor(next() * (items.length + 1)), 0, pick(extraValues, 'extra'));
    return items;
  }
  if (isObject(value)) {
    const entries: [string, Json][] = Object.entries(value).map(([k, v]) => [
      k,
      augment(v, next, extraKeys, extraValues),
    ]);
    for (let n = Math.floor(next() * 3); n > 0; n--) {
      const k = pick(extraKeys, 'extra');
      if (!entries.some(([have]) => have === k)) entries.push([k, pick(extraValues, 'extra')]);
    }
    return Object.fromEntries(entries);
  }
  return value;
}

/** Drops keys from objects and items from lists, at every depth: an expectation that `value` meets. */
function prune(value: Json, next: () => number): Json {
  if (Array.isArray(value)) return value.filter(() => next() < 0.7).map((item) => prune(item, next));
  if (isObject(value))
    return Object.fromEntries(
      Object.entries(value)
        .filter(() => next() < 0.7)
        .map(([k, v]) => [k, prune(v, next)]),
    );
  return value;
}

function expectWellFormed(mismatches: Mismatch[], prefix = ''): void {
  expect(Array.isArray(mismatches)).toBe(true);
  for (const m of mismatches) {
    expect(typeof m.path).toBe('string');
    expect(m.path.startsWith(prefix)).toBe(true);
    expect(typeof m.reason).toBe('string');
    expect(m.reason.length).toBeGreaterThan(0);
    expect(m).toHaveProperty('expected');
    expect(m).toHaveProperty('actual');
  }
}

const matches = (expected: unknown, actual: unknown): boolean => partialMatch(expected, actual).length === 0;

describe('partialMatch on arbitrary input', () => {
  it('never throws, and reports well-formed mismatches, for any two JSON values', () => {
    fc.assert(
      fc.property(
        fc.oneof(anyJson, smallJson),
        fc.oneof(anyJson, smallJson),
        fc.constantFrom('', 'spec', 'spec.containers[0]'),
        (expected, actual, prefix) => {
          expectWellFormed(partialMatch(expected, actual, prefix), prefix);
        },
      ),
      runs,
    );
  });

  it('never throws on JSON-ish values (undefined, bigint, dates, null-prototype objects)', () => {
    fc.assert(
      fc.property(jsonish, jsonish, (expected, actual) => {
        expectWellFormed(partialMatch(expected, actual));
      }),
      runs,
    );
  });

  it('matches any JSON value against a copy of itself, nested nulls included', () => {
    fc.assert(
      fc.property(fc.oneof(anyJson, smallJson), (x) => {
        expect(partialMatch(x, x)).toEqual([]);
        expect(partialMatch(x, JSON.parse(JSON.stringify(x)))).toEqual([]);
      }),
      runs,
    );
    expect(partialMatch(null, null)).toEqual([]);
    expect(partialMatch({ a: null }, { a: null })).toEqual([]);
    expect(partialMatch([null, { a: null }], [{ a: null }, null])).toEqual([]);
  });

  it('still matches when the actual value has more keys and more list items', () => {
    fc.assert(
      fc.property(
        fc.oneof(anyJson, smallJson),
        fc.array(key, { maxLength: 4 }),
        fc.array(smallJson, { maxLength: 4 }),
        fc.integer(),
        (x, extraKeys, extraValues, seed) => {
          const bigger = augment(x, random(seed), extraKeys, extraValues);
          expect(partialMatch(x, bigger)).toEqual([]);
        },
      ),
      runs,
    );
  });

  it('still matches a subset of the actual value (fewer keys, fewer list items)', () => {
    fc.assert(
      fc.property(smallJson, fc.integer(), (actual, seed) => {
        expect(partialMatch(prune(actual, random(seed)), actual)).toEqual([]);
      }),
      runs,
    );
  });

  it('gives the same verdict whatever the order of list items', () => {
    const pair = fc.oneof(
      fc.tuple(smallJson, smallJson),
      fc.tuple(smallJson, fc.integer()).map(([actual, seed]): [Json, Json] => [prune(actual, random(seed)), actual]),
    );
    fc.assert(
      fc.property(pair, fc.integer(), ([expected, actual], seed) => {
        const next = random(seed);
        const verdict = matches(expected, actual);
        expect(matches(expected, deepShuffle(actual, next))).toBe(verdict);
        expect(matches(deepShuffle(expected, next), actual)).toBe(verdict);
      }),
      runs,
    );
  });

  it('matches an empty expectation against any object, and an empty list against any list', () => {
    fc.assert(
      fc.property(fc.oneof(anyJson, jsonish), (actual) => {
        if (isObject(actual)) expect(partialMatch({}, actual)).toEqual([]);
        if (Array.isArray(actual)) expect(partialMatch([], actual)).toEqual([]);
        if (actual !== null && actual !== undefined && typeof actual !== 'object') {
          expect(partialMatch({}, actual)).toHaveLength(1);
          expect(partialMatch([], actual)).toHaveLength(1);
        }
      }),
      runs,
    );
  });

  it('tells numbers from strings of the same digits, both ways', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })), (n) => {
        expect(partialMatch(n, n)).toEqual([]);
        const [wantNumber, ...more] = partialMatch(n, String(n));
        expect(more).toEqual([]);
        expect(wantNumber!.reason).toMatch(/\(a string, but a number is expected\)$/);
        const [wantString, ...rest] = partialMatch(String(n), n);
        expect(rest).toEqual([]);
        expect(wantString!.reason).toMatch(/\(a number, but a string is expected\)$/);
      }),
      runs,
    );
  });

  it('treats null as "must be absent": met by null or nothing, failed by anything else', () => {
    fc.assert(
      fc.property(anyJson, (v) => {
        expect(partialMatch(null, undefined)).toEqual([]);
        expect(partialMatch(null, null)).toEqual([]);
        if (v !== null) {
          const [problem, ...more] = partialMatch(null, v, 'x');
          expect(more).toEqual([]);
          expect(problem!.path).toBe('x');
          expect(problem!.reason).toMatch(/^should not be set, but it is /);
        }
      }),
      runs,
    );
  });

  it('meets a null expectation for a key that the actual object does not have', () => {
    // Ordinary keys only; inherited names (constructor, toString, ...) are the next test.
    const ownKey = key.filter((k) => !inheritedNames.includes(k));
    fc.assert(
      fc.property(fc.array(ownKey, { minLength: 1, maxLength: 4 }), smallObject, (absent, actual) => {
        const rest = Object.fromEntries(Object.entries(actual).filter(([k]) => !absent.includes(k)));
        expect(partialMatch(Object.fromEntries(absent.map((k) => [k, null])), rest)).toEqual([]);
      }),
      runs,
    );
  });
});

describe('partialMatch on objects that do not convert to a string', () => {
  // A scalar compared with an object: the "(a string, but a number is expected)" note
  // calls String() on both, which throws for an object whose own `toString` is data
  // (valid JSON/YAML: `{toString: ""}`) or that has no prototype.
  it('does not throw when a scalar meets an object with a "toString" key', () => {
    expect(partialMatch(80, { toString: '' })).toHaveLength(1);
    expect(partialMatch('', Object.create(null))).toHaveLength(1);
  });
});

describe('partialMatch and the names an object inherits', () => {
  // A key the actual object does not have must read as "not set", even when
  // Object.prototype has a member of that name (`actual[key]` reads it otherwise).
  it.each(inheritedNames)('treats a missing "%s" key as not set', (name) => {
    const expected = Object.fromEntries([[name, null]]);
    expect(partialMatch(expected, {})).toEqual([]);
    const wanted = Object.fromEntries([[name, {}]]);
    expect(partialMatch(wanted, {})).toHaveLength(1);
  });
});

/** Label keys and values: a few that collide, the selector's own field names, and anything. */
const labelKey = fc.oneof(fc.constantFrom('app', 'tier', 'env', ...inheritedNames), fc.string({ maxLength: 6 }));
const labelValue = fc.oneof(fc.constantFrom('myapp', 'web', 'db', ''), fc.string({ maxLength: 6 }));
const labelMap = fc.dictionary(labelKey, labelValue, { maxKeys: 5 });
const knownOperator = fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist');
const requirement = fc.record(
  {
    key: labelKey,
    operator: fc.oneof(
      knownOperator,
      fc.string({ maxLength: 6 }),
      fc.constantFrom('in', 'notin', 'exists', 'Equals', ''),
    ),
    values: fc.array(labelValue, { maxLength: 3 }),
  },
  { requiredKeys: ['key', 'operator'] },
);
const labelSelector: fc.Arbitrary<LabelSelector> = fc.record(
  { matchLabels: labelMap, matchExpressions: fc.array(requirement, { maxLength: 4 }) },
  { requiredKeys: [] },
);
const anySelector = fc.oneof(labelSelector, labelMap, fc.constant(undefined));

/** A label map without the two keys that make a plain map read as a LabelSelector. */
const plainLabelMap = labelMap.map((m) =>
  Object.fromEntries(Object.entries(m).filter(([k]) => k !== 'matchLabels' && k !== 'matchExpressions')),
);

describe('label selectors on arbitrary input', () => {
  it('selects and formatSelector never throw, for any selector and labels', () => {
    fc.assert(
      fc.property(anySelector, labelMap, (selector, labels) => {
        expect(typeof selects(selector, labels)).toBe('boolean');
        expect(typeof selects(selector)).toBe('boolean');
        // A string, though not always a non-empty one: `Exists` on the key "" renders as "".
        expect(typeof formatSelector(selector)).toBe('string');
      }),
      runs,
    );
  });

  it('matchLabels selects its own labels, whatever other labels come along', () => {
    fc.assert(
      fc.property(labelMap, labelMap, (wanted, extra) => {
        const labels = { ...extra, ...wanted };
        expect(selects({ matchLabels: wanted }, labels)).toBe(true);
      }),
      runs,
    );
  });

  it('a plain label map selects its own labels, whatever other labels come along', () => {
    fc.assert(
      fc.property(plainLabelMap, labelMap, (wanted, extra) => {
        expect(selects(wanted, { ...extra, ...wanted })).toBe(true);
      }),
      runs,
    );
  });

  it('expressions built from the labels select them', () => {
    fc.assert(
      fc.property(
        labelMap,
        fc.array(labelValue, { maxLength: 2 }),
        fc.array(labelKey, { maxLength: 3 }),
        (labels, otherValues, otherKeys) => {
          const present = Object.entries(labels);
          const missing = otherKeys.filter((k) => !Object.prototype.hasOwnProperty.call(labels, k));
          const matchExpressions = [
            ...present.map(([k, v]) => ({ key: k, operator: 'In', values: [...otherValues, v] })),
            ...present.map(([k]) => ({ key: k, operator: 'Exists' })),
            ...missing.map((k) => ({ key: k, operator: 'DoesNotExist' })),
            ...missing.map((k) => ({ key: k, operator: 'NotIn', values: otherValues })),
          ];
          expect(selects({ matchExpressions }, labels)).toBe(true);
        },
      ),
      runs,
    );
  });

  it('NotIn is exactly the opposite of In, and an unknown operator never matches', () => {
    fc.assert(
      fc.property(
        labelKey,
        fc.array(labelValue, { maxLength: 3 }),
        labelMap,
        fc.string({ maxLength: 6 }),
        (k, values, labels, operator) => {
          const inSel = selects({ matchExpressions: [{ key: k, operator: 'In', values }] }, labels);
          const notInSel = selects({ matchExpressions: [{ key: k, operator: 'NotIn', values }] }, labels);
          expect(notInSel).toBe(!inSel);
          const exists = selects({ matchExpressions: [{ key: k, operator: 'Exists' }] }, labels);
          expect(selects({ matchExpressions: [{ key: k, operator: 'DoesNotExist' }] }, labels)).toBe(!exists);
          fc.pre(!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(operator));
          expect(selects({ matchExpressions: [{ key: k, operator, values }] }, labels)).toBe(false);
        },
      ),
      runs,
    );
  });

  it('an empty selector selects everything, no selector selects nothing', () => {
    fc.assert(
      fc.property(labelMap, (labels) => {
        expect(selects({}, labels)).toBe(true);
        expect(selects({ matchLabels: {}, matchExpressions: [] }, labels)).toBe(true);
        expect(selects(undefined, labels)).toBe(false);
      }),
      runs,
    );
  });
});
