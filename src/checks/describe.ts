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
 * Explains a missing object, in `view.lang`: names any other workload kind that has
 * the expected name (a ReplicationController where a ReplicaSet was asked, say).
 * Lookups of the other kinds that fail are ignored, so it never throws for them.
 */
export async function explainMissing(view: NamespaceView, ref: TypeRef & { name: string }): Promise<string> {
  const what = `${nameOf(ref.kind, ref.name)} (${ref.apiVersion})`;
  const base = t(view.lang, 'describe.missing', { what, ns: view.namespace });
  // Every other kind at once: one round-trip, not one per kind.
  const others = WORKLOAD_KINDS.filter((k) => k.kind !== ref.kind || k.apiVersion !== ref.apiVersion);
  const found = await Promise.all(others.map((other) => view.find(other, ref.name).catch(() => undefined)));
  const other = others[found.findIndex(Boolean)];
  if (other) {
    return t(view.lang, 'describe.otherKind', { base, kind: other.kind, apiVersion: ref.apiVersion });
  }
  return base;
}

/** Finds the object a check targets, or undefined. */
export const findTarget = (view: NamespaceView, t: TypeRef & { name: string }): Promise<KubeObject | undefined> =>
  view.find(t, t.name);
