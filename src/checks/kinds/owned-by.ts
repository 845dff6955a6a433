import type { CheckOf } from '../../labs/schema.js';
import { formatLabels } from '../selector.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { explainMissing, nameOf } from '../describe.js';
import { controllerOf, describeSet, resolveSet } from '../objects.js';

/**
 * `owned-by`: each object of the set has `owner` as its controller in
 * metadata.ownerReferences (controller: true, same uid). With `owner.controlledBy`,
 * the owner may be any object of that kind that is itself controlled by the named one
 * (Pods → a ReplicaSet → Deployment nginx). For Pods that existed before their
 * ReplicaSet, this proves adoption.
 */
export async function checkOwnedBy(check: CheckOf<'owned-by'>, view: NamespaceView): Promise<Outcome> {
  const top = 'name' in check.owner ? check.owner : check.owner.controlledBy;
  const topObj = await view.find(top, top.name);
  if (!topObj) return failed(await explainMissing(view, top));
  const ownerUids = new Set<string>();
  let ownerName: string;
  if ('name' in check.owner) {
    ownerUids.add(topObj.metadata!.uid!);
    ownerName = nameOf(check.owner.kind, check.owner.name);
  } else {
    const owners = await resolveSet(view, { apiVersion: check.owner.apiVersion, kind: check.owner.kind, controlledBy: top });
    owners.objects.forEach((o) => ownerUids.add(o.metadata!.uid!));
    ownerName = `a ${check.owner.kind} of ${nameOf(top.kind, top.name)}`;
  }

  const { objects, missing } = await resolveSet(view, check.objects);
  const kind = check.objects.kind;
  const problems: Problem[] = missing.map((n) => ({ message: `${kind} ${n} no longer exists, so it cannot be owned by ${ownerName}; it was deleted or replaced` }));
  if (objects.length === 0 && missing.length === 0) problems.push({ message: `no ${describeSet(check.objects)} exist, so none is owned by ${ownerName}` });

  for (const obj of objects) {
    const controller = controllerOf(obj);
    const name = obj.metadata?.name;
    const path = `${kind} ${name} metadata.ownerReferences`;
    if (!controller) {
      problems.push({
        message: `${kind} ${name} has no controller in ownerReferences, so ${ownerName} did not adopt it; its labels are ${formatLabels(obj.metadata?.labels)}, does the selector match them?`,
        path,
        expected: ownerName,
        actual: undefined,
      });
    } else if (!ownerUids.has(controller.uid)) {
      const stale = 'name' in check.owner && controller.kind === check.owner.kind && controller.name === check.owner.name;
      problems.push({
        message: stale
          ? `${kind} ${name} is owned by an earlier ${ownerName} that was deleted and recreated`
          : `${kind} ${name} is owned by ${nameOf(controller.kind, controller.name)}, not ${ownerName}`,
        path,
        expected: ownerName,
        actual: nameOf(controller.kind, controller.name),
      });
    }
  }
  if (problems.length) return failed(problems[0]!.message, problems);
  return passed(`${objects.length === 1 ? `the ${kind} is` : `all ${objects.length} ${kind}s are`} owned by ${ownerName}`);
}
