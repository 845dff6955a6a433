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
