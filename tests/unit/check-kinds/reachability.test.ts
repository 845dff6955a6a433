import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkOf, FIXTURES, run } from './fixtures.js';
import { reachabilityKind } from '../../../src/checks/kinds/reachability.js';
import type { KubeObject } from '../../../src/kube/types.js';
import { NamespaceView } from '../../../src/checks/view.js';

/**
 * tests/fixtures/check-kinds/networkpolicy.json (described in tests/unit/netpol-eval.test.ts):
 * namespace fx-np holds the networkpolicy lab's Deployments frontend (http 80), backend (http 8080,
 * metrics 9090) and db (postgres 5432) with the lab's reference NetworkPolicies; the Namespace
 * kube-system is there for the stand-in DNS Pods.
 */
const objects = (): KubeObject[] =>
  (JSON.parse(readFileSync(join(FIXTURES, 'networkpolicy.json'), 'utf8')) as { items: KubeObject[] }).items;
/** The fx-np namespace with only the named policies of the lab (all Pods and Namespaces kept). */
const lab = (...policies: string[]): KubeObject[] =>
  objects().filter(
    (o) =>
      o.kind !== 'NetworkPolicy' || (o.metadata?.namespace === 'fx-np' && policies.includes(o.metadata.name ?? '')),
  );
const SOLUTION = ['default-deny-ingress', 'backend-ingress', 'db-ingress', 'backend-egress'];
const ns = { namespace: 'fx-np' };

const frontend = { selector: { app: 'frontend' } };
const backend = { selector: { app: 'backend' } };
const db = { selector: { app: 'db' } };
const prometheus = { labels: { app: 'prometheus' }, namespace: 'monitoring' };
const grafana = { labels: { app: 'grafana' }, namespace: 'monitoring' };
const dns = { labels: { 'k8s-app': 'kube-dns' }, namespace: 'kube-system' };

const fields = {
  allowed: [
    { from: frontend, to: backend, port: 'http' },
    { from: prometheus, to: backend, port: 'http' },
    { from: backend, to: db, port: 5432 },
    { from: backend, to: dns, port: 53, protocol: 'UDP' },
    { from: backend, to: { address: '203.0.113.10' }, port: 443 },
  ],
  denied: [
    { from: frontend, to: db, port: 5432 },
    { from: frontend, to: backend, port: 'metrics' },
    { from: grafana, to: backend, port: 8080 },
    { from: { labels: { app: 'prometheus' } }, to: backend, port: 8080 },
    { from: backend, to: { address: '203.0.113.200' }, port: 443 },
    { from: { address: '198.51.100.7' }, to: frontend, port: 80 },
  ],
};

describe('check kind reachability', () => {
  it('passes when the policies allow exactly the allowed pairs and deny the denied ones', async () => {
    const outcome = await run('reachability', fields, lab(...SOLUTION), ns);
    expect(outcome).toEqual({
      pass: true,
      summary:
        'the NetworkPolicies allow the 5 connections asked for and deny the 6 connections to keep out ' +
        '(26 pairs of ends judged)',
      problems: [],
    });
  });

  it('fails "allow everything": with no policy, every denied pair is allowed, saying no policy selects either end', async () => {
    const outcome = await run('reachability', fields, lab(), ns);
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toMatch(
      /^Pod frontend-\w+-\w+ → Pod db-\w+-\w+ on TCP 5432 is allowed, but the task asks that it be denied: no NetworkPolicy selects Pod frontend-\S+ for egress and no NetworkPolicy selects Pod db-\S+ for ingress$/,
    );
    // Two frontend Pods to one db Pod, 2 x 2 to backend on metrics, 2 stand-ins x 2 backends,
    // 2 backends to the address, the address to 2 frontends.
    expect(outcome.problems).toHaveLength(2 + 4 + 2 + 2 + 2 + 2);
    expect(outcome.problems[0]).toMatchObject({ expected: 'denied', actual: 'allowed' });
  });

  it('fails an allowed pair that default deny blocks, naming the isolating policy and the closest rule', async () => {
    const onlyDeny = await run('reachability', { allowed: [fields.allowed[0]] }, lab('default-deny-ingress'), ns);
    expect(onlyDeny.summary).toMatch(
      /^Pod frontend-\S+ → Pod backend-\S+ on TCP http \(8080\) is denied, but the task asks that it be allowed: the ingress of Pod backend-\S+ is isolated by NetworkPolicy default-deny-ingress, and no rule allows any ingress$/,
    );
    const noDns = await run('reachability', { allowed: [fields.allowed[3]] }, lab('backend-egress'), ns);
    expect(noDns.pass).toBe(true);
    const tcpOnly = await run(
      'reachability',
      { allowed: [{ ...fields.allowed[3], protocol: 'SCTP' }] },
      lab('backend-egress'),
      ns,
    );
    expect(tcpOnly.summary).toContain(
      'the egress of Pod backend-', // the closest rule: the DNS one, its peer matches, its ports do not
    );
    expect(tcpOnly.summary).toContain('the closest, backend-egress egress[1]: it allows only the ports UDP 53, TCP 53');
  });

  it('tells AND from OR: two peers let every Pod of namespace monitoring in', async () => {
    const all = lab(...SOLUTION);
    const policy = all.find((o) => o.metadata?.name === 'backend-ingress')!;
    const [, both] = policy.spec.ingress[0].from;
    policy.spec.ingress[0].from = [
      { podSelector: { matchLabels: { app: 'frontend' } } },
      { namespaceSelector: both.namespaceSelector },
      { podSelector: both.podSelector },
    ];
    const outcome = await run('reachability', fields, all, ns);
    expect(outcome.pass).toBe(false);
    expect(outcome.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^a Pod labelled app=grafana in namespace monitoring → Pod backend-\S+ on TCP 8080 is allowed, but the task asks that it be denied: no NetworkPolicy selects a Pod labelled app=grafana in namespace monitoring for egress and the ingress of Pod backend-\S+ is allowed by backend-ingress ingress\[0\]$/,
      ),
      expect.anything(),
      expect.stringMatching(/^a Pod labelled app=prometheus → Pod backend-\S+ on TCP 8080 is allowed/),
      expect.anything(),
    ]);
  });

  it('explains a peer that misses: the namespaceSelector of the AND peer', async () => {
    const outcome = await run(
      'reachability',
      { allowed: [{ from: { labels: { app: 'prometheus' }, namespace: 'metrics' }, to: backend, port: 8080 }] },
      lab(...SOLUTION),
      ns,
    );
    expect(outcome.summary).toContain(
      'the closest, backend-ingress ingress[0]: its podSelector has no namespaceSelector, so it selects Pods of ' +
        'namespace fx-np only, not of metrics',
    );
  });

  it('reads Pods, policies and labels of other namespaces: the AND peer of and-peer in fx-np-docs', async () => {
    const docs = objects().filter((o) => o.kind !== 'NetworkPolicy' || o.metadata?.name === 'and-peer');
    const redis = { pod: 'redis', namespace: 'fx-np-docs' };
    const outcome = await run(
      'reachability',
      {
        allowed: [{ from: { labels: { role: 'client' }, namespace: 'fx-np-alice' }, to: redis, port: 6379 }],
        denied: [{ from: { pod: 'other', namespace: 'fx-np-alice' }, to: redis, port: 6379 }],
      },
      docs,
      ns,
    );
    expect(outcome.summary).toContain('allow the 1 connection asked for and deny the 1 connection');
    // A namespace that does not exist has the labels the check gives it, and its name label.
    const made = await run(
      'reachability',
      {
        allowed: [
          {
            from: { labels: { role: 'client' }, namespace: 'x', namespaceLabels: { user: 'alice' } },
            to: redis,
            port: 1,
          },
        ],
      },
      docs,
      ns,
    );
    expect(made.pass).toBe(true);
  });

  it('works without the right to list Namespaces, knowing namespaces by their name label', async () => {
    // A source without Namespaces and no client: listing them fails, as a forbidden list would.
    const objs = lab(...SOLUTION);
    const view = new NamespaceView(undefined, 'fx-np', FIXTURES, {
      list: (ref) => (ref.kind === 'Namespace' ? undefined : objs.filter((o) => o.kind === ref.kind)),
    });
    await expect(view.list({ apiVersion: 'v1', kind: 'Namespace' })).rejects.toThrow();
    const outcome = await reachabilityKind.run(checkOf('reachability', fields), view);
    expect(outcome.pass).toBe(true);
  });

  it('resolves named ports on the destination, and says when it lacks one', async () => {
    const outcome = await run(
      'reachability',
      { denied: [{ from: backend, to: db, port: 'http' }] },
      lab(...SOLUTION),
      ns,
    );
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toMatch(/^Pod db-\S+ declares no TCP port named http$/);
    expect(outcome.problems[0]).toMatchObject({ path: 'port', expected: 'http' });
  });

  it('fails when a named Pod or a selector finds nothing', async () => {
    const missing = await run('reachability', { denied: [{ from: { pod: 'web' }, to: db, port: 1 }] }, lab(), ns);
    expect(missing.summary).toBe('Pod web does not exist in namespace fx-np');
    const none = await run(
      'reachability',
      { denied: [{ from: { selector: { app: 'web' } }, to: db, port: 1 }] },
      lab(),
      ns,
    );
    expect(none.summary).toBe('no Pod in namespace fx-np matches app=web');
  });

  it('an ipBlock holding Pod IPs neither allows nor denies, on either side of the task', async () => {
    const all = lab(...SOLUTION);
    const policy = all.find((o) => o.metadata?.name === 'db-ingress')!;
    policy.spec.ingress[0].from = [{ ipBlock: { cidr: '10.0.0.0/8' } }];
    const allowed = await run('reachability', { allowed: [{ from: backend, to: db, port: 5432 }] }, all, ns);
    expect(allowed.summary).toMatch(
      /^Pod backend-\S+ → Pod db-\S+ on TCP 5432 is allowed only by the ipBlock 10\.0\.0\.0\/8 of db-ingress ingress\[0\], which holds the Pod IP 10\.0\.[01]\.2: whether ipBlock applies to Pod IPs depends on the network plugin/,
    );
    const denied = await run('reachability', { denied: [{ from: frontend, to: db, port: 5432 }] }, all, ns);
    expect(denied.summary).toMatch(
      /must be denied, but the ipBlock 10\.0\.0\.0\/8 of db-ingress ingress\[0\] holds the Pod IP/,
    );
  });

  it('speaks Korean', async () => {
    const outcome = await run('reachability', { denied: [fields.denied[0]] }, lab(), { ...ns, lang: 'ko' });
    expect(outcome.summary).toMatch(
      /^Pod frontend-\S+ → Pod db-\S+\(TCP 5432\) 연결이 허용되는데 과제는 차단을 요구합니다: Pod frontend-\S+를 egress 방향으로 선택하는 NetworkPolicy가 없습니다, /,
    );
  });

  it('refuses ends that name nothing or too much, and addresses that are not IPs', () => {
    const problem = (f: Record<string, unknown>) => reachabilityKind.problem(checkOf('reachability', f));
    expect(problem({})).toEqual({ path: ['allowed'], problem: 'name at least one connection in allowed or denied' });
    expect(problem({ allowed: [{ from: { pod: 'a', labels: { a: 'b' } }, to: db, port: 1 }] })).toEqual({
      path: ['allowed', 0, 'from'],
      problem: 'give exactly one of pod, selector, labels or address',
    });
    expect(problem({ denied: [{ from: db, to: { address: 'example.com' }, port: 1 }] })).toMatchObject({
      path: ['denied', 0, 'to', 'address'],
    });
    expect(problem({ denied: [{ from: db, to: { address: '192.0.2.1' }, port: 'http' }] })).toMatchObject({
      path: ['denied', 0, 'port'],
    });
    expect(problem(fields)).toBeUndefined();
  });
});
