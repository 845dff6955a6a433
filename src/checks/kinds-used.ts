import type { CheckedLab as Lab } from './engine.js';
import type { Check } from '../labs/schema.js';
import { WORKLOAD_KINDS } from '../kube/resources.js';
import type { TypeRef } from '../kube/types.js';

const POD: TypeRef = { apiVersion: 'v1', kind: 'Pod' };

/** The API kinds one check reads. */
function kindsOf(check: Check): TypeRef[] {
  switch (check.type) {
    case 'object':
    case 'selector':
      return [check.target];
    case 'pods-ready':
      return [POD];
    case 'owned-by':
      return [check.objects, check.owner, ...('controlledBy' in check.owner ? [check.owner.controlledBy] : [])];
    case 'absent':
    case 'any':
      return [check.objects, ...(check.objects.controlledBy ? [check.objects.controlledBy] : [])];
    case 'endpoints':
      return [{ apiVersion: 'v1', kind: 'Service' }, { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' }, POD];
    case 'rollout':
      return [{ apiVersion: 'apps/v1', kind: 'Deployment' }];
    case 'file':
      return [];
  }
}

/**
 * Every kind a lab's checks read, plus the workload kinds that explain a missing
 * object (a ReplicationController named like the expected ReplicaSet, say): the
 * kinds `lab check --watch` watches.
 */
export function kindsUsed(lab: Lab): TypeRef[] {
  const all = [...lab.tasks.flatMap((t) => t.checks.flatMap(kindsOf)), ...WORKLOAD_KINDS];
  const seen = new Map<string, TypeRef>();
  for (const { apiVersion, kind } of all) seen.set(`${apiVersion}/${kind}`, { apiVersion, kind });
  return [...seen.values()];
}

/** Whether any check reads the learner's files (then `--watch` also watches the folder). */
export const usesFiles = (lab: Lab): boolean => lab.tasks.some((t) => t.checks.some((c) => c.type === 'file'));
