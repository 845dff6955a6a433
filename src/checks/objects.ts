import type { ObjectSet } from './kinds/fields.js';
import type { KubeObject } from '../kube/types.js';
import { formatSelector, selects } from './selector.js';
import type { NamespaceView } from './view.js';
import type { Lang } from '../i18n/text.js';

/** The object's controller in ownerReferences (controller: true), if any. */
export const controllerOf = (obj: KubeObject) => obj.metadata?.ownerReferences?.find((r) => r.controller);

/**
 * The objects of a set that exist and are not being deleted: filtered by names,
 * label selector and controller. Missing names are returned separately.
 */
export async function resolveSet(view: NamespaceView, set: ObjectSet): Promise<{ objects: KubeObject[]; missing: string[] }> {
  let objects = (await view.list(set)).filter((o) => !o.metadata?.deletionTimestamp);
  const missing: string[] = [];
  if (set.names) {
    missing.push(...set.names.filter((n) => !objects.some((o) => o.metadata?.name === n)));
    objects = objects.filter((o) => set.names!.includes(o.metadata!.name!));
  }
  if (set.selector) objects = objects.filter((o) => selects(set.selector, o.metadata?.labels));
  if (set.controlledBy) {
    const owner = await view.find(set.controlledBy, set.controlledBy.name);
    objects = owner ? objects.filter((o) => controllerOf(o)?.uid === owner.metadata?.uid) : [];
  }
  return { objects, missing };
}

/**
 * Describes a set in words: "Pods with app=myapp controlled by Deployment nginx", or in
 * Korean "Pod (selector app=myapp, 컨트롤러 Deployment nginx)".
 * @param lang the language (default English)
 */
export function describeSet(set: ObjectSet, lang: Lang = 'en'): string {
  if (lang === 'ko') {
    const head = set.names ? `${set.kind} ${set.names.join(', ')}` : set.kind;
    const notes = [set.selector && `selector ${formatSelector(set.selector)}`, set.controlledBy && `컨트롤러 ${set.controlledBy.kind} ${set.controlledBy.name}`].filter(Boolean);
    return notes.length ? `${head} (${notes.join(', ')})` : head;
  }
  const parts = [`${set.kind}s`];
  if (set.names) parts.push(set.names.join(', '));
  if (set.selector) parts.push(`with ${formatSelector(set.selector)}`);
  if (set.controlledBy) parts.push(`controlled by ${set.controlledBy.kind} ${set.controlledBy.name}`);
  return parts.join(' ');
}
