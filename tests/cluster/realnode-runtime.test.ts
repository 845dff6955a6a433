import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { LocalCluster } from '../../src/cluster/local/local-cluster.js';
import { binaryPath } from '../../src/cluster/local/binaries.js';
import { RealNode, type StartedRealNode } from '../../src/cluster/realnode/real-node.js';
import { iptablesChains, readSysctl } from '../../src/cluster/realnode/host.js';
import { WATCHED_SYSCTLS } from '../../src/cluster/realnode/network.js';
import { NODE } from '../../src/cluster/realnode/layout.js';
import { stderrLog } from '../../src/util/log.js';
import type { KubeObject } from '../../src/kube/types.js';
import { dropNamespace, plainNamespace, testClient, until } from './helpers.js';

/**
 * A real node (containerd, runc, kubelet, kube-proxy, CoreDNS) on the shared test cluster: real
 * containers answer `kubectl exec`, `logs` and `port-forward`, a Service answers by its DNS name, a
 * missing image fails to pull for real; stopping the node leaves no chain, bridge or sysctl behind.
 * The node is tainted, so the other test files' Pods never land on it.
 */
const client = testClient();
const made: string[] = [];
let ns = '';
let node: StartedRealNode;
const before = { sysctls: {} as Record<string, string | undefined>, chains: {} as Record<string, string[]> };
const kubectl = (...args: string[]) =>
  execa(binaryPath('kubectl'), ['--kubeconfig', inject('kubeconfig'), '-n', ns, ...args], {
    reject: false,
    all: true,
    timeout: 30_000,
  });

/** A Pod that runs on the real node: it tolerates the node's taint and selects it. */
const realPod = (name: string, image: string, command?: string[], labels?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, ...(labels ? { labels } : {}) },
  spec: {
    nodeSelector: { [NODE.label]: 'true' },
    tolerations: [{ key: NODE.taint.key, operator: 'Exists', effect: 'NoSchedule' }],
    terminationGracePeriodSeconds: 0,
    containers: [{ name: 'main', image, imagePullPolicy: 'IfNotPresent', ...(command ? { command } : {}) }],
  },
});

type PodStatus = {
  phase?: string;
  containerStatuses?: { ready?: boolean; state?: { waiting?: { reason?: string } } }[];
};
const podStatus = async (name: string) =>
  ((await client.get({ apiVersion: 'v1', kind: 'Pod' }, name, ns)) as { status?: PodStatus } | undefined)?.status;
const ready = (s?: PodStatus) => s?.containerStatuses?.[0]?.ready === true;

beforeAll(async () => {
  before.chains = { ...(await iptablesChains('ipv4')) };
  for (const k of WATCHED_SYSCTLS) before.sysctls[k] = readSysctl(k);
  const cluster = new LocalCluster().withName('cka-lab-test');
  node = await new RealNode(cluster).start(stderrLog());
  ns = await plainNamespace(client, 'realnode', made);
}, 900_000);

afterAll(async () => {
  for (const n of made) await dropNamespace(client, n);
  await node?.stop(stderrLog());
}, 120_000);

describe('a real node on the local cluster', () => {
  it('runs a container that kubectl exec and logs reach', async () => {
    await client.create(realPod('echo', 'busybox', ['sh', '-c', 'echo hello-from-a-real-container; sleep 3600']), ns);
    expect(ready(await until(() => podStatus('echo'), ready, 60_000))).toBe(true);
    const logs = await kubectl('logs', 'echo');
    expect(logs.all).toContain('hello-from-a-real-container');
    const exec = await kubectl('exec', 'echo', '--', 'sh', '-c', 'echo $((6*7)) from $(hostname)');
    expect(exec.all).toContain('42 from echo');
  });

  it('port-forwards to a container, and another Pod reaches it by its Service DNS name', async () => {
    const web = ['sh', '-c', 'mkdir -p /www && echo real-web > /www/index.html && exec httpd -f -p 8080 -h /www'];
    await client.create(realPod('web', 'busybox', web, { app: 'web' }), ns);
    await client.create(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web' },
        spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] },
      },
      ns,
    );
    await client.create(realPod('client', 'busybox', ['sleep', '3600']), ns);
    await until(() => podStatus('web'), ready, 60_000);
    await until(() => podStatus('client'), ready, 60_000);

    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as import('node:net').AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const pf = execa(
      binaryPath('kubectl'),
      ['--kubeconfig', inject('kubeconfig'), '-n', ns, 'port-forward', 'pod/web', `${port}:8080`],
      { reject: false },
    );
    try {
      const body = await until(
        () =>
          fetch(`http://127.0.0.1:${port}/`)
            .then((r) => r.text())
            .catch(() => ''),
        (b) => b.includes('real-web'),
        20_000,
      );
      expect(body).toContain('real-web');
    } finally {
      pf.kill();
    }

    const viaDns = await until(
      () => kubectl('exec', 'client', '--', 'wget', '-qO-', '-T', '3', `http://web.${ns}.svc.cluster.local/`),
      (r) => (r.all ?? '').includes('real-web'),
      30_000,
    );
    expect(viaDns.all).toContain('real-web');
  });

  it('fails to pull an image it does not have, with the kubelet Events', async () => {
    await client.create(realPod('missing', 'nginx:0.0-does-not-exist'), ns);
    const s = await until(
      () => podStatus('missing'),
      (st) => st?.containerStatuses?.[0]?.state?.waiting?.reason === 'ImagePullBackOff',
      60_000,
    );
    expect(s?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('ImagePullBackOff');
    const events = (await client.list({ apiVersion: 'v1', kind: 'Event' }, ns)) as (KubeObject & {
      reason?: string;
      message?: string;
      source?: { component?: string };
      involvedObject?: { name?: string };
    })[];
    const failed = events.find((e) => e.involvedObject?.name === 'missing' && e.reason === 'Failed');
    expect(failed?.message).toMatch(/Failed to pull image "nginx:0.0-does-not-exist"/);
    expect(failed?.source?.component).toBe('kubelet');
  });
});

describe('stopping the real node', () => {
  it('leaves no iptables chain, bridge or changed sysctl behind', async () => {
    await node.stop(stderrLog());
    expect(existsSync('/sys/class/net/cni0')).toBe(false);
    const after = await iptablesChains('ipv4');
    for (const [table, chains] of Object.entries(after))
      expect(chains.filter((c) => !(before.chains[table] ?? []).includes(c))).toEqual([]);
    for (const k of WATCHED_SYSCTLS) expect(readSysctl(k), k).toBe(before.sysctls[k]);
    expect(existsSync('/run/containerd')).toBe(false);
  });
});
