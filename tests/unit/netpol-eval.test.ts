import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate, inCidr, podEnd, policyTypes, type End, type PodEnd } from '../../src/checks/netpol-eval.js';
import type { KubeObject } from '../../src/kube/types.js';

/**
 * tests/fixtures/check-kinds/networkpolicy.json: `kubectl get -o json` on the local cluster
 * (managedFields and last-applied annotations removed) of
 * - namespace fx-np: the networkpolicy lab's setup (Deployments frontend, backend, db) and its
 *   reference solution (default-deny-ingress, backend-ingress, db-ingress, backend-egress);
 * - namespace fx-np-docs (labelled project=myproject): Pods redis (role=db; ports redis 6379/TCP,
 *   stats 9121/UDP) and web (role=frontend; http 80), and the examples of the docs page "Network
 *   Policies" (test-network-policy, default-deny-ingress, allow-all-ingress, default-deny-egress,
 *   allow-all-egress, default-deny-all, multi-port-egress) plus and-peer / or-peers (the AND and OR
 *   forms of namespaceSelector user=alice and podSelector role=client), named-ports, egress-no-types
 *   (egress rules without policyTypes) and pod-cidr (ipBlock 10.0.0.0/8, the Pod network);
 * - namespace fx-np-alice (labelled user=alice): Pods client (role=client) and other (role=other);
 * - the Namespace kube-system.
 */
const items = (): KubeObject[] =>
  (
    JSON.parse(
      readFileSync(join(import.meta.dirname, '..', 'fixtures', 'check-kinds', 'networkpolicy.json'), 'utf8'),
    ) as {
      items: KubeObject[];
    }
  ).items;
const all = items();
const nsLabels = (ns: string) => all.find((o) => o.kind === 'Namespace' && o.metadata?.name === ns)!.metadata!.labels!;
const podIn = (ns: string, prefix: string): End => {
  const pod = all.find((o) => o.kind === 'Pod' && o.metadata?.namespace === ns && o.metadata.name!.startsWith(prefix));
  return { pod: podEnd(pod!, nsLabels(ns)) };
};
const policies = (ns: string, ...names: string[]): KubeObject[] =>
  all.filter((o) => o.kind === 'NetworkPolicy' && o.metadata?.namespace === ns && names.includes(o.metadata.name!));
const docs = (...names: string[]) => policies('fx-np-docs', ...names);

const redis = podIn('fx-np-docs', 'redis');
const web = podIn('fx-np-docs', 'web');
const client = podIn('fx-np-alice', 'client');
const other = podIn('fx-np-alice', 'other');
const dns: End = {
  pod: {
    name: 'kube-dns',
    namespace: 'kube-system',
    labels: { 'k8s-app': 'kube-dns' },
    namespaceLabels: nsLabels('kube-system'),
    ips: [],
    ports: [],
  } satisfies PodEnd,
};

describe('NetworkPolicy evaluation', () => {
  it('allows everything when no policy selects either Pod', () => {
    const v = evaluate({ from: web, to: redis, port: 6379 }, []);
    expect(v.result).toBe('allowed');
    expect(v.egress).toMatchObject({ result: 'allowed', open: 'none' });
    expect(v.ingress).toMatchObject({ result: 'allowed', open: 'none' });
  });

  it('default deny ingress isolates every Pod of its namespace and names itself; no rule means no closest rule', () => {
    const v = evaluate({ from: web, to: redis, port: 6379 }, docs('default-deny-ingress'));
    expect(v.result).toBe('denied');
    expect(v.ingress).toEqual({
      direction: 'Ingress',
      result: 'denied',
      isolatedBy: ['fx-np-docs/default-deny-ingress'],
    });
    expect(v.egress.result).toBe('allowed');
    // Pods of other namespaces are not selected by it.
    expect(evaluate({ from: web, to: client, port: 80 }, docs('default-deny-ingress')).result).toBe('allowed');
  });

  it('the union of policies: allow-all-ingress next to default deny allows', () => {
    const v = evaluate({ from: client, to: redis, port: 1 }, docs('default-deny-ingress', 'allow-all-ingress'));
    expect(v.result).toBe('allowed');
    expect(v.ingress.allowedBy).toMatchObject({ policy: 'fx-np-docs/allow-all-ingress', index: 0 });
  });

  it('default deny egress denies on the source side, allow-all-egress reopens it', () => {
    const v = evaluate({ from: web, to: client, port: 80 }, docs('default-deny-egress'));
    expect(v.result).toBe('denied');
    expect(v.egress).toMatchObject({ result: 'denied', isolatedBy: ['fx-np-docs/default-deny-egress'] });
    expect(v.ingress.result).toBe('allowed');
    expect(evaluate({ from: web, to: client, port: 80 }, docs('default-deny-egress', 'allow-all-egress')).result).toBe(
      'allowed',
    );
    const both = evaluate({ from: web, to: redis, port: 6379 }, docs('default-deny-all'));
    expect([both.egress.result, both.ingress.result]).toEqual(['denied', 'denied']);
    // An address outside the cluster has no side of its own.
    const out = evaluate({ from: { address: '198.51.100.7' }, to: client, port: 80 }, docs('default-deny-all'));
    expect(out.egress).toMatchObject({ result: 'allowed', open: 'address' });
  });

  it('the docs example: ipBlock with except, namespaceSelector, podSelector, TCP 6379 only', () => {
    const p = docs('test-network-policy');
    expect(evaluate({ from: web, to: redis, port: 6379 }, p).result).toBe('allowed');
    expect(evaluate({ from: { address: '172.17.0.9' }, to: redis, port: 6379 }, p).result).toBe('allowed');
    const except = evaluate({ from: { address: '172.17.1.9' }, to: redis, port: 6379 }, p);
    expect(except.result).toBe('denied');
    expect(except.ingress.closest).toEqual({
      rule: {
        policy: 'fx-np-docs/test-network-policy',
        namespace: 'fx-np-docs',
        name: 'test-network-policy',
        direction: 'Ingress',
        index: 0,
      },
      peer: { why: 'ipBlock', cidr: '172.17.0.0/16', address: '172.17.1.9', except: '172.17.1.0/24' },
    });
    // namespaceSelector project=myproject: a Pod of fx-np-alice is in no such namespace.
    const alice = evaluate({ from: client, to: redis, port: 6379 }, p);
    expect(alice.ingress.closest?.peer).toMatchObject({ why: 'ipBlockPod', cidr: '172.17.0.0/16' });
    // Wrong port and UDP: the peer matches, the port does not.
    const udp = evaluate({ from: web, to: redis, port: 6379, protocol: 'UDP' }, p);
    expect(udp.result).toBe('denied');
    expect(udp.ingress.closest).toMatchObject({ port: { ports: [{ protocol: 'TCP', port: 6379 }], unresolved: [] } });
    expect(udp.ingress.closest?.peer).toBeUndefined();
    // Its egress: only 10.0.0.0/24 on TCP 5978.
    expect(evaluate({ from: redis, to: { address: '10.0.0.200' }, port: 5978 }, p).result).toBe('allowed');
    expect(evaluate({ from: redis, to: { address: '10.0.1.200' }, port: 5978 }, p).result).toBe('denied');
  });

  it('namespaceSelector and podSelector in one peer are ANDed, in two peers ORed', () => {
    const and = docs('and-peer');
    expect(evaluate({ from: client, to: redis, port: 6379 }, and).result).toBe('allowed');
    const otherPod = evaluate({ from: other, to: redis, port: 6379 }, and);
    expect(otherPod.result).toBe('denied');
    expect(otherPod.ingress.closest?.peer).toEqual({
      why: 'podSelector',
      selector: { matchLabels: { role: 'client' } },
      labels: { role: 'other' },
    });
    const sameNs = evaluate({ from: web, to: redis, port: 6379 }, and);
    expect(sameNs.ingress.closest?.peer).toMatchObject({ why: 'namespaceSelector', namespace: 'fx-np-docs' });

    const or = docs('or-peers');
    expect(evaluate({ from: client, to: redis, port: 6379 }, or).result).toBe('allowed');
    expect(evaluate({ from: other, to: redis, port: 6379 }, or).result).toBe('allowed');
    // Of two peers that miss, the closer one is named: the podSelector one, whose namespace fits.
    expect(evaluate({ from: web, to: redis, port: 6379 }, or).ingress.closest?.peer).toEqual({
      why: 'podSelector',
      selector: { matchLabels: { role: 'client' } },
      labels: { role: 'frontend' },
    });
    // A client Pod in the policy's own namespace matches the podSelector peer of the OR form only.
    const localClient: End = { pod: { ...(web as { pod: PodEnd }).pod, labels: { role: 'client' } } };
    expect(evaluate({ from: localClient, to: redis, port: 6379 }, or).result).toBe('allowed');
    expect(evaluate({ from: localClient, to: redis, port: 6379 }, and).result).toBe('denied');
    // podSelector alone selects Pods of the policy's namespace only.
    const onlyPods = evaluate({ from: other, to: redis, port: 6379 }, docs('test-network-policy'));
    expect(onlyPods.ingress.closest?.peer).toMatchObject({ why: 'ipBlockPod' });
  });

  it('named ports are resolved on the destination Pod, with their protocol', () => {
    const p = docs('named-ports');
    expect(evaluate({ from: web, to: redis, port: 6379 }, p).result).toBe('allowed');
    expect(evaluate({ from: web, to: redis, port: 9121, protocol: 'UDP' }, p).result).toBe('allowed');
    // stats is a UDP port: TCP 9121 is not it.
    const tcp = evaluate({ from: web, to: redis, port: 9121 }, p);
    expect(tcp.result).toBe('denied');
    // http is a port of web, not of redis: it resolves to nothing on redis.
    expect(tcp.ingress.closest?.port?.unresolved).toEqual(['http']);
    expect(evaluate({ from: web, to: redis, port: 80 }, p).result).toBe('denied');
    // A TCP rule port named stats does not resolve to the UDP container port stats.
    const tcpStats = structuredClone(p[0]!);
    tcpStats.spec.ingress[0].ports = [{ port: 'stats' }];
    const v = evaluate({ from: web, to: redis, port: 9121 }, [tcpStats]);
    expect(v.result).toBe('denied');
    expect(v.ingress.closest?.port?.unresolved).toEqual(['stats']);
  });

  it('endPort opens a range of ports, inclusive', () => {
    const p = docs('multi-port-egress');
    const to = (port: number) => evaluate({ from: redis, to: { address: '10.0.0.1' }, port }, p).result;
    expect([to(31999), to(32000), to(32500), to(32768), to(32769)]).toEqual([
      'denied',
      'allowed',
      'allowed',
      'allowed',
      'denied',
    ]);
  });

  it('policyTypes default to Ingress, plus Egress when the policy has egress rules', () => {
    const [noTypes] = docs('egress-no-types');
    const written = structuredClone(noTypes!);
    delete written.spec.policyTypes;
    expect(policyTypes(written)).toEqual(['Ingress', 'Egress']);
    written.spec.egress = [];
    expect(policyTypes(written)).toEqual(['Ingress']);
    // So the egress-only policy also isolates web's ingress, with no ingress rule.
    const v = evaluate({ from: redis, to: web, port: 80 }, docs('egress-no-types'));
    expect(v.ingress).toMatchObject({ result: 'denied', isolatedBy: ['fx-np-docs/egress-no-types'] });
    // DNS to kube-dns in kube-system by kubernetes.io/metadata.name (matchExpressions), UDP and TCP 53.
    expect(evaluate({ from: web, to: dns, port: 53, protocol: 'UDP' }, docs('egress-no-types')).result).toBe('allowed');
    expect(evaluate({ from: web, to: dns, port: 53 }, docs('egress-no-types')).result).toBe('allowed');
    expect(evaluate({ from: web, to: dns, port: 5353, protocol: 'UDP' }, docs('egress-no-types')).result).toBe(
      'denied',
    );
    const notDns = evaluate({ from: web, to: client, port: 53, protocol: 'UDP' }, docs('egress-no-types'));
    expect(notDns.egress.closest?.peer).toMatchObject({ why: 'namespaceSelector', namespace: 'fx-np-alice' });
  });

  it('an ipBlock covering a Pod IP neither allows nor denies: it depends on the network plugin', () => {
    const v = evaluate({ from: client, to: redis, port: 6379 }, docs('pod-cidr'));
    expect(v.result).toBe('depends');
    expect(v.ingress.dependsOn).toMatchObject({ cidr: '10.0.0.0/8', ip: '10.0.0.5' });
    // A selector rule next to it decides.
    expect(evaluate({ from: client, to: redis, port: 6379 }, docs('pod-cidr', 'and-peer')).result).toBe('allowed');
    // A stand-in Pod without an IP is not in the block.
    expect(evaluate({ from: dns, to: redis, port: 6379 }, docs('pod-cidr')).result).toBe('denied');
  });

  it('the networkpolicy lab solution: frontend -> backend on http, backend -> db 5432, backend egress', () => {
    const lab = policies('fx-np', 'default-deny-ingress', 'backend-ingress', 'db-ingress', 'backend-egress');
    const frontend = podIn('fx-np', 'frontend');
    const backend = podIn('fx-np', 'backend');
    const db = podIn('fx-np', 'db');
    expect(evaluate({ from: frontend, to: backend, port: 8080 }, lab).result).toBe('allowed');
    expect(evaluate({ from: frontend, to: backend, port: 9090 }, lab).result).toBe('denied');
    expect(evaluate({ from: backend, to: db, port: 5432 }, lab).result).toBe('allowed');
    expect(evaluate({ from: frontend, to: db, port: 5432 }, lab).result).toBe('denied');
    expect(evaluate({ from: backend, to: dns, port: 53, protocol: 'UDP' }, lab).result).toBe('allowed');
    expect(evaluate({ from: backend, to: { address: '203.0.113.10' }, port: 443 }, lab).result).toBe('allowed');
    const except = evaluate({ from: backend, to: { address: '203.0.113.200' }, port: 443 }, lab);
    expect(except.egress.closest).toMatchObject({
      rule: { name: 'backend-egress', index: 2 },
      peer: { why: 'ipBlock', except: '203.0.113.128/25' },
    });
    // The closest rule is the one that misses least: db's port matches nothing here, the peer does.
    const wrongPort = evaluate({ from: backend, to: db, port: 80 }, lab);
    expect(wrongPort.egress.closest).toMatchObject({ rule: { index: 0 }, port: { unresolved: [] } });
    expect(wrongPort.egress.closest?.peer).toBeUndefined();
  });

  it('reads IPv4 and IPv6 CIDRs', () => {
    expect(inCidr('10.0.0.5', '10.0.0.0/8')).toBe(true);
    expect(inCidr('11.0.0.5', '10.0.0.0/8')).toBe(false);
    expect(inCidr('2001:db8::1', '2001:db8::/64')).toBe(true);
    expect(inCidr('10.0.0.5', '2001:db8::/64')).toBe(false);
    expect(inCidr('10.0.0.5', 'not-a-cidr')).toBe(false);
  });
});
