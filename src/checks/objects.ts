import type { ObjectSet } from './kinds/fields.js';
import type { KubeObject } from '../kube/types.js';
import { formatSelector, selects } from './selector.js';
import type { NamespaceView } from './view.js';
import type { Lang } from '../i18n/text.js';
import { t } from '../i18n/t.js';

/** The object's controller in ownerReferences (controller: true), if any. */
export const controllerOf = (obj: KubeObject) => obj.metadata?.ownerReferences?.find((r) => r.controller);

/**
 * The objects of a set that exist and are not being deleted: filtered by names,
 * label selector and controller. Missing names are returned separately.
 */
export async function resolveSet(
  view: NamespaceView,
  set: ObjectSet,
): Promise<{ objects: KubeObject[]; missing: string[] }> {
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
  const kinds = t(lang, 'set.kinds', { kind: set.kind });
  const head = set.names ? `${kinds} ${set.names.join(', ')}` : kinds;
  const notes: string[] = [];
  if (set.selector) notes.push(t(lang, 'set.selector', { selector: formatSelector(set.selector) }));
  if (set.controlledBy) {
    notes.push(t(lang, 'set.controlledBy', { kind: set.controlledBy.kind, name: set.controlledBy.name }));
  }
  return notes.length ? t(lang, 'set.withNotes', { head, notes: notes.join(t(lang, 'set.noteSeparator')) }) : head;
}
