import * as v from 'valibot';
import { ObjectRef, ObjectSet } from './fields.js';
import { defineCheckKind, type CheckData } from './define.js';
import { formatLabels } from '../selector.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { t } from '../../i18n/t.js';
import { explainMissing, nameOf } from '../describe.js';
import { controllerOf, describeSet, resolveSet } from '../objects.js';

const fields = {
  objects: ObjectSet,
  /** An object by name, or (with `controlledBy`) any object of a kind that the named one controls. */
  owner: v.union(
    [ObjectRef, v.strictObject({ apiVersion: v.string(), kind: v.string(), controlledBy: ObjectRef })],
    'expected { apiVersion, kind, name }, or { apiVersion, kind, controlledBy: { apiVersion, kind, name } }',
  ),
};
type OwnedByCheck = CheckData<'owned-by', typeof fields>;

/** The `owned-by` check kind; its `description` says what it checks. */
export const ownedByKind = defineCheckKind({
  type: 'owned-by',
  description:
    'Every object of the set `objects` has `owner` as its controller in metadata.ownerReferences (same ' +
    'uid). With `owner: {apiVersion, kind, controlledBy}` the owner may be any object of that kind that ' +
    'the named object controls (Pods -> a ReplicaSet -> Deployment).',
  fields,
  reads: (check) => [check.objects, check.owner, ...('controlledBy' in check.owner ? [check.owner.controlledBy] : [])],
  run: checkOwnedBy,
});

/**
 * `owned-by`: each object of the set has `owner` as its controller in
 * metadata.ownerReferences (controller: true, same uid). With `owner.controlledBy`,
 * the owner may be any object of that kind that is itself controlled by the named one
 * (Pods → a ReplicaSet → Deployment nginx). For Pods that existed before their
 * ReplicaSet, this proves adoption.
 */
async function checkOwnedBy(check: OwnedByCheck, view: NamespaceView): Promise<Outcome> {
  const top = 'name' in check.owner ? check.owner : check.owner.controlledBy;
  const topObj = await view.find(top, top.name);
  if (!topObj) return failed(await explainMissing(view, top));
  const lang = view.lang;
  const ownerUids = new Set<string>();
  // `expected` keeps the English name (data for scripts); messages use `ownerName`.
  let ownerId: string;
  let ownerName: string;
  if ('name' in check.owner) {
    ownerUids.add(topObj.metadata!.uid!);
    ownerId = ownerName = nameOf(check.owner.kind, check.owner.name);
  } else {
    const owners = await resolveSet(view, {
      apiVersion: check.owner.apiVersion,
      kind: check.owner.kind,
      controlledBy: top,
    });
    owners.objects.forEach((o) => ownerUids.add(o.metadata!.uid!));
    const ownerOf = { kind: check.owner.kind, top: nameOf(top.kind, top.name) };
    ownerId = t('en', 'ownedBy.ownerOf', ownerOf);
    ownerName = t(lang, 'ownedBy.ownerOf', ownerOf);
  }

  const { objects, missing } = await resolveSet(view, check.objects);
  const kind = check.objects.kind;
  const problems: Problem[] = missing.map((n) => ({
    message: t(lang, 'ownedBy.gone', { kind, name: n, owner: ownerName }),
  }));
  if (objects.length === 0 && missing.length === 0) {
    const set = describeSet(check.objects, lang);
    problems.push({
      message: t(lang, 'ownedBy.none', { set, owner: ownerName }),
    });
  }

  for (const obj of objects) {
    const controller = controllerOf(obj);
    const name = obj.metadata?.name;
    const path = `${kind} ${name} metadata.ownerReferences`;
    if (!controller) {
      const labels = formatLabels(obj.metadata?.labels);
      // A Pod named in the check was meant to be adopted (the selector decides); any other one that
      // the set's selector takes in is a stray, made by hand beside the controller.
      const named = check.objects.names?.includes(name ?? '') ?? false;
      problems.push({
        message: named
          ? t(lang, 'ownedBy.noController', { kind, name, owner: ownerName, labels })
          : t(lang, 'ownedBy.stray', { kind, name, owner: ownerName, labels, lower: kind.toLowerCase() }),
        path,
        expected: ownerId,
        actual: undefined,
      });
    } else if (!ownerUids.has(controller.uid)) {
      const stale =
        'name' in check.owner && controller.kind === check.owner.kind && controller.name === check.owner.name;
      const actualOwner = nameOf(controller.kind, controller.name);
      problems.push({
        message: stale
          ? t(lang, 'ownedBy.stale', { kind, name, owner: ownerName })
          : t(lang, 'ownedBy.other', { kind, name, actual: actualOwner, owner: ownerName }),
        path,
        expected: ownerId,
        actual: nameOf(controller.kind, controller.name),
      });
    }
  }
  if (problems.length) return failed(problems[0]!.message, problems);
  return passed(
    objects.length === 1
      ? t(lang, 'ownedBy.passedOne', { kind, owner: ownerName })
      : t(lang, 'ownedBy.passedAll', { kind, n: objects.length, owner: ownerName }),
  );
}
