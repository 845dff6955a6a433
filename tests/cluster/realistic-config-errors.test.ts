import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalCluster } from '../../src/cluster/local/local-cluster.js';
import type { KubeObject } from '../../src/kube/types.js';
import { memoryLog } from '../../src/util/log.js';
import { dropNamespace, plainNamespace, testClient, until } from './helpers.js';

// cka-lab-agent (build/agent) marks Pods whose containers' environment names a missing ConfigMap,
// Secret or key; cluster/stages/pod-config-error.yaml shows the kubelet's CreateContainerConfigError
// and Event, and pod-ready.yaml starts the Pod once what was missing exists.

const client = testClient();
const namespaces: string[] = [];
const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
const CM = { apiVersion: 'v1', kind: 'ConfigMap' } as const;
const EVENT = { apiVersion: 'v1', kind: 'Event' } as const;

afterAll(async () => {
  await Promise.all(namespaces.map((ns) => dropNamespace(client, ns)));
});

const pod = (name: string, container: Record<string, unknown>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'app', image: 'nginx:1.27', ...container }] },
});

const waitingOf = (p: KubeObject | undefined) =>
  p?.status?.containerStatuses?.find((s: { name: string }) => s.name === 'app')?.state?.waiting;
const ready = (p: KubeObject | undefined): boolean =>
  !!p?.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');

describe('CreateContainerConfigError on the local cluster', () => {
  it(
    'a container whose env names a missing ConfigMap key waits in CreateContainerConfigError with the kubelet Event, and runs once the key exists',
    { timeout: 60_000 },
    async () => {
      const ns = await plainNamespace(client, 'config-key', namespaces);
      await client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: {} }, ns);
      const started = Date.now();
      await client.create(
        pod('web', { env: [{ name: 'MODE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode' } } }] }),
        ns,
      );
      const stuck = await until(
        () => client.get(POD, 'web', ns),
        (p) => waitingOf(p)?.reason === 'CreateContainerConfigError',
      );
      console.log(`CreateContainerConfigError ${Date.now() - started} ms after the Pod was created`);
      expect(waitingOf(stuck)?.message).toBe(`couldn't find key mode in ConfigMap ${ns}/settings`);
      expect(stuck?.status?.phase).toBe('Pending');
      expect(ready(stuck)).toBe(false);
      const events = await until(
        () => client.list(EVENT, ns),
        (es) => es.some((e) => e.reason === 'Failed'),
      );
      const failed = events.find((e) => e.reason === 'Failed');
      expect(failed).toMatchObject({
        type: 'Warning',
        message: `Error: couldn't find key mode in ConfigMap ${ns}/settings`,
        source: { component: 'kubelet' },
        involvedObject: { kind: 'Pod', name: 'web', fieldPath: 'spec.containers{app}' },
      });
      // Still waiting a moment later: nothing starts it behind the learner's back.
      await new Promise((r) => setTimeout(r, 1500));
      expect(waitingOf(await client.get(POD, 'web', ns))?.reason).toBe('CreateContainerConfigError');

      await client.patch(CM, 'settings', ns, { data: { mode: 'production' } });
      const running = await until(
        () => client.get(POD, 'web', ns),
        (p) => p?.status?.phase === 'Running' && ready(p),
      );
      expect(running?.status?.phase).toBe('Running');
      expect(running?.status?.containerStatuses?.[0]?.state?.running).toBeDefined();
    },
  );

  it(
    'envFrom of a missing Secret says `secret "x" not found` until the Secret exists; an optional reference does not stop the Pod',
    { timeout: 60_000 },
    async () => {
      const ns = await plainNamespace(client, 'config-secret', namespaces);
      await client.create(pod('api', { envFrom: [{ secretRef: { name: 'creds' } }] }), ns);
      await client.create(
        pod('tolerant', {
          env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'absent', key: 'x', optional: true } } }],
        }),
        ns,
      );
      const stuck = await until(
        () => client.get(POD, 'api', ns),
        (p) => waitingOf(p)?.reason === 'CreateContainerConfigError',
      );
      expect(waitingOf(stuck)?.message).toBe('secret "creds" not found');
      const events = await until(
        () => client.list(EVENT, ns),
        (es) => es.some((e) => e.reason === 'Failed'),
      );
      expect(events.find((e) => e.reason === 'Failed')?.message).toBe('Error: secret "creds" not found');
      const tolerant = await until(
        () => client.get(POD, 'tolerant', ns),
        (p) => ready(p),
      );
      expect(tolerant?.status?.phase).toBe('Running');

      await client.create(
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, stringData: { a: 'b' } },
        ns,
      );
      const running = await until(
        () => client.get(POD, 'api', ns),
        (p) => p?.status?.phase === 'Running' && ready(p),
      );
      expect(running?.status?.phase).toBe('Running');
      expect(ready(running)).toBe(true);
    },
  );

  it(
    'a configMap volume of a missing ConfigMap keeps the Pod in ContainerCreating with a FailedMount Event until it exists',
    { timeout: 60_000 },
    async () => {
      const ns = await plainNamespace(client, 'config-volume', namespaces);
      await client.create(
        {
          ...pod('site', { volumeMounts: [{ name: 'html', mountPath: '/usr/share/nginx/html' }] }),
          spec: {
            containers: [
              {
                name: 'app',
                image: 'nginx:1.27',
                volumeMounts: [{ name: 'html', mountPath: '/usr/share/nginx/html' }],
              },
            ],
            volumes: [{ name: 'html', configMap: { name: 'site-content' } }],
          },
        },
        ns,
      );
      const stuck = await until(
        () => client.get(POD, 'site', ns),
        (p) => waitingOf(p)?.reason === 'ContainerCreating',
      );
      expect(stuck?.status?.phase).toBe('Pending');
      const events = await until(
        () => client.list(EVENT, ns),
        (es) => es.some((e) => e.reason === 'FailedMount'),
      );
      expect(events.find((e) => e.reason === 'FailedMount')).toMatchObject({
        type: 'Warning',
        message: 'MountVolume.SetUp failed for volume "html" : configmap "site-content" not found',
        source: { component: 'kubelet' },
      });
      await client.create(
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'site-content' }, data: { 'index.html': 'hi' } },
        ns,
      );
      const running = await until(
        () => client.get(POD, 'site', ns),
        (p) => p?.status?.phase === 'Running' && ready(p),
      );
      expect(running?.status?.phase).toBe('Running');
    },
  );

  it('the agent is a component of the cluster: status shows it, and `up` restarts it after a kill', async () => {
    const cluster = new LocalCluster().withName('cka-lab-test');
    const before = await cluster.components();
    const agent = before.find((c) => c.name === 'cka-lab-agent');
    expect(agent).toMatchObject({ running: true, healthy: true });
    // The cluster is shared with the other test files: a component already broken is repaired too.
    const broken = before.filter((c) => !c.running || !c.healthy).map((c) => c.name);
    const rss = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${agent!.pid}/status`, 'utf8'))?.[1]);
    console.log(`cka-lab-agent RSS ${Math.round(rss / 1024)} MB`);
    process.kill(agent!.pid!, 'SIGKILL');
    await until(
      () => cluster.components(false),
      (cs) => cs.some((c) => c.name === 'cka-lab-agent' && !c.running),
    );
    await cluster.up(memoryLog());
    expect([...cluster.lastRepair].sort()).toEqual(['cka-lab-agent', ...broken].sort());
    const back = (await cluster.components()).find((c) => c.name === 'cka-lab-agent');
    expect(back).toMatchObject({ running: true, healthy: true });
    expect(back?.pid).not.toBe(agent?.pid);
  });
});
