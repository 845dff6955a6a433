import { kindsUsed } from '../checks/watch.js';
import { readsFiles } from '../checks/kinds/index.js';
import type { Lab } from '../labs/lab.js';
import { isClusterScopedKind } from '../labs/scope.js';

/** Why a lab cannot be done by a learner of a class; each a key of the i18n catalogs. */
export type UnfitReason =
  | 'class.unfit.clusterScoped'
  | 'class.unfit.nodes'
  | 'class.unfit.controlPlane'
  | 'class.unfit.files'
  | 'class.unfit.tools';

/**
 * Why a lab is refused for a class, or undefined when learners can do it with rights in their own
 * namespaces only: a lab that creates cluster-scoped objects (`clusterScoped:`) or its own Nodes
 * (`requires: [nodes]`), or whose checks read cluster-scoped kinds (Nodes, PersistentVolumes...),
 * needs rights outside them; one that breaks the control plane on purpose (`controlPlane:`) would break
 * it for the whole class, and runs on cka-lab's local cluster only; one whose checks read the learner's
 * files cannot be graded by the instructor, who does not see them; one that needs cka-lab's tools
 * (helm, etcdctl) runs them on the cluster's machine.
 */
export function unfitReason(lab: Lab): UnfitReason | undefined {
  if ((lab.requires ?? []).includes('nodes')) return 'class.unfit.nodes';
  if ((lab.controlPlane ?? []).length > 0) return 'class.unfit.controlPlane';
  if ((lab.clusterScoped ?? []).length > 0) return 'class.unfit.clusterScoped';
  const checks = lab.tasks.flatMap((t) => t.checks);
  if (kindsUsed(lab).some((k) => isClusterScopedKind(k.kind))) return 'class.unfit.clusterScoped';
  if (checks.some(readsFiles)) return 'class.unfit.files';
  if ((lab.tools ?? []).length > 0) return 'class.unfit.tools';
  return undefined;
}
