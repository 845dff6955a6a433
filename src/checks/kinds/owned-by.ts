import type { CheckOf } from '../../labs/schema.js';
import { formatLabels } from '../selector.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { explainMissing, nameOf } from '../describe.js';
import { podsMatching } from '../pods.js';
import type { KubeObject } from '../../kube/types.js';

/**
 * `owned-by`: each Pod has `owner` as its controller in metadata.ownerReferences
 * (controller: true, same kind, name and uid). For Pods that existed before their
 * ReplicaSet, this proves the ReplicaSet adopted them.
 */
export async function checkOwnedBy(check: CheckOf<'owned-by'>, view: NamespaceView): Promise<Outcome> {
  const ownerName = nameOf(check.owner.kind, check.owner.name);
  const owner = await view.find(check.owner, check.owner.name);
  if (!owner) return failed(await explainMissing(view, check.owner));

  let pods: KubeObject[];
  const problems: Problem[] = [];
  if ('names' in check.pods) {
    const all = await view.list({ apiVersion: 'v1', kind: 'Pod' });
    pods = [];
    for (const name of check.pods.names) {
      const pod = all.find((p) => p.metadata?.name === name);
      if (pod) pods.push(pod);
      else problems.push({ message: `Pod ${name} no longer exists, so it cannot be owned by ${ownerName}; it was deleted or replaced` });
    }
  } else {
    pods = await podsMatching(view, check.pods.selector);
    if (pods.length === 0) problems.push({ message: `no Pods match the selector, so none is owned by ${ownerName}` });
  }

  for (const pod of pods) {
    const refs = pod.metadata?.ownerReferences ?? [];
    const controller = refs.find((r) => r.controller);
    const name = pod.metadata?.name;
    const path = `Pod ${name} metadata.ownerReferences`;
    if (!controller) {
      problems.push({
        message: `Pod ${name} has no controller in ownerReferences, so ${ownerName} did not adopt it; its labels are ${formatLabels(pod.metadata?.labels)}, does the selector match them?`,
        path,
        expected: ownerName,
        actual: undefined,
      });
    } else if (controller.kind !== check.owner.kind || controller.name !== check.owner.name || controller.uid !== owner.metadata?.uid) {
      const stale = controller.kind === check.owner.kind && controller.name === check.owner.name;
      problems.push({
        message: stale
          ? `Pod ${name} is owned by an earlier ${ownerName} that was deleted and recreated (uid ${controller.uid})`
          : `Pod ${name} is owned by ${nameOf(controller.kind, controller.name)}, not ${ownerName}`,
        path,
        expected: ownerName,
        actual: nameOf(controller.kind, controller.name),
      });
    }
  }
  if (problems.length) return failed(problems[0]!.message, problems);
  return passed(`${pods.length === 1 ? 'the Pod is' : `all ${pods.length} Pods are`} owned by ${ownerName}`);
}
