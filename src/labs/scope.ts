/**
 * What a lab may own outside its namespace: which kinds are cluster-scoped (decided without
 * a cluster), which of them a lab may declare in `clusterScoped:`, and the rules a
 * cluster-scoped object of a lab must follow. Pure functions: no I/O.
 */

import type { KubeObject, TypeRef } from '../kube/types.js';
import { needsLabNodes } from './lab-nodes.js';

/**
 * The cluster-scoped kinds of Kubernetes 1.35 with the apiVersion cka-lab uses for them,
 * from the API reference (https://kubernetes.io/docs/reference/kubernetes-api/, each kind's
 * page shows no `namespace` in its HTTP paths; `kubectl api-resources --namespaced=false`
 * lists the same). Looked up by kind name alone: a custom kind that shares one of these
 * names is treated as cluster-scoped too, which is the safe side.
 */
export const CLUSTER_SCOPED_KINDS: Readonly<Record<string, string>> = {
  Namespace: 'v1',
  Node: 'v1',
  PersistentVolume: 'v1',
  ComponentStatus: 'v1',
  ClusterRole: 'rbac.authorization.k8s.io/v1',
  ClusterRoleBinding: 'rbac.authorization.k8s.io/v1',
  StorageClass: 'storage.k8s.io/v1',
  CSIDriver: 'storage.k8s.io/v1',
  CSINode: 'storage.k8s.io/v1',
  VolumeAttachment: 'storage.k8s.io/v1',
  VolumeAttributesClass: 'storage.k8s.io/v1',
  PriorityClass: 'scheduling.k8s.io/v1',
  CustomResourceDefinition: 'apiextensions.k8s.io/v1',
  IngressClass: 'networking.k8s.io/v1',
  GatewayClass: 'gateway.networking.k8s.io/v1',
  IPAddress: 'networking.k8s.io/v1',
  ServiceCIDR: 'networking.k8s.io/v1',
  RuntimeClass: 'node.k8s.io/v1',
  ValidatingWebhookConfiguration: 'admissionregistration.k8s.io/v1',
  MutatingWebhookConfiguration: 'admissionregistration.k8s.io/v1',
  ValidatingAdmissionPolicy: 'admissionregistration.k8s.io/v1',
  ValidatingAdmissionPolicyBinding: 'admissionregistration.k8s.io/v1',
  MutatingAdmissionPolicy: 'admissionregistration.k8s.io/v1beta1',
  MutatingAdmissionPolicyBinding: 'admissionregistration.k8s.io/v1beta1',
  APIService: 'apiregistration.k8s.io/v1',
  CertificateSigningRequest: 'certificates.k8s.io/v1',
  ClusterTrustBundle: 'certificates.k8s.io/v1beta1',
  FlowSchema: 'flowcontrol.apiserver.k8s.io/v1',
  PriorityLevelConfiguration: 'flowcontrol.apiserver.k8s.io/v1',
  TokenReview: 'authentication.k8s.io/v1',
  SelfSubjectReview: 'authentication.k8s.io/v1',
  SubjectAccessReview: 'authorization.k8s.io/v1',
  SelfSubjectAccessReview: 'authorization.k8s.io/v1',
  SelfSubjectRulesReview: 'authorization.k8s.io/v1',
  DeviceClass: 'resource.k8s.io/v1',
  ResourceSlice: 'resource.k8s.io/v1',
  StorageVersion: 'internal.apiserver.k8s.io/v1alpha1',
  StorageVersionMigration: 'storagemigration.k8s.io/v1alpha1',
};

/**
 * The cluster-scoped kinds a lab may declare in `clusterScoped:` (what the CKA curriculum
 * needs). Webhooks, API services, flow control and the rest can break the whole cluster, so
 * no lab may create them.
 */
export const DECLARABLE_KINDS = [
  'ClusterRole',
  'ClusterRoleBinding',
  'PersistentVolume',
  'StorageClass',
  'PriorityClass',
  'CustomResourceDefinition',
  'IngressClass',
  'GatewayClass',
  'RuntimeClass',
] as const;

/** Whether objects of `kind` live outside namespaces (see {@link CLUSTER_SCOPED_KINDS}). */
export const isClusterScopedKind = (kind: string): boolean => Object.hasOwn(CLUSTER_SCOPED_KINDS, kind);

/** The API type cka-lab lists a declarable cluster-scoped kind with (for cleanup). */
export function clusterTypeOf(kind: string): TypeRef {
  return { apiVersion: CLUSTER_SCOPED_KINDS[kind] ?? 'v1', kind };
}

/**
 * What a lab owns outside its namespace: its id, the cluster-scoped kinds it declared, and what it
 * requires (`nodes`: its own simulated Nodes, see src/labs/lab-nodes.ts).
 */
export interface ScopeOwner {
  id: string;
  clusterScoped: readonly string[];
  requires?: readonly string[];
}

/** The name prefix every cluster-scoped object of a lab carries: `<lab id>-`. */
export const ownedPrefix = (labId: string): string => `${labId}-`;

/**
 * The API group of a lab's own CustomResourceDefinitions, `<lab id>.cka-lab.dev`: a CRD's name is
 * `<plural>.<group>` (the API server requires it), so it cannot start with the lab's prefix; a CRD
 * in this group is the lab's.
 */
export const ownedGroup = (labId: string): string => `${labId}.cka-lab.dev`;

/** Whether a cluster-scoped object of `kind` named `name` is named as lab `labId`'s own. */
export function isOwnedName(labId: string, kind: string, name: string): boolean {
  if (name.startsWith(ownedPrefix(labId))) return true;
  return kind === 'CustomResourceDefinition' && name.endsWith(`.${ownedGroup(labId)}`);
}

/** What a cluster-scoped object of `kind` must be named, as a clause: `start with "<id>-"`. */
const nameRule = (labId: string, kind: string): string =>
  kind === 'CustomResourceDefinition'
    ? `start with "${ownedPrefix(labId)}" or end with ".${ownedGroup(labId)}" (its API group)`
    : `start with "${ownedPrefix(labId)}"`;

/**
 * Why a lab may not declare `kind` in `clusterScoped:`, or undefined when it may. `Node` is
 * declarable only by a lab that `requires: [nodes]` (its own simulated Nodes).
 * @param owner the lab (its `requires:`); without it, Node is refused
 * @returns one clause, without a final full stop
 */
export function declarationProblem(kind: string, owner?: ScopeOwner): string | undefined {
  if ((DECLARABLE_KINDS as readonly string[]).includes(kind)) return undefined;
  if (kind === 'Namespace') return 'a lab cannot create Namespaces: it gets exactly one, its own';
  if (kind === 'Node')
    return owner && needsLabNodes(owner)
      ? undefined
      : 'a lab may create and change Nodes only with `requires: [nodes]` (its own simulated Nodes)';
  return `a lab may declare only Node (with requires: [nodes]), ${DECLARABLE_KINDS.join(', ')}`;
}

/** The groups and users no lab may grant anything to: anyone reaching the API server. */
const EVERYONE = new Set(['system:anonymous', 'system:unauthenticated', 'system:authenticated']);

/**
 * Why a lab may not create `obj`, or undefined when it may: a cluster-scoped object must be
 * of a kind the lab declared (never a Namespace; a Node only with `requires: [nodes]`) and be named `<lab id>-...`; no
 * binding may grant anything to anonymous or all users. Namespaced objects always may (they
 * land in the lab's namespace whatever their `metadata.namespace` says).
 * @param clusterScoped whether the object is cluster-scoped (from {@link isClusterScopedKind},
 *   or from discovery at apply time)
 * @returns one clause, without a final full stop
 */
export function objectProblem(
  owner: ScopeOwner,
  obj: KubeObject,
  clusterScoped = isClusterScopedKind(obj.kind ?? ''),
): string | undefined {
  const what = `${obj.kind} ${obj.metadata?.name}`;
  if (obj.kind === 'ClusterRoleBinding' || obj.kind === 'RoleBinding') {
    const subjects = (obj as { subjects?: { name?: string }[] }).subjects ?? [];
    const everyone = subjects.find((s) => EVERYONE.has(String(s?.name)));
    if (everyone) return `${what} grants rights to ${everyone.name}, which means anyone who reaches the API server`;
  }
  if (!clusterScoped) return undefined;
  const kind = obj.kind ?? '';
  if (kind === 'Namespace' || (kind === 'Node' && !needsLabNodes(owner)))
    return `${what} is a ${kind}, and ${declarationProblem(kind, owner)}`;
  if (!owner.clusterScoped.includes(kind))
    return `${what} is cluster-scoped, and the lab does not declare ${kind} in clusterScoped`;
  if (!isOwnedName(owner.id, kind, String(obj.metadata?.name ?? '')))
    return `${what} is cluster-scoped, so its name must ${nameRule(owner.id, kind)}`;
  return undefined;
}

/**
 * Why a `patch`, `scale` or `delete` step may not target `ref`, or undefined when it may (the
 * load-time half; at run time the object must also carry this lab's labels).
 * @returns one clause, without a final full stop
 */
export function targetProblem(owner: ScopeOwner, ref: TypeRef & { name: string }): string | undefined {
  if (!isClusterScopedKind(ref.kind)) return undefined;
  if (ref.kind === 'Node' && !needsLabNodes(owner)) return `${declarationProblem('Node', owner)}`;
  if (ref.kind === 'Namespace') return 'a lab cannot change or delete Namespaces';
  if (!owner.clusterScoped.includes(ref.kind))
    return `${ref.kind} ${ref.name} is cluster-scoped, and the lab does not declare ${ref.kind} in clusterScoped`;
  if (!isOwnedName(owner.id, ref.kind, ref.name))
    return (
      `${ref.kind} ${ref.name} is cluster-scoped and not the lab's own ` +
      `(its name must ${nameRule(owner.id, ref.kind)})`
    );
  return undefined;
}
