/**
 * Label selectors as defined in the Kubernetes API reference
 * (meta/v1 LabelSelector: matchLabels and matchExpressions with In, NotIn, Exists,
 * DoesNotExist; all requirements are ANDed; an empty selector selects everything).
 */

/** A meta/v1 LabelSelector. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/**
 * Whether `selector` selects an object with `labels`.
 * @param selector a LabelSelector, or a plain map (the `spec.selector` of a Service or a ReplicationController)
 * @param labels the object's metadata.labels
 * @returns true when every requirement holds. An unknown operator never matches.
 */
export function selects(
  selector: LabelSelector | Record<string, string> | undefined,
  labels: Record<string, string> = {},
): boolean {
  if (!selector) return false;
  const s = toLabelSelector(selector);
  for (const [key, value] of Object.entries(s.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const { key, operator, values = [] } of s.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    const ok =
      operator === 'In'
        ? has && values.includes(labels[key]!)
        : operator === 'NotIn'
          ? !has || !values.includes(labels[key]!)
          : operator === 'Exists'
            ? has
            : operator === 'DoesNotExist'
              ? !has
              : false;
    if (!ok) return false;
  }
  return true;
}

/** Treats a plain label map as `matchLabels`; passes a LabelSelector through. */
export function toLabelSelector(selector: LabelSelector | Record<string, string>): LabelSelector {
  return 'matchLabels' in selector || 'matchExpressions' in selector
    ? (selector as LabelSelector)
    : { matchLabels: selector as Record<string, string> };
}

/** Renders a selector as kubectl writes it: `app=myapp,tier in (web)`. */
export function formatSelector(selector: LabelSelector | Record<string, string> | undefined): string {
  if (!selector) return '(none)';
  const s = toLabelSelector(selector);
  const parts = Object.entries(s.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const { key, operator, values = [] } of s.matchExpressions ?? []) {
    if (operator === 'Exists') parts.push(key);
    else if (operator === 'DoesNotExist') parts.push(`!${key}`);
    else parts.push(`${key} ${operator === 'In' ? 'in' : 'notin'} (${values.join(',')})`);
  }
  return parts.length ? parts.join(',') : '(selects everything)';
}

/** Renders a label map: `app=myapp, type=front-end`. */
export const formatLabels = (labels: Record<string, string> = {}): string =>
  Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ') || '(no labels)';

/**
 * What a selector allows for one label key: whether the key may be absent, and which values it
 * may have when present (`values`, or with `negated` every value except `values`).
 */
interface KeyRange {
  absent: boolean;
  values: Set<string>;
  negated: boolean;
}

const ANY: KeyRange = { absent: true, values: new Set(), negated: true };

/** The values both ranges allow when the key is present. */
function intersect(a: KeyRange, b: KeyRange): KeyRange {
  const absent = a.absent && b.absent;
  if (!a.negated && !b.negated)
    return { absent, values: new Set([...a.values].filter((v) => b.values.has(v))), negated: false };
  if (a.negated && b.negated) return { absent, values: new Set([...a.values, ...b.values]), negated: true };
  const [pos, neg] = a.negated ? [b, a] : [a, b];
  return { absent, values: new Set([...pos.values].filter((v) => !neg.values.has(v))), negated: false };
}

/** Whether every label set `a` allows for the key, `b` allows too. */
function within(a: KeyRange, b: KeyRange): boolean {
  if (a.absent && !b.absent) return false;
  if (!a.negated && !b.negated) return [...a.values].every((v) => b.values.has(v));
  if (!a.negated && b.negated) return [...a.values].every((v) => !b.values.has(v));
  if (a.negated && !b.negated) return false; // all but finitely many values, against finitely many
  return [...b.values].every((v) => a.values.has(v));
}

const isEmpty = (r: KeyRange): boolean => !r.absent && !r.negated && r.values.size === 0;

/**
 * A selector as one range per key it names (the requirements of a selector are ANDed, so the label
 * sets it selects are exactly those whose every key lies in its range). An unknown operator allows nothing.
 */
function ranges(selector: LabelSelector | Record<string, string>): Map<string, KeyRange> {
  const s = toLabelSelector(selector);
  const out = new Map<string, KeyRange>();
  const add = (key: string, r: KeyRange) => out.set(key, intersect(out.get(key) ?? ANY, r));
  for (const [key, value] of Object.entries(s.matchLabels ?? {}))
    add(key, { absent: false, values: new Set([value]), negated: false });
  for (const { key, operator, values = [] } of s.matchExpressions ?? []) {
    const set = new Set(values);
    if (operator === 'In') add(key, { absent: false, values: set, negated: false });
    else if (operator === 'NotIn') add(key, { absent: true, values: set, negated: true });
    else if (operator === 'Exists') add(key, { absent: false, values: new Set(), negated: true });
    else if (operator === 'DoesNotExist') add(key, { absent: true, values: new Set(), negated: false });
    else add(key, { absent: false, values: new Set(), negated: false });
  }
  return out;
}

/**
 * Whether a selector can select anything at all: false when its requirements contradict each
 * other (`app=a` with `app notin (a)`, `app` with `!app`, `app in ()`).
 */
export const satisfiable = (selector: LabelSelector | Record<string, string>): boolean =>
  ![...ranges(selector).values()].some(isEmpty);

/**
 * Whether `a` selects nothing that `b` does not select, for every possible set of labels (not only
 * the objects that exist now): `app=myapp,tier=web` is within `app=myapp`; `app` (Exists) is not
 * within `app=myapp`. A selector that selects nothing is within every selector.
 */
export function selectorWithin(
  a: LabelSelector | Record<string, string>,
  b: LabelSelector | Record<string, string>,
): boolean {
  const ra = ranges(a);
  if ([...ra.values()].some(isEmpty)) return true;
  const rb = ranges(b);
  return [...new Set([...ra.keys(), ...rb.keys()])].every((k) => within(ra.get(k) ?? ANY, rb.get(k) ?? ANY));
}

/** Whether two selectors select exactly the same label sets (`app in (a)` is `app=a`). */
export const sameSelection = (
  a: LabelSelector | Record<string, string>,
  b: LabelSelector | Record<string, string>,
): boolean => selectorWithin(a, b) && selectorWithin(b, a);
