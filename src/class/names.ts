import { CLASS_LABEL, LAB_LABEL, MANAGED_BY } from '../kube/namespace.js';

export { CLASS_LABEL };
/** The label naming the learner a lab namespace of a classroom belongs to. */
export const LEARNER_LABEL = 'cka-lab.dev/learner';

/** A DNS label (RFC 1123), as Kubernetes requires of namespace names. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Whether `name` may be a class or learner name: a DNS label of at most 20 characters. */
export const isClassName = (name: string): boolean => name.length <= 20 && DNS_LABEL.test(name);

/**
 * The namespace of one learner's lab: `<class>-<learner>-<lab>`, which `lab start --kubeconfig
 * <learner's file>` finds through the kubeconfig's class extension (see classLabNamespace).
 */
export const learnerNamespace = (klass: string, learner: string, labId: string): string =>
  `${learnerPrefix(klass, learner)}${labId}`;

/** The prefix of every lab namespace of one learner: `<class>-<learner>-`. */
export const learnerPrefix = (klass: string, learner: string): string => `${klass}-${learner}-`;

/** The namespace holding the class's ServiceAccounts, where learners have no rights: `<class>-class`. */
export const classNamespace = (klass: string): string => `${klass}-class`;

/** The ClusterRole the class's RoleBindings grant, in every lab namespace of a learner: `<class>-cka-lab-learner`. */
export const learnerRoleName = (klass: string): string => `${klass}-cka-lab-learner`;

/** The ServiceAccount of a learner, in {@link classNamespace}: `learner-<name>`. */
export const serviceAccountName = (learner: string): string => `learner-${learner}`;

/** The labels every object of a class carries (cka-lab's own, and the class's). */
export const classLabels = (klass: string): Record<string, string> => ({
  [MANAGED_BY.key]: MANAGED_BY.value,
  [CLASS_LABEL]: klass,
});

/** The label selector of every object of a class. */
export const classSelector = (klass: string): string => `${MANAGED_BY.key}=${MANAGED_BY.value},${CLASS_LABEL}=${klass}`;

/** The labels of a learner's lab namespace: the class's, the learner's and the lab's (as `lab start` sets). */
export const labNamespaceLabels = (klass: string, learner: string, labId: string): Record<string, string> => ({
  ...classLabels(klass),
  [LEARNER_LABEL]: learner,
  [LAB_LABEL]: labId,
});
