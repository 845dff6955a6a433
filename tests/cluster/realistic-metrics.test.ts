import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { KubeObject } from '../../src/kube/types.js';
import { binaryPath } from '../../src/cluster/local/binaries.js';
import { dropNamespace, plainNamespace, testClient, until } from './helpers.js';

// metrics-server (build/addons) with kwok's resource usage (cluster/metrics/usage.yaml, wired in by
// src/cluster/local/metrics.ts): `kubectl top` answers for Pods on kwok nodes, each container using
// half its requests unless the Pod's kwok.x-k8s.io/usage-* annotations say otherwise, so a
// HorizontalPodAutoscaler whose CPU target is below 50 % scales its Deployment up.

const client = testClient();
const namespaces: string[] = [];
const run = promisify(execFile);

afterAll(async () => {
  await Promise.all(namespaces.map((ns) => dropNamespace(client, ns)));
});

const kubectl = async (...args: string[]): Promise<{ ok: boolean; out: string }> => {
  try {
    const { stdout } = await run(binaryPath('kubectl'), ['--kubeconfig', inject('kubeconfig'), ...args]);
    return { ok: true, out: stdout };
  } catch (err) {
    return { ok: false, out: String((err as { stderr?: string }).stderr ?? err) };
  }
};

/** A Deployment of nginx whose one container requests `cpu` and `memory`; Pod annotations optional. */
const deployment = (
  name: string,
  replicas: number,
  requests: { cpu: string; memory: string },
  annotations?: Record<string, string>,
): KubeObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name }, ...(annotations ? { annotations } : {}) },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', resources: { requests } }] },
    },
  },
});

/** `kubectl top pods -n ns --no-headers` as pod name -> CPU in millicores and memory in MiB. */
async function topPods(ns: string): Promise<Map<string, { cpuM: number; memMi: number }>> {
  const top = await kubectl('top', 'pods', '-n', ns, '--no-headers');
  const pods = new Map<string, { cpuM: number; memMi: number }>();
  if (!top.ok) return pods;
  for (const line of top.out.trim().split('\n')) {
    const m = /^(\S+)\s+(\d+)m\s+(\d+)Mi\s*$/.exec(line.trim());
    if (m) pods.set(m[1]!, { cpuM: Number(m[2]), memMi: Number(m[3]) });
  }
  return pods;
}

describe('metrics on the local cluster', () => {
  it('kubectl top pods shows half the requests (or the usage annotations); kubectl top nodes answers', async () => {
    const ns = await plainNamespace(client, 'top', namespaces);
    await client.create(deployment('web', 2, { cpu: '200m', memory: '128Mi' }), ns);
    await client.create(
      deployment(
        'busy',
        1,
        { cpu: '200m', memory: '128Mi' },
        { 'kwok.x-k8s.io/usage-cpu': '300m', 'kwok.x-k8s.io/usage-memory': '50Mi' },
      ),
      ns,
    );
    // metrics-server scrapes every 10 s and needs two scrapes of a Pod for its CPU rate.
    const pods = await until(
      () => topPods(ns),
      (p) => p.size === 3,
      90_000,
    );
    expect(pods.size, 'kubectl top pods lists the three Pods').toBe(3);
    for (const [name, usage] of pods) {
      const busy = name.startsWith('busy-');
      expect(usage.cpuM, `${name} CPU`).toBeGreaterThanOrEqual(busy ? 285 : 95);
      expect(usage.cpuM, `${name} CPU`).toBeLessThanOrEqual(busy ? 315 : 105);
      expect(usage.memMi, `${name} memory`).toBe(busy ? 50 : 64);
    }

    const nodes = await kubectl('top', 'nodes', '--no-headers');
    expect(nodes.ok, nodes.out).toBe(true);
    // The cluster's own nodes: labs' own Nodes (cka-lab.dev/lab) come and go while other tests validate labs.
    const names = (await client.list({ apiVersion: 'v1', kind: 'Node' }))
      .filter((n) => !n.metadata?.labels?.['cka-lab.dev/lab'])
      .map((n) => n.metadata?.name ?? '');
    const lines = nodes.out
      .trim()
      .split('\n')
      .filter((l) => names.includes(l.split(/\s+/)[0]!));
    expect(lines.map((l) => l.split(/\s+/)[0]).sort()).toEqual(names.sort());
    // NAME CPU(cores) CPU(%) MEMORY(bytes) MEMORY(%)
    for (const line of lines) expect(line).toMatch(/^\S+\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%\s*$/);
    const cpuM = lines.reduce((sum, l) => sum + Number(/\s(\d+)m\s/.exec(l)![1]), 0);
    expect(cpuM, 'the nodes use at least what these Pods use').toBeGreaterThanOrEqual(490);
  }, 120_000);

  it('an HPA on CPU (autoscaling/v2, 30 % target, Pods at 50 %) scales a Deployment from 1 replica up', async () => {
    const ns = await plainNamespace(client, 'hpa', namespaces);
    await client.create(deployment('php', 1, { cpu: '100m', memory: '64Mi' }), ns);
    await client.create(
      {
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'php' },
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php' },
          minReplicas: 1,
          maxReplicas: 3,
          metrics: [
            { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 30 } } },
          ],
        },
      },
      ns,
    );
    const started = Date.now();
    const hpa = await until(
      () => client.get({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' }, 'php', ns),
      (h) => (h?.status?.desiredReplicas ?? 0) > 1,
      120_000,
    );
    const took = Date.now() - started;
    expect(hpa?.status?.desiredReplicas, JSON.stringify(hpa?.status)).toBeGreaterThan(1);
    const current = (hpa?.status?.currentMetrics ?? []) as {
      resource?: { name: string; current: { averageUtilization?: number } };
    }[];
    // 50 %, give or take the rounding of a rate over two scrapes.
    const utilisation = current.find((m) => m.resource?.name === 'cpu')?.resource?.current.averageUtilization;
    expect(utilisation).toBeGreaterThanOrEqual(45);
    expect(utilisation).toBeLessThanOrEqual(55);
    const deploy = await until(
      () => client.get({ apiVersion: 'apps/v1', kind: 'Deployment' }, 'php', ns),
      (d) => (d?.spec?.replicas ?? 0) > 1,
      10_000,
    );
    expect(deploy?.spec?.replicas).toBeGreaterThan(1);
    console.log(`HPA scaled the Deployment up ${Math.round(took / 1000)} s after it was created`);
  }, 150_000);
});
