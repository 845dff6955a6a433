/**
 * Partial object matching, as in kuttl asserts and Chainsaw: only the fields written
 * in `expected` are compared, and lists match regardless of order.
 */
import { type Lang } from '../i18n/text.js';
import { t } from '../i18n/t.js';
import { sameImage } from './image-ref.js';

/** One field that does not match: where it is, what was wanted, what was found. */
export interface Mismatch {
  /** Dotted path from the object's root, e.g. `spec.template.metadata.labels.app`. */
  path: string;
  /** The expected value from the lab file; `undefined` when the field must be absent. */
  expected: unknown;
  /** The value found in the cluster; `undefined` when the field is not set. */
  actual: unknown;
  /** Why it fails, in plain words (in the language asked of {@link partialMatch}), without the path. */
  reason: string;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Renders a value compactly for messages: `"nginx"`, `6`, `{app: myapp}`. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === null) value = { ...value };
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  if (isPlainObject(value)) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${show(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/** The alternatives of `{ $oneOf: [...] }`, or undefined for any other value. */
function alternatives(expected: unknown): unknown[] | undefined {
  if (!isPlainObject(expected) || !Object.hasOwn(expected, '$oneOf') || Object.keys(expected).length !== 1)
    return undefined;
  const alts = expected.$oneOf;
  return Array.isArray(alts) ? alts : undefined;
}

/** Whether a map says only "absent": every leaf is `null` (an empty map is not such a map). */
const onlyNulls = (expected: unknown): boolean =>
  isPlainObject(expected) &&
  Object.keys(expected).length > 0 &&
  Object.values(expected).every((v) => v === null || onlyNulls(v));

/** Whether a path names an `image` field (`spec.containers[0].image`): those are compared as references. */
const isImageField = (path: string): boolean => path === 'image' || path.endsWith('.image');

const join = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

/**
 * Compares `actual` against the fields written in `expected`.
 * - maps: only the keys in `expected` are compared, extra keys in `actual` are ignored;
 * - lists: every expected item must match a different actual item, in any order;
 * - `null` in `expected` means the field must be absent; a map whose every leaf is `null` also
 *   matches when the map itself is absent (`status: { observedGeneration: null }` for a file without status);
 * - `{ $oneOf: [a, b] }` matches a value that matches any of the alternatives (a later task may change
 *   a field the earlier one set: `replicas: { $oneOf: [3, 6] }`); a `$` key is never a Kubernetes field;
 * - scalars must be equal, with the same type (`80` is not `"80"`);
 * - an `image` field is compared as an image reference (src/checks/image-ref.ts): `nginx`
 *   equals `docker.io/library/nginx:latest`, `nginx:1.27` is not `nginx:1.26`.
 * @param expected the YAML fragment from the lab file
 * @param actual the object (or value) read from the cluster
 * @param path prefix for reported paths
 * @param lang the language of the `reason`s (default English); values are shown the same in both
 * @returns every mismatching field; an empty list means a match. Never throws.
 */
export function partialMatch(expected: unknown, actual: unknown, path = '', lang: Lang = 'en'): Mismatch[] {
  if (expected === null) {
    return actual === undefined || actual === null
      ? []
      : [{ path, expected: undefined, actual, reason: t(lang, 'match.shouldBeUnset', { actual: show(actual) }) }];
  }
  const oneOf = alternatives(expected);
  if (oneOf) {
    if (oneOf.some((alt) => partialMatch(alt, actual, path, lang).length === 0)) return [];
    const shown = oneOf.map(show).join(', ');
    const reason =
      actual === undefined || actual === null
        ? t(lang, 'match.oneOfNotSet', { expected: shown })
        : t(lang, 'match.oneOf', { expected: shown, actual: show(actual) });
    return [{ path, expected, actual: actual ?? undefined, reason }];
  }
  if (actual === undefined || actual === null) {
    if (onlyNulls(expected)) return [];
    return [{ path, expected, actual: undefined, reason: t(lang, 'match.notSet', { expected: show(expected) }) }];
  }
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) {
      return [{ path, expected, actual, reason: t(lang, 'match.notObject', { actual: show(actual) }) }];
    }
    // Own keys only: a missing `constructor` or `toString` must not read Object.prototype's.
    return Object.entries(expected).flatMap(([key, value]) =>
      partialMatch(value, Object.hasOwn(actual, key) ? actual[key] : undefined, join(path, key), lang),
    );
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) {
      return [{ path, expected, actual, reason: t(lang, 'match.notList', { actual: show(actual) }) }];
    }
    return matchList(expected, actual, path, lang);
  }
  if (expected === actual) return [];
  if (isImageField(path) && typeof expected === 'string' && typeof actual === 'string' && sameImage(expected, actual))
    return [];
  const primitive = (v: unknown) => v === null || (typeof v !== 'object' && typeof v !== 'function');
  const typeNote =
    primitive(actual) && typeof expected !== typeof actual && String(expected) === String(actual)
      ? t(lang, 'match.typeNote', { actual: typeof actual, expected: typeof expected })
      : '';
  const reason = t(lang, 'match.differs', { expected: show(expected), actual: show(actual) }) + typeNote;
  return [{ path, expected, actual, reason }];
}

/**
 * Matches list items in any order: finds an assignment of expected items to distinct
 * actual items (backtracking; lab lists are short). When none exists, reports each
 * unmatched expected item with the mismatches of its closest candidate.
 */
function matchList(expected: unknown[], actual: unknown[], path: string, lang: Lang): Mismatch[] {
  const fits = expected.map((e) => actual.map((a) => partialMatch(e, a).length === 0));
  const used = new Array<boolean>(actual.length).fill(false);
  const assign = (i: number): boolean => {
    if (i === expected.length) return true;
    for (let j = 0; j < actual.length; j++) {
      if (!used[j] && fits[i]![j]) {
        used[j] = true;
        if (assign(i + 1)) return true;
        used[j] = false;
      }
    }
    return false;
  };
  if (assign(0)) return [];

  const problems: Mismatch[] = [];
  expected.forEach((item, i) => {
    if (fits[i]!.some(Boolean)) return;
    if (actual.length === 0) {
      problems.push({ path, expected: item, actual, reason: t(lang, 'match.emptyList', { item: show(item) }) });
      return;
    }
    let best: { index: number; mismatches: Mismatch[] } | undefined;
    actual.forEach((candidate, j) => {
      const mismatches = partialMatch(item, candidate, join(path, j), lang);
      if (!best || mismatches.length < best.mismatches.length) best = { index: j, mismatches };
    });
    if (isPlainObject(item) && best) problems.push(...best.mismatches);
    else {
      const reason = t(lang, 'match.noItem', { item: show(item), actual: show(actual) });
      problems.push({ path, expected: item, actual, reason });
    }
  });
  if (problems.length === 0) {
    // Each item fits some entry, but not all at once: two expected items want the same one.
    const reason = t(lang, 'match.distinct', { n: expected.length, expected: show(expected), actual: show(actual) });
    problems.push({ path, expected, actual, reason });
  }
  return problems;
}
