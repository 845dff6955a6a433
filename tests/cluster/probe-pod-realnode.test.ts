import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCluster } from '../../src/cluster/local/local-cluster.js';
import { RealNode, type StartedRealNode } from '../../src/cluster/realnode/real-node.js';
import { PROBE_ENV, podQueries, queriesFor } from '../../src/checks/probe-pod.js';
import { hostQueries, type HttpResult, type LookupResult } from '../../src/checks/probe-queries.js';
import { NamespaceView } from '../../src/checks/view.js';
import { KubeClient } from '../../src/kube/client.js';
import { loadKubeConfig } from '../../src/kube/config.js';
import type { KubeObject } from '../../src/kube/types.js';
import { loadLab } from '../../src/labs/loader.js';
import { realNodePlacement } from '../../src/labs/runtime.js';
import { validateLab } from '../../src/labs/validate.js';
import { stderrLog } from '../../src/util/log.js';
import { dropNamespace, plainNamespace, until } from './helpers.js';
import { realNodeTurn } from './realnode-turn.js';

/**
 * The dns and connect checks asked from inside the cluster (a busybox probe Pod in the lab
 * namespace, src/checks/probe-pod.ts), as they are where this machine cannot reach the cluster's
 * IPs (k3s in Docker, a learner's own cluster), proven on a real node, where the host transport
 * answers too: both transports give the same answers to the same questions, cka-lab picks the host
 * by itself there, and with `CKA_LAB_PROBE=pod` the coredns and connectivity labs prove every case
 * (setup fails, solution passes, each wrong answer fails, each alternative passes). Real nodes are
 * host-global: this file takes its turn with the other real-node tests (see {@link realNodeTurn}).
 */
const log = stderrLog();
const cluster = new LocalCluster().withName('cka-lab-probe-pod').withNodes(1);
let client: KubeClient;
let node: StartedRealNode | undefined;
let endTurn: (() => Promise<void>) | undefined;
const made: string[] = [];
const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
const SERVICE = { apiVersion: 'v1', kind: 'Service' } as const;

beforeAll(async () => {
  endTurn = await realNodeTurn();
  await cluster.up(log);
  client = new KubeClient(loadKubeConfig({ kubeconfig: cluster.kubeconfig }));
  node = await new RealNode(cluster).start(log);
}, 1_800_000);

afterAll(async () => {
  delete process.env[PROBE_ENV];
  try {
    for (const ns of made) await dropNamespace(client, ns).catch(() => undefined);
    await node?.stop(log);
    await cluster.down(log);
  } finally {
    await endTurn?.();
  }
}, 180_000);

const sorted = (rs: LookupResult[]): LookupResult[] => rs.map((r) => (Array.isArray(r) ? [...r].sort() : r));
const firstLines = (rs: HttpResult[]): (string | { code: string })[] =>
  rs.map((r) => ('body' in r ? (r.body.split('\n').find((l) => l.trim() !== '') ?? '').trim() : r));

describe('dns and connect checks from a probe Pod', () => {
  it('answers as this machine does, leaves no Pod behind, and is chosen only when asked for here', async () => {
    const ns = await plainNamespace(client, 'probe', made);
    await client.patch({ apiVersion: 'v1', kind: 'Namespace' }, ns, undefined, {
      metadata: { annotations: realNodePlacement() },
    });
    for (const name of ['web-a', 'web-b'])
      await client.create(
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name, labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] },
        } as KubeObject,
        ns,
      );
    const svc = (await client.create(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web' },
        spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
      } as KubeObject,
      ns,
    )) as KubeObject & { spec: { clusterIP: string } };
    await client.create(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'peers' },
        spec: { clusterIP: 'None', selector: { app: 'web' }, ports: [{ port: 80 }] },
      } as KubeObject,
      ns,
    );
    const pods = (await until(
      () => client.list(POD, ns),
      (ps) =>
        ps.length === 2 &&
        ps.every((p) =>
          (p as { status?: { conditions?: { type: string; status: string }[] } }).status?.conditions?.some(
            (c) => c.type === 'Ready' && c.status === 'True',
          ),
        ),
      120_000,
    )) as (KubeObject & { status: { podIP: string } })[];
    const dns = (await client.get(SERVICE, 'kube-dns', 'kube-system')) as KubeObject & { spec: { clusterIP: string } };
    const questions = [
      { server: dns.spec.clusterIP, name: `web.${ns}.svc.cluster.local` },
      { server: dns.spec.clusterIP, name: `peers.${ns}.svc.cluster.local` },
      { server: dns.spec.clusterIP, name: `nope.${ns}.svc.cluster.local` },
      { server: dns.spec.clusterIP, name: `${ns}.svc.cluster.local` },
    ];
    const inPod = podQueries(client, ns, 'en');
    const onHost = hostQueries();
    // Both Pods Ready is not yet both in CoreDNS's answer: the EndpointSlice controller and CoreDNS's
    // watch follow a moment later (a loaded CI machine once answered with one address). Wait until the
    // cluster has converged, then compare the transports.
    const podIPs = pods.map((p) => p.status.podIP).sort();
    await until(
      () => onHost.lookups([questions[1]!]),
      ([r]) => Array.isArray(r) && r.length === podIPs.length,
      30_000,
    );
    const podLookups = await inPod.lookups(questions);
    expect(sorted(podLookups)).toEqual(sorted(await onHost.lookups(questions)));
    expect(sorted([podLookups[1]!])).toEqual([podIPs]);
    expect(podLookups.slice(2)).toEqual([{ code: 'ENOTFOUND' }, { code: 'ENODATA' }]);
    for (const [host, port] of [
      [svc.spec.clusterIP, 80],
      [pods[0]!.status.podIP, 80],
    ] as const) {
      const got = firstLines(await inPod.gets(host, port, 3));
      expect(got).toEqual(firstLines(await onHost.gets(host, port, 3)));
      expect(got).toEqual(['<!DOCTYPE html>', '<!DOCTYPE html>', '<!DOCTYPE html>']);
    }
    // A Pod IP's closed port: refused from the Pod as from this machine, given up after 3 tries.
    expect(await inPod.gets(pods[0]!.status.podIP, 81, 10)).toEqual(Array(3).fill({ code: 'ECONNREFUSED' }));
    // Every probe Pod was deleted.
    const left = await client.list(POD, ns, 'app.kubernetes.io/name=cka-lab-probe');
    expect(left.filter((p) => !p.metadata?.deletionTimestamp)).toEqual([]);

    // This machine reaches the cluster DNS here: the host is chosen, unless the probe Pod is asked for.
    const view = () => new NamespaceView(client, ns);
    delete process.env[PROBE_ENV];
    expect((await queriesFor(view())).where).toBe('host');
    process.env[PROBE_ENV] = 'pod';
    expect((await queriesFor(view())).where).toBe('pod');
  }, 300_000);

  for (const id of ['coredns', 'connectivity'])
    it(`proves lab ${id} with CKA_LAB_PROBE=pod`, { timeout: 900_000 }, async () => {
      process.env[PROBE_ENV] = 'pod';
      const lab = await loadLab(id);
      const started = Date.now();
      const result = await validateLab(lab, client, { passWithinMs: 120_000, settleMs: 20_000 });
      const failures = result.cases.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
      log.info(`${id}: ${result.cases.length} cases through probe Pods in ${(Date.now() - started) / 1000} s`);
      expect(failures).toEqual([]);
      expect(result.cases.length).toBeGreaterThan(20);
    });
});
