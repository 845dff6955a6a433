import * as v from 'valibot';
import { ObjectRef, ObjectSet } from './fields.js';
import { defineCheckKind, type CheckData } from './define.js';
import { formatLabels } from '../selector.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { say } from '../../i18n/text.js';
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
    ownerId = `a ${check.owner.kind} of ${nameOf(top.kind, top.name)}`;
    ownerName = say(lang, ownerId, `${nameOf(top.kind, top.name)}의 ${check.owner.kind}`);
  }

  const { objects, missing } = await resolveSet(view, check.objects);
  const kind = check.objects.kind;
  const problems: Problem[] = missing.map((n) => ({
    message: say(
      lang,
      `${kind} ${n} no longer exists, so it cannot be owned by ${ownerName}; it was deleted or replaced`,
      `${kind} ${n}이(가) 더 이상 없으므로 ${ownerName}의 소유일 수 없습니다; 삭제되었거나 교체되었습니다`,
    ),
  }));
  if (objects.length === 0 && missing.length === 0) {
    const set = describeSet(check.objects, lang);
    problems.push({
      message: say(
        lang,
        `no ${set} exist, so none is owned by ${ownerName}`,
        `${set}이(가) 없으므로 ${ownerName}이(가) 소유한 것도 없습니다`,
      ),
    });
  }

  for (const obj of objects) {
    const controller = controllerOf(obj);
    const name = obj.metadata?.name;
    const path = `${kind} ${name} metadata.ownerReferences`;
    if (!controller) {
      const labels = formatLabels(obj.metadata?.labels);
      problems.push({
        message: say(
          lang,
          `${kind} ${name} has no controller in ownerReferences, so ${ownerName} did not adopt it; its labels are ${labels}, does the selector match them?`,
          `${kind} ${name}의 ownerReferences에 controller가 없어 ${ownerName}이(가) adopt하지 않았습니다; 레이블이 ${labels}인데 selector와 맞나요?`,
        ),
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
          ? say(
              lang,
              `${kind} ${name} is owned by an earlier ${ownerName} that was deleted and recreated`,
              `${kind} ${name}의 소유자는 삭제 후 다시 만들어지기 전의 ${ownerName}입니다`,
            )
          : say(
              lang,
              `${kind} ${name} is owned by ${actualOwner}, not ${ownerName}`,
              `${kind} ${name}의 소유자는 ${ownerName}이(가) 아니라 ${actualOwner}입니다`,
            ),
        path,
        expected: ownerId,
        actual: nameOf(controller.kind, controller.name),
      });
    }
  }
  if (problems.length) return failed(problems[0]!.message, problems);
  return passed(
    say(
      lang,
      `${objects.length === 1 ? `the ${kind} is` : `all ${objects.length} ${kind}s are`} owned by ${ownerName}`,
      objects.length === 1
        ? `${kind}의 소유자가 ${ownerName}입니다`
        : `${kind} ${objects.length}개 모두 소유자가 ${ownerName}입니다`,
    ),
  );
}
