import type { KubeObject, TypeRef } from '../kube/types.js';
import { WORKLOAD_KINDS } from '../kube/resources.js';
import type { NamespaceView } from './view.js';
import { say } from '../i18n/text.js';

/** "ReplicaSet myapp-replicaset" */
export const nameOf = (kind: string, name: string): string => `${kind} ${name}`;

/** Reads a dotted path (`spec.template.metadata.labels`) from an object. */
export function getPath(obj: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), obj);
}

/**
 * Explains a missing object, in `view.lang`: names any other workload kind that has
 * the expected name (a ReplicationController where a ReplicaSet was asked, say).
 * Lookups of the other kinds that fail are ignored, so it never throws for them.
 */
export async function explainMissing(view: NamespaceView, ref: TypeRef & { name: string }): Promise<string> {
  const what = `${nameOf(ref.kind, ref.name)} (${ref.apiVersion})`;
  const base = say(view.lang, `${what} does not exist in namespace ${view.namespace}`, `${what}이(가) 네임스페이스 ${view.namespace}에 없습니다`);
  // Every other kind at once: one round-trip, not one per kind.
  const others = WORKLOAD_KINDS.filter((k) => k.kind !== ref.kind || k.apiVersion !== ref.apiVersion);
  const found = await Promise.all(others.map((other) => view.find(other, ref.name).catch(() => undefined)));
  const other = others[found.findIndex(Boolean)];
  if (other) {
    return say(
      view.lang,
      `${base}; there is a ${other.kind} with that name, so check the kind (and apiVersion ${ref.apiVersion})`,
      `${base}; 같은 이름의 ${other.kind}이(가) 있으니 kind(와 apiVersion ${ref.apiVersion})를 확인하세요`,
    );
  }
  return base;
}

/** Finds the object a check targets, or undefined. */
export const findTarget = (view: NamespaceView, t: TypeRef & { name: string }): Promise<KubeObject | undefined> => view.find(t, t.name);
