/**
 * The `can-i` check kind: what a subject may do, asked of the API server's authorizer through
 * SubjectAccessReview (authorization.k8s.io/v1), as `kubectl auth can-i --as` asks it. It judges
 * RBAC by its effect, not by the shape of the Roles and bindings: a ClusterRole bound by a
 * RoleBinding is as good as a Role, and a ClusterRoleBinding shows up as rights in other namespaces.
 */
import * as v from 'valibot';
import { defineCheckKind, type CheckData } from './define.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import type { KubeObject } from '../../kube/types.js';
import { nearMiss } from '../describe.js';
import { t, type Lang } from '../../i18n/t.js';

/**
 * Built-in resources by plural name: their API group and whether they live in a namespace
 * (Kubernetes API reference, `kubectl api-resources`). A request names one of these, or
 * `<plural>.<group>` for any other, so that a group cannot be wrong without notice (a
 * "cannot delete deployments" in the core group would pass whatever the Roles say).
 */
const RESOURCES: Record<string, { group: string; namespaced: boolean }> = {};
const add = (group: string, namespaced: boolean, plurals: string): void => {
  for (const p of plurals.split(' ')) RESOURCES[p] = { group, namespaced };
};
add('', true, 'pods services endpoints configmaps secrets serviceaccounts persistentvolumeclaims events');
add('', true, 'replicationcontrollers resourcequotas limitranges podtemplates bindings');
add('', false, 'nodes namespaces persistentvolumes componentstatuses');
add('apps', true, 'deployments replicasets statefulsets daemonsets controllerrevisions');
add('batch', true, 'jobs cronjobs');
add('autoscaling', true, 'horizontalpodautoscalers');
add('policy', true, 'poddisruptionbudgets');
add('networking.k8s.io', true, 'ingresses networkpolicies');
add('networking.k8s.io', false, 'ingressclasses');
add('discovery.k8s.io', true, 'endpointslices');
add('rbac.authorization.k8s.io', true, 'roles rolebindings');
add('rbac.authorization.k8s.io', false, 'clusterroles clusterrolebindings');
add('storage.k8s.io', false, 'storageclasses csidrivers csinodes volumeattachments');
add('scheduling.k8s.io', false, 'priorityclasses');
add('node.k8s.io', false, 'runtimeclasses');
add('apiextensions.k8s.io', false, 'customresourcedefinitions');
add('coordination.k8s.io', true, 'leases');
add('certificates.k8s.io', false, 'certificatesigningrequests');

/** The verbs of the Kubernetes authorizer (RBAC docs: resource verbs and the special ones). */
const VERBS = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
  'use',
  'bind',
  'escalate',
  'impersonate',
  'approve',
  'sign',
  '*',
] as const;

const Subject = v.strictObject({
  /** A user name, as `--as=jane`. */
  user: v.optional(v.string()),
  /** Groups, as `--as-group`; `system:authenticated` is always added, as impersonation adds it. */
  groups: v.optional(v.array(v.string())),
  /** A ServiceAccount: its name in the lab's namespace, or `{ name, namespace }`. */
  serviceAccount: v.optional(v.union([v.string(), v.strictObject({ name: v.string(), namespace: v.string() })])),
});

const Request = v.strictObject({
  verbs: v.pipe(v.array(v.picklist(VERBS)), v.minLength(1)),
  /** Plural resource name: a built-in one (`pods`, `deployments`), else `<plural>.<group>`. */
  resource: v.string(),
  subresource: v.optional(v.string()),
  /** One object's name (`kubectl auth can-i get pods/web`). */
  name: v.optional(v.string()),
  /** Default: the lab's namespace. */
  namespace: v.optional(v.string()),
  /** The request across all namespaces, as `kubectl auth can-i -A`. */
  allNamespaces: v.optional(v.boolean()),
  /** The answer expected for every verb. */
  allowed: v.boolean(),
});
type Request = v.InferOutput<typeof Request>;

const fields = { subject: Subject, requests: v.pipe(v.array(Request), v.minLength(1)) };
type CanICheck = CheckData<'can-i', typeof fields>;

/** The `can-i` check kind; its `description` says what it checks. */
export const canIKind = defineCheckKind({
  type: 'can-i',
  description:
    'The API server answers each request about `subject` (a user with groups, or a ServiceAccount) as ' +
    '`allowed` says: SubjectAccessReview, as `kubectl auth can-i --as` asks it, in the lab namespace unless ' +
    'the request names another `namespace` or `allNamespaces`.',
  fields,
  reads: () =>
    ['Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding'].map((kind) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind,
    })),
  problem: canIProblem,
  run: (check, view) => checkCanI(check, view, clientReviewer(view)),
});

/** A request's resource resolved: plural, API group, whether namespaced. */
interface Resolved {
  resource: string;
  group: string;
  namespaced: boolean;
}

/** The resource of a request: a built-in plural from the table, or `<plural>.<group>` (taken as namespaced). */
function resolve(resource: string): Resolved | undefined {
  const known = RESOURCES[resource];
  if (known) return { resource, ...known };
  const dot = resource.indexOf('.');
  if (dot <= 0) return undefined;
  const plural = resource.slice(0, dot);
  const group = resource.slice(dot + 1);
  const builtIn = RESOURCES[plural];
  if (builtIn && builtIn.group !== group) return undefined;
  return { resource: plural, group, namespaced: builtIn?.namespaced ?? true };
}

/** What the schema cannot say: one kind of subject, a known resource, one way to name the namespace. */
function canIProblem(check: CanICheck): { path: (string | number)[]; problem: string } | undefined {
  const { user, groups, serviceAccount } = check.subject;
  if (user !== undefined && serviceAccount !== undefined)
    return { path: ['subject'], problem: 'give either user or serviceAccount, not both' };
  if (user === undefined && serviceAccount === undefined && !groups?.length)
    return { path: ['subject'], problem: 'give user, serviceAccount or groups' };
  for (const [i, r] of check.requests.entries()) {
    if (!resolve(r.resource)) {
      const builtIn = RESOURCES[r.resource.split('.')[0]!];
      return {
        path: ['requests', i, 'resource'],
        problem: builtIn
          ? `${r.resource.split('.')[0]} is in the API group "${builtIn.group}"; write ${r.resource.split('.')[0]}`
          : `${r.resource} is not a built-in resource cka-lab knows; write it as <plural>.<group> ` +
            '(kubectl api-resources shows both)',
      };
    }
    if (r.namespace !== undefined && r.allNamespaces)
      return { path: ['requests', i, 'namespace'], problem: 'give either namespace or allNamespaces' };
  }
  return undefined;
}

/** One SubjectAccessReview's `spec` (authorization.k8s.io/v1). */
export interface AccessReviewSpec {
  user?: string;
  groups?: string[];
  resourceAttributes: {
    namespace?: string;
    verb: string;
    group?: string;
    resource: string;
    subresource?: string;
    name?: string;
  };
}

/**
 * Sends one SubjectAccessReview and returns it as the API server answered (with `status`).
 * @throws whatever the API request throws
 */
export type AccessReviewer = (spec: AccessReviewSpec) => Promise<KubeObject>;

/**
 * Asks the view's cluster (POST of a SubjectAccessReview, which is not stored).
 * @throws Error when the view has no client (fixtures without a cluster)
 */
const clientReviewer =
  (view: NamespaceView): AccessReviewer =>
  (spec) => {
    if (!view.client) throw new Error('asking what a subject may do needs a cluster');
    return view.client.create({ apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', spec });
  };

/** The user name and groups of the subject, as the API server sees it when kubectl impersonates it. */
function identity(subject: CanICheck['subject'], namespace: string): { user?: string; groups: string[] } {
  const sa =
    typeof subject.serviceAccount === 'string' ? { name: subject.serviceAccount, namespace } : subject.serviceAccount;
  const groups = [...(subject.groups ?? [])];
  if (sa) groups.push('system:serviceaccounts', `system:serviceaccounts:${sa.namespace}`);
  if (!groups.includes('system:authenticated')) groups.push('system:authenticated');
  const user = sa ? `system:serviceaccount:${sa.namespace}:${sa.name}` : subject.user;
  return { ...(user !== undefined ? { user } : {}), groups };
}

/** The namespace a request is asked in: none for a cluster-scoped resource or across all namespaces. */
const namespaceOf = (r: Request, res: Resolved, labNamespace: string): string | undefined =>
  !res.namespaced || r.allNamespaces ? undefined : (r.namespace ?? labNamespace);

/**
 * The SubjectAccessReview spec of one verb of a request; empty fields are left out, as the API
 * server leaves them out of its answer.
 */
export function reviewSpec(
  subject: CanICheck['subject'],
  request: Request,
  verb: string,
  labNamespace: string,
): AccessReviewSpec {
  const res = resolve(request.resource)!;
  const ns = namespaceOf(request, res, labNamespace);
  return {
    ...identity(subject, labNamespace),
    resourceAttributes: {
      ...(ns ? { namespace: ns } : {}),
      verb,
      ...(res.group ? { group: res.group } : {}),
      resource: res.resource,
      ...(request.subresource ? { subresource: request.subresource } : {}),
      ...(request.name ? { name: request.name } : {}),
    },
  };
}

/** The subject in words: `User jane`, `ServiceAccount deployer`, `Group ops`. */
function describeSubject(subject: CanICheck['subject'], labNamespace: string): string {
  const sa = subject.serviceAccount;
  if (sa !== undefined)
    return typeof sa === 'string' || sa.namespace === labNamespace
      ? `ServiceAccount ${typeof sa === 'string' ? sa : sa.name}`
      : `ServiceAccount ${sa.namespace}/${sa.name}`;
  const groups = subject.groups?.length ? subject.groups.join(', ') : '';
  if (subject.user === undefined) return `Group ${groups}`;
  return groups ? `User ${subject.user} (${groups})` : `User ${subject.user}`;
}

/** The `kubectl auth can-i` command that asks the same question. */
function command(subject: CanICheck['subject'], r: Request, verb: string, labNamespace: string): string {
  const res = resolve(r.resource)!;
  const ns = namespaceOf(r, res, labNamespace);
  const id = identity(subject, labNamespace);
  const what = (res.group ? `${res.resource}.${res.group}` : res.resource) + (r.name ? `/${r.name}` : '');
  const extraGroups = subject.serviceAccount === undefined ? (subject.groups ?? []) : [];
  return [
    `kubectl auth can-i ${verb} ${what}`,
    ...(r.subresource ? [`--subresource=${r.subresource}`] : []),
    ...(ns ? [`-n ${ns}`] : r.allNamespaces ? ['-A'] : []),
    ...(id.user !== undefined ? [`--as=${id.user}`] : ['--as=nobody']),
    ...extraGroups.map((g) => `--as-group=${g}`),
  ].join(' ');
}

/** A request in words: `delete pods in namespace lab-rbac`, `list nodes`. */
function describeRequest(r: Request, verbs: string[], labNamespace: string, lang: Lang): string {
  const res = resolve(r.resource)!;
  const ns = namespaceOf(r, res, labNamespace);
  const resource = res.resource + (r.name ? ` ${r.name}` : '') + (r.subresource ? `/${r.subresource}` : '');
  const where = ns
    ? t(lang, 'canI.inNamespace', { namespace: ns })
    : r.allNamespaces
      ? t(lang, 'canI.allNamespaces')
      : '';
  return t(lang, 'canI.request', { verbs: verbs.join(', '), resource, where }).trim();
}

/** The API server's reason, without the authorizer's `RBAC: ` prefix; empty when it gives none. */
const reasonOf = (review: KubeObject): string =>
  [review.status?.reason, review.status?.evaluationError]
    .filter((s): s is string => typeof s === 'string' && s !== '')
    .map((s) => s.replace(/^RBAC: /, ''))
    .join('; ');

/**
 * RoleBindings in the lab namespace that name something close to the subject but not the subject:
 * another kind of subject with its name (Group jane for User jane, User deployer for the
 * ServiceAccount), or a name one or two letters off. One sentence each.
 */
async function nearMisses(check: CanICheck, view: NamespaceView): Promise<string[]> {
  const { user, serviceAccount } = check.subject;
  const sa = typeof serviceAccount === 'string' ? { name: serviceAccount, namespace: view.namespace } : serviceAccount;
  const wanted = sa
    ? { kind: 'ServiceAccount', name: sa.name }
    : user !== undefined
      ? { kind: 'User', name: user }
      : undefined;
  if (!wanted) return [];
  const bindings = await view.list({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding' });
  const found: string[] = [];
  for (const rb of bindings) {
    for (const s of (rb.subjects ?? []) as { kind?: string; name?: string; namespace?: string }[]) {
      const name = s.name ?? '';
      const sameKind = s.kind === wanted.kind;
      const close = name === wanted.name || nearMiss(wanted.name, [name]) === name;
      const otherNamespace = sameKind && sa && name === sa.name && s.namespace && s.namespace !== sa.namespace;
      if (!close || (sameKind && name === wanted.name && !otherNamespace)) continue;
      const actual = otherNamespace ? `ServiceAccount ${s.namespace}/${name}` : `${s.kind} ${name}`;
      found.push(
        t(view.lang, 'canI.nearMiss', {
          binding: `RoleBinding ${rb.metadata?.name}`,
          actual,
          expected: `${wanted.kind} ${sa && otherNamespace ? `${sa.namespace}/` : ''}${wanted.name}`,
        }),
      );
    }
  }
  return found;
}

/**
 * `can-i`: every verb of every request is answered `allowed` as the check expects. Reviews are
 * sent in parallel; the verbs of a request answered wrongly for the same reason are one problem,
 * naming the request, the API server's reason (the binding that allows it) and the
 * `kubectl auth can-i` command that asks it again (for the first of those verbs).
 * @param review sends one SubjectAccessReview (the view's cluster; fixtures in unit tests)
 * @throws whatever `review` throws
 */
export async function checkCanI(check: CanICheck, view: NamespaceView, review: AccessReviewer): Promise<Outcome> {
  const lang = view.lang;
  const subject = describeSubject(check.subject, view.namespace);
  const asked = check.requests.flatMap((r) => r.verbs.map((verb) => ({ r, verb })));
  const answers = await Promise.all(
    asked.map(async ({ r, verb }) => ({
      r,
      verb,
      review: await review(reviewSpec(check.subject, r, verb, view.namespace)),
    })),
  );
  // The verbs of one request answered wrongly for the same reason make one problem.
  const wrong = new Map<string, { r: Request; verbs: string[]; allowed: boolean; reason: string }>();
  for (const { r, verb, review: answer } of answers) {
    const allowed = answer.status?.allowed === true;
    if (allowed === r.allowed) continue;
    const reason = reasonOf(answer);
    const key = `${check.requests.indexOf(r)}\n${reason}`;
    const found = wrong.get(key);
    if (found) found.verbs.push(verb);
    else wrong.set(key, { r, verbs: [verb], allowed, reason });
  }
  const problems: Problem[] = [...wrong.values()].map(({ r, verbs, allowed, reason }) => {
    const request = describeRequest(r, verbs, view.namespace, lang);
    const cmd = command(check.subject, r, verbs[0]!, view.namespace);
    return {
      message: allowed
        ? t(lang, 'canI.unexpectedYes', { subject, request, reason: reason || t(lang, 'canI.noReason'), command: cmd })
        : reason
          ? t(lang, 'canI.unexpectedNoBecause', { subject, request, reason, command: cmd })
          : t(lang, 'canI.unexpectedNo', { subject, request, command: cmd }),
      expected: r.allowed ? 'yes' : 'no',
      actual: allowed ? 'yes' : 'no',
    };
  });
  if (problems.length === 0) {
    const can = check.requests.filter((r) => r.allowed).map((r) => describeRequest(r, r.verbs, view.namespace, lang));
    const cannot = check.requests
      .filter((r) => !r.allowed)
      .map((r) => describeRequest(r, r.verbs, view.namespace, lang));
    if (!cannot.length) return passed(t(lang, 'canI.passedCan', { subject, can: can.join('; ') }));
    if (!can.length) return passed(t(lang, 'canI.passedCannot', { subject, cannot: cannot.join('; ') }));
    return passed(t(lang, 'canI.passedBoth', { subject, can: can.join('; '), cannot: cannot.join('; ') }));
  }
  const more = problems.length - 1;
  if (problems.some((p) => p.expected === 'yes')) {
    const misses = await nearMisses(check, view).catch(() => []);
    problems.push(...misses.map((message) => ({ message })));
  }
  return failed(t(lang, 'canI.failed', { first: problems[0]!.message, more }), problems);
}
