import type { KubeObject, TypeRef } from '../kube/types.js';
import { WORKLOAD_KINDS } from '../kube/resources.js';
import type { NamespaceView } from './view.js';
import { t } from '../i18n/t.js';

/** "ReplicaSet myapp-replicaset" */
export const nameOf = (kind: string, name: string): string => `${kind} ${name}`;

/** Reads a dotted path (`spec.template.metadata.labels`) from an object. */
export function getPath(obj: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), obj);
}

/**
 * The edit distance of two names (Levenshtein: insertions, deletions and substitutions of one
 * character each count 1).
 */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** The name among `names` closest to `name` if it is a near miss (at most 2 edits, and under a third of it). */
export function nearMiss(name: string, names: string[]): string | undefined {
  const limit = Math.min(2, Math.max(1, Math.floor(name.length / 3)));
  return names
    .filter((n) => n !== name)
    .map((n) => ({ n, d: editDistance(name.toLowerCase(), n.toLowerCase()) }))
    .filter((c) => c.d <= limit)
    .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n))[0]?.n;
}

/**
 * Namespaces a learner may have worked in by mistake (`default`, another lab's `lab-*`) that hold
 * an object of this kind and name. Only with a client; a refused or failed list says nothing.
 */
async function elsewhere(view: NamespaceView, ref: TypeRef & { name: string }): Promise<string[]> {
  if (!view.client) return [];
  const all = await view.client.list(ref).catch(() => [] as KubeObject[]);
  return all
    .filter((o) => o.metadata?.name === ref.name)
    .map((o) => o.metadata?.namespace ?? '')
    .filter((ns) => ns !== view.namespace && (ns === 'default' || ns.startsWith('lab-')))
    .sort();
}

/**
 * Explains a missing object, in `view.lang`: a name of the same kind one or two letters off ("did you
 * mean frontend-lb?"), any other workload kind that has the expected name (a ReplicationController
 * where a ReplicaSet was asked, say), or another namespace that has it (kubectl without -n).
 * Lookups that fail are ignored, so it never throws for them.
 */
export async function explainMissing(view: NamespaceView, ref: TypeRef & { name: string }): Promise<string> {
  const what = `${nameOf(ref.kind, ref.name)} (${ref.apiVersion})`;
  const base = t(view.lang, 'describe.missing', { what, ns: view.namespace });
  const sameKind = await view.list(ref).catch(() => [] as KubeObject[]);
  const near = nearMiss(
    ref.name,
    sameKind.map((o) => o.metadata?.name ?? ''),
  );
  if (near) return t(view.lang, 'describe.nearMiss', { base, kind: ref.kind, name: near });
  // Every other kind at once: one round-trip, not one per kind.
  const others = WORKLOAD_KINDS.filter((k) => k.kind !== ref.kind || k.apiVersion !== ref.apiVersion);
  const found = await Promise.all(others.map((other) => view.find(other, ref.name).catch(() => undefined)));
  const other = others[found.findIndex(Boolean)];
  if (other) {
    return t(view.lang, 'describe.otherKind', { base, kind: other.kind, apiVersion: ref.apiVersion });
  }
  const namespaces = await elsewhere(view, ref);
  if (namespaces.length) return t(view.lang, 'describe.otherNamespace', { base, namespaces: namespaces.join(', ') });
  return base;
}

/** Finds the object a check targets, or undefined. */
export const findTarget = (view: NamespaceView, t: TypeRef & { name: string }): Promise<KubeObject | undefined> =>
  view.find(t, t.name);
