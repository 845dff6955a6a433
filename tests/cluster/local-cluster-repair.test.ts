import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { LocalCluster } from '../../src/cluster/local/local-cluster.js';
import { KubeClient } from '../../src/kube/client.js';
import { loadKubeConfig } from '../../src/kube/config.js';
import { memoryLog } from '../../src/util/log.js';

// Issue 9.2: no command deletes cluster data unless asked. A cluster of its own (not the shared
// test cluster, whose components these tests kill), holding a learner's namespace and ConfigMap;
// each case kills one component with SIGKILL, and `up` must bring it back with the data kept.

const cluster = new LocalCluster().withName(`cka-lab-repair-${randomBytes(3).toString('hex')}`).withNodes(1);
const log = memoryLog();
const ns = 'learner-work';
const NS = { apiVersion: 'v1', kind: 'Namespace' };
const CM = { apiVersion: 'v1', kind: 'ConfigMap' };
const POD = { apiVersion: 'v1', kind: 'Pod' };
let client: KubeClient;

const pidOf = async (name: string): Promise<number | undefined> =>
  (await cluster.components(false)).find((c) => c.name === name)?.pid;

/** SIGKILLs a component and waits until its process is gone (it is no child of ours, so no zombie stays). */
async function kill9(name: string): Promise<number> {
  const pid = await pidOf(name);
  expect(pid, `${name} runs before the test`).toBeDefined();
  process.kill(pid!, 'SIGKILL');
  for (let i = 0; i < 100 && (await pidOf(name)) !== undefined; i++) await new Promise((r) => setTimeout(r, 50));
  expect(await pidOf(name)).toBeUndefined();
  return pid!;
}

/** Runs `up` and returns how long it took, in ms. */
async function timedUp(): Promise<number> {
  const t0 = performance.now();
  await cluster.up(log);
  return performance.now() - t0;
}

async function expectLearnerDataKept(): Promise<void> {
  const fresh = new KubeClient(loadKubeConfig({ kubeconfig: cluster.kubeconfig }));
  expect((await fresh.get(NS, ns))?.metadata?.labels?.['learner']).toBe('yes');
  expect((await fresh.get(CM, 'notes', ns))?.data).toEqual({ answer: '42' });
}

beforeAll(async () => {
  await cluster.up(log);
  client = new KubeClient(loadKubeConfig({ kubeconfig: cluster.kubeconfig }));
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { learner: 'yes' } } });
  await client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'notes' }, data: { answer: '42' } }, ns);
}, 180_000);

afterAll(async () => {
  await cluster.down(log);
}, 60_000);

describe('a local cluster with a dead component is repaired in place, its data kept', () => {
  it('kube-apiserver: status and diagnose name it, up restarts only it', async () => {
    const old = await kill9('kube-apiserver');
    const status = await cluster.status();
    expect(status.running).toBe(false);
    expect(status.state).toBe('degraded');
    expect(status.components?.find((c) => c.name === 'kube-apiserver')).toMatchObject({
      running: false,
      healthy: false,
    });
    expect(status.components?.find((c) => c.name === 'etcd')).toMatchObject({ running: true, healthy: true });
    expect(await cluster.diagnose()).toMatch(/kube-apiserver \(stopped\)/);

    const ms = await timedUp();
    console.log(`repair of kube-apiserver: ${(ms / 1000).toFixed(1)} s`);
    await expectLearnerDataKept();
    expect(cluster.lastRepair).toContain('kube-apiserver');
    expect(cluster.lastRepair).not.toContain('etcd');
    const now = await pidOf('kube-apiserver');
    expect(now).toBeDefined();
    expect(now).not.toBe(old);
    expect(log.lines.join('\n')).toMatch(/Repaired the local cluster .*restarted kube-apiserver/);
    expect((await cluster.status()).running).toBe(true);
  }, 120_000);

  it('etcd: up restarts it on its data', async () => {
    const old = await kill9('etcd');
    expect(await cluster.diagnose()).toMatch(/etcd \(stopped\)/);
    await timedUp();
    await expectLearnerDataKept();
    expect(cluster.lastRepair).toContain('etcd');
    expect(await pidOf('etcd')).not.toBe(old);
  }, 120_000);

  it('kube-scheduler: up restarts it, and a new Pod gets scheduled', async () => {
    const old = await kill9('kube-scheduler');
    await timedUp();
    await expectLearnerDataKept();
    expect(cluster.lastRepair).toEqual(['kube-scheduler']);
    const now = await pidOf('kube-scheduler');
    expect(now).toBeDefined();
    expect(now).not.toBe(old);
    await client.create(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'after-repair' },
        spec: { containers: [{ name: 'c', image: 'busybox' }] },
      },
      ns,
    );
    let node: string | undefined;
    for (let i = 0; i < 100 && !node; i++) {
      node = (await client.get(POD, 'after-repair', ns))?.spec?.nodeName;
      if (!node) await new Promise((r) => setTimeout(r, 100));
    }
    expect(node).toBeTruthy();
  }, 120_000);

  it('metrics-server: status names it, up restarts only it and it serves metrics.k8s.io again', async () => {
    expect((await cluster.components()).find((c) => c.name === 'metrics-server')).toMatchObject({ healthy: true });
    const old = await kill9('metrics-server');
    const status = await cluster.status();
    expect(status.state).toBe('degraded');
    expect(status.components?.find((c) => c.name === 'metrics-server')).toMatchObject({ running: false });
    await timedUp();
    expect(cluster.lastRepair).toEqual(['metrics-server']);
    const now = await pidOf('metrics-server');
    expect(now).toBeDefined();
    expect(now).not.toBe(old);
    // The new process scrapes the node again: NodeMetrics come back through the API server (2 scrapes, 10 s apart).
    const nodeMetrics = () =>
      client.list({ apiVersion: 'metrics.k8s.io/v1beta1', kind: 'NodeMetrics' }).catch(() => []);
    let nodes = await nodeMetrics();
    for (let i = 0; i < 60 && nodes.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      nodes = await nodeMetrics();
    }
    expect(nodes.map((n) => n.metadata?.name)).toHaveLength(1);
  }, 120_000);

  it('a healthy cluster: up changes nothing', async () => {
    const before = await cluster.components(false);
    await cluster.up(log);
    expect(cluster.lastRepair).toEqual([]);
    expect(await cluster.components(false)).toEqual(before);
  }, 60_000);
});
