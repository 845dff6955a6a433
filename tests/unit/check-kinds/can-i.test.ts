import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { checkCanI, type AccessReviewer } from '../../../src/checks/kinds/can-i.js';
import { checkProblem, runCheck } from '../../../src/checks/kinds/index.js';
import type { KubeObject } from '../../../src/kube/types.js';
import type { Lang } from '../../../src/i18n/text.js';
import { checkOf, FIXTURES, viewOf } from './fixtures.js';

/**
 * Real SubjectAccessReviews (spec as kubectl auth can-i --as sends it, status as the API server
 * answered) and the RoleBindings of namespace lab-rbac, per RBAC state; made by can-i-capture.sh.
 * role: Role pod-reader (get, list, watch pods) bound to User jane, Role deployer (manage
 * deployments) bound to ServiceAccount deployer; cluster-wide: the same rules for jane through a
 * ClusterRoleBinding; verbs-star: pod-reader with verbs ["*"]; near-misses: a RoleBinding for Group
 * jane and User Jane, one of ClusterRole edit for User deployer and ServiceAccount default/deployer.
 */
type Scenario = 'role' | 'cluster-wide' | 'verbs-star' | 'near-misses';
const CAPTURED = JSON.parse(readFileSync(join(FIXTURES, 'can-i.json'), 'utf8')) as Record<
  Scenario,
  { objects: KubeObject[]; reviews: KubeObject[] }
>;

/** Answers with the captured review whose spec is exactly the one sent; any other spec is a test failure. */
const reviewer =
  (scenario: Scenario): AccessReviewer =>
  (spec) => {
    const found = CAPTURED[scenario].reviews.find((r) => isDeepStrictEqual(r.spec, spec));
    if (!found) throw new Error(`no captured review has the spec ${JSON.stringify(spec)}`);
    return Promise.resolve(structuredClone(found));
  };

const canI = (scenario: Scenario, fields: Record<string, unknown>, lang: Lang = 'en') =>
  checkCanI(
    checkOf('can-i', fields),
    viewOf(CAPTURED[scenario].objects, { namespace: 'lab-rbac', lang }),
    reviewer(scenario),
  );

const janeReads = {
  subject: { user: 'jane' },
  requests: [
    { verbs: ['get', 'list', 'watch'], resource: 'pods', allowed: true },
    { verbs: ['delete', 'create'], resource: 'pods', allowed: false },
    { verbs: ['get'], resource: 'pods', namespace: 'default', allowed: false },
    { verbs: ['list'], resource: 'pods', allNamespaces: true, allowed: false },
    { verbs: ['list'], resource: 'secrets', allowed: false },
  ],
};

describe('check kind can-i', () => {
  it('passes when every answer is the expected one, in the lab namespace and outside it', async () => {
    const outcome = await canI('role', janeReads);
    expect(outcome).toEqual({
      pass: true,
      summary:
        'User jane can get, list, watch pods in namespace lab-rbac, and cannot delete, create pods in namespace ' +
        'lab-rbac; get pods in namespace default; list pods in all namespaces; list secrets in namespace lab-rbac',
      problems: [],
    });
  });

  it('asks about a ServiceAccount with its user name and groups, resources of a group, another namespace', async () => {
    const outcome = await canI('role', {
      subject: { serviceAccount: 'deployer' },
      requests: [
        { verbs: ['get', 'create', 'delete'], resource: 'deployments', allowed: true },
        { verbs: ['create'], resource: 'deployments.apps', namespace: 'default', allowed: false },
      ],
    });
    expect(outcome.summary).toBe(
      'ServiceAccount deployer can get, create, delete deployments in namespace lab-rbac, and cannot create ' +
        'deployments in namespace default',
    );
    expect(outcome.pass).toBe(true);
  });

  it('asks about a cluster-scoped resource without a namespace, a subresource of one named object', async () => {
    const outcome = await canI('role', {
      subject: { groups: ['ops'] },
      requests: [{ verbs: ['list'], resource: 'nodes', allowed: false }],
    });
    expect(outcome.summary).toBe('Group ops cannot list nodes');
    const log = await canI('role', {
      subject: { user: 'jane' },
      requests: [{ verbs: ['get'], resource: 'pods', name: 'web', subresource: 'log', allowed: true }],
    });
    expect(log.pass).toBe(false);
    expect(log.problems).toEqual([
      {
        message:
          'User jane cannot get pods web/log in namespace lab-rbac, but should be able to ' +
          '(kubectl auth can-i get pods/web --subresource=log -n lab-rbac --as=jane says no)',
        expected: 'yes',
        actual: 'no',
      },
    ]);
  });

  it('fails a ClusterRoleBinding: rights in another namespace, naming the binding that grants them', async () => {
    const outcome = await canI('cluster-wide', janeReads);
    expect(outcome.pass).toBe(false);
    expect(outcome.problems).toEqual([
      {
        message:
          'User jane can get pods in namespace default, but should not: allowed by ClusterRoleBinding ' +
          '"rbac-pod-reader-jane" of ClusterRole "rbac-pod-reader" to User "jane" ' +
          '(kubectl auth can-i get pods -n default --as=jane says yes)',
        expected: 'no',
        actual: 'yes',
      },
      {
        message:
          'User jane can list pods in all namespaces, but should not: allowed by ClusterRoleBinding ' +
          '"rbac-pod-reader-jane" of ClusterRole "rbac-pod-reader" to User "jane" ' +
          '(kubectl auth can-i list pods -A --as=jane says yes)',
        expected: 'no',
        actual: 'yes',
      },
    ]);
    expect(outcome.summary).toBe(`${outcome.problems[0]!.message} (and 1 more)`);
  });

  it('fails verbs ["*"] where only reading is allowed, the verbs allowed for one reason in one problem', async () => {
    const outcome = await canI('verbs-star', janeReads);
    expect(outcome.problems).toEqual([
      {
        message:
          'User jane can delete, create pods in namespace lab-rbac, but should not: allowed by RoleBinding ' +
          '"pod-reader-jane/lab-rbac" of Role "pod-reader" to User "jane" ' +
          '(kubectl auth can-i delete pods -n lab-rbac --as=jane says yes)',
        expected: 'no',
        actual: 'yes',
      },
    ]);
  });

  it('names a RoleBinding that binds a near miss of the subject when the subject lacks a right', async () => {
    const jane = await canI('near-misses', janeReads);
    expect(jane.pass).toBe(false);
    expect(jane.problems.slice(1).map((p) => p.message)).toEqual([
      'RoleBinding pod-reader-jane binds Group jane, not User jane',
      'RoleBinding pod-reader-jane binds User Jane, not User jane',
    ]);
    expect(jane.summary).toBe(
      'User jane cannot get, list, watch pods in namespace lab-rbac, but should be able to ' +
        '(kubectl auth can-i get pods -n lab-rbac --as=jane says no)',
    );
    const sa = await canI('near-misses', {
      subject: { serviceAccount: 'deployer' },
      requests: [{ verbs: ['create'], resource: 'deployments', allowed: true }],
    });
    expect(sa.problems.map((p) => p.message)).toEqual([
      'ServiceAccount deployer cannot create deployments in namespace lab-rbac, but should be able to ' +
        '(kubectl auth can-i create deployments.apps -n lab-rbac --as=system:serviceaccount:lab-rbac:deployer says no)',
      'RoleBinding deployer binds User deployer, not ServiceAccount deployer',
      'RoleBinding deployer binds ServiceAccount default/deployer, not ServiceAccount lab-rbac/deployer',
    ]);
  });

  it('says it in Korean', async () => {
    const ok = await canI('role', { subject: { user: 'jane' }, requests: [janeReads.requests[0]] }, 'ko');
    expect(ok.summary).toBe('User jane은 namespace lab-rbac에서 pods를 get, list, watch할 수 있습니다');
    const wrong = await canI('cluster-wide', { subject: { user: 'jane' }, requests: [janeReads.requests[2]] }, 'ko');
    expect(wrong.summary).toBe(
      'User jane은 namespace default에서 pods를 get할 수 있는데, 그러면 안 됩니다: allowed by ClusterRoleBinding ' +
        '"rbac-pod-reader-jane" of ClusterRole "rbac-pod-reader" to User "jane" ' +
        '(kubectl auth can-i get pods -n default --as=jane의 답이 yes)',
    );
  });

  it('fails the check, not the run, without a cluster to ask', async () => {
    const check = checkOf('can-i', janeReads);
    await expect(runCheck(check, viewOf([], { namespace: 'lab-rbac' }))).rejects.toThrow(
      'asking what a subject may do needs a cluster',
    );
  });

  it('refuses requests that could pass for the wrong reason: an unknown resource, a wrong group, a verb typo', () => {
    const problem = (fields: Record<string, unknown>) => checkProblem(checkOf('can-i', fields));
    const one = (request: Record<string, unknown>) =>
      problem({ subject: { user: 'jane' }, requests: [{ verbs: ['get'], allowed: false, ...request }] });
    expect(one({ resource: 'deployment' })).toEqual({
      path: ['requests', 0, 'resource'],
      problem:
        'deployment is not a built-in resource cka-lab knows; write it as <plural>.<group> ' +
        '(kubectl api-resources shows both)',
    });
    expect(one({ resource: 'deployments.extensions' })?.problem).toBe(
      'deployments is in the API group "apps"; write deployments',
    );
    expect(one({ resource: 'widgets.example.com' })).toBeUndefined();
    expect(one({ resource: 'pods', namespace: 'default', allNamespaces: true })?.problem).toBe(
      'give either namespace or allNamespaces',
    );
    expect(
      problem({
        subject: { user: 'jane', serviceAccount: 'x' },
        requests: [{ verbs: ['get'], resource: 'pods', allowed: true }],
      })?.problem,
    ).toBe('give either user or serviceAccount, not both');
    expect(() =>
      checkOf('can-i', {
        subject: { user: 'jane' },
        requests: [{ verbs: ['lsit'], resource: 'pods', allowed: false }],
      }),
    ).toThrow();
  });
});
