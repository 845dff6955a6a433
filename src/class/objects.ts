import type { KubeObject } from '../kube/types.js';
import {
  classLabels,
  classNamespace,
  labNamespaceLabels,
  LEARNER_LABEL,
  learnerNamespace,
  learnerRoleName,
  serviceAccountName,
} from './names.js';

/** A class as `lab class create` makes it: its name, its learners and the labs each learner gets. */
export interface ClassPlan {
  name: string;
  learners: readonly string[];
  labs: readonly string[];
}

/**
 * The namespaced core resources a learner may use in a lab namespace. Listed, not `*`: `*` in
 * the core group would also grant `namespaces`, and a RoleBinding's rule on namespaces applies to
 * the namespace object itself (the RBAC authorizer treats a request for namespace X as in X), so
 * a learner could delete or relabel it. Names from the Kubernetes API reference.
 */
const CORE_RESOURCES = [
  'pods',
  'pods/log',
  'pods/exec',
  'pods/attach',
  'pods/portforward',
  'pods/eviction',
  'pods/ephemeralcontainers',
  'pods/status',
  'services',
  'services/proxy',
  'endpoints',
  'configmaps',
  'secrets',
  'serviceaccounts',
  'serviceaccounts/token',
  'persistentvolumeclaims',
  'replicationcontrollers',
  'replicationcontrollers/scale',
  'replicationcontrollers/status',
  'events',
  'limitranges',
  'resourcequotas',
  'podtemplates',
];

/**
 * API groups whose every resource a learner may use in a lab namespace: through a RoleBinding a
 * ClusterRole's rules reach only namespaced resources of the binding's namespace, so `*` gives
 * nothing cluster-scoped (ClusterRoles, StorageClasses, Nodes stay out of reach).
 */
const NAMESPACED_GROUPS = [
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'networking.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'coordination.k8s.io',
  'rbac.authorization.k8s.io',
];

/**
 * The ClusterRole of a class's learners: full use of the namespaced resources of a lab namespace,
 * and read access to that namespace object (what `lab start` and `lab check` read), granted only
 * through a RoleBinding in each of the learner's lab namespaces.
 */
export function learnerRole(klass: string): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: learnerRoleName(klass), labels: classLabels(klass) },
    rules: [
      { apiGroups: [''], resources: CORE_RESOURCES, verbs: ['*'] },
      { apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'watch'] },
      { apiGroups: NAMESPACED_GROUPS, resources: ['*'], verbs: ['*'] },
    ],
  };
}

/** The namespace holding the class's ServiceAccounts (learners get no rights in it). */
export function accountsNamespace(klass: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name: classNamespace(klass), labels: classLabels(klass) } };
}

/** A learner's ServiceAccount, in {@link accountsNamespace}. */
export function learnerAccount(klass: string, learner: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: {
      name: serviceAccountName(learner),
      namespace: classNamespace(klass),
      labels: { ...classLabels(klass), [LEARNER_LABEL]: learner },
    },
  };
}

/** A learner's lab namespace, labelled as started with that lab (see names.ts). */
export function labNamespace(klass: string, learner: string, labId: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: learnerNamespace(klass, learner, labId), labels: labNamespaceLabels(klass, learner, labId) },
  };
}

/** The RoleBinding that gives a learner's ServiceAccount the class's ClusterRole in one lab namespace. */
export function learnerBinding(klass: string, learner: string, labId: string): KubeObject {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: {
      name: `${klass}-cka-lab-learner`,
      namespace: learnerNamespace(klass, learner, labId),
      labels: { ...classLabels(klass), [LEARNER_LABEL]: learner },
    },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: learnerRoleName(klass) },
    subjects: [{ kind: 'ServiceAccount', name: serviceAccountName(learner), namespace: classNamespace(klass) }],
  };
}

/** The username the API server gives a learner's ServiceAccount, for SubjectAccessReviews. */
export const learnerUser = (klass: string, learner: string): string =>
  `system:serviceaccount:${classNamespace(klass)}:${serviceAccountName(learner)}`;
