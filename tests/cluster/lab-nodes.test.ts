import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { contentRoot } from '../../src/util/paths.js';
import { loadLab } from '../../src/labs/loader.js';
import type { Lab } from '../../src/labs/lab.js';
import { resetLab, startLab } from '../../src/labs/lifecycle.js';
import { applyLabObject, deleteLabClusterObjects } from '../../src/labs/ownership.js';
import type { KubeObject } from '../../src/kube/types.js';
import { UsageError } from '../../src/errors.js';
import { dropNamespace, plainNamespace, quietLog, testClient, until } from './helpers.js';

const client = testClient();
const NODE = { apiVersion: 'v1', kind: 'Node' } as const;
const POD = { apiVersion: 'v1', kind: 'Pod' } as const;

// A lab of this test's own (content root of its own, id no other test uses): two lab Nodes, one
// small; a Deployment and a DaemonSet in the setup.
const id = `ln-${randomBytes(3).toString('hex')}`;
const node1 = `${id}-node1`;
const node2 = `${id}-node2`;
const home = mkdtempSync(join(tmpdir(), 'lab-nodes-'));
const ns = `lab-${id}`;
const made: string[] = [ns];
let lab: Lab;

const setup = `apiVersion: v1
kind: Node
metadata: { name: ${node1}, labels: { disk: ssd } }
status: { capacity: { cpu: "2", memory: 4Gi, pods: "20" } }
---
apiVersion: v1
kind: Node
metadata: { name: ${node2} }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  replicas: 4
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: nginx, image: nginx }] }
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent }
spec:
  selector: { matchLabels: { app: agent } }
  template:
    metadata: { labels: { app: agent } }
    spec: { containers: [{ name: agent, image: busybox, command: [sleep, "3600"] }] }
`;

beforeAll(async () => {
  cpSync(join(contentRoot(), 'notes'), join(home, 'notes'), { recursive: true });
  mkdirSync(join(home, 'manifests', id), { recursive: true });
  writeFileSync(join(home, 'manifests', id, 'setup.yaml'), setup);
  mkdirSync(join(home, 'labs', id), { recursive: true });
  writeFileSync(
    join(home, 'labs', id, 'lab.yaml'),
    `id: ${id}
title: Nodes
domain: Cluster Architecture
note: replicaset
requires: [nodes]
clusterScoped: [Node]
setup: [manifests/${id}/setup.yaml]
tasks:
  - id: t1
    title: Drain
    text: Drain ${node1}
    solution:
      - run: kubectl drain ${node1} --ignore-daemonsets
    checks:
      - { id: c1, title: web, type: object, target: { apiVersion: apps/v1, kind: Deployment, name: web } }
`,
  );
  lab = await loadLab(id, home);
  await startLab(lab, client, ns, quietLog());
}, 90_000);

afterAll(async () => {
  await Promise.all(made.map((n) => dropNamespace(client, n)));
  await deleteLabClusterObjects(client, lab).catch(() => undefined);
  rmSync(home, { recursive: true, force: true });
});

const labNodes = async () =>
  (await client.list(NODE)).filter((n) => n.metadata!.name!.startsWith(`${id}-`)).sort(byName);
const byName = (a: KubeObject, b: KubeObject) => a.metadata!.name!.localeCompare(b.metadata!.name!);
const isReady = (n: KubeObject) =>
  (n.status?.conditions ?? []).some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');
const running = (pods: KubeObject[]) => pods.filter((p) => p.status?.phase === 'Running');

describe('lab-owned simulated Nodes', () => {
  it('makes each lab Node Ready, kwok-simulated, labelled, tainted for the lab, with its resources', async () => {
    const nodes = await labNodes();
    expect(nodes.map((n) => n.metadata!.name)).toEqual([node1, node2]);
    for (const n of nodes) {
      expect(isReady(n)).toBe(true);
      expect(n.metadata!.annotations!['kwok.x-k8s.io/node']).toBe('fake');
      expect(n.metadata!.labels).toMatchObject({
        'app.kubernetes.io/managed-by': 'cka-lab',
        'cka-lab.dev/lab': id,
        'kubernetes.io/hostname': n.metadata!.name,
      });
      expect(n.spec.taints).toEqual([{ key: 'cka-lab.dev/lab', value: id, effect: 'NoSchedule' }]);
    }
    expect(nodes[0]!.metadata!.labels!.disk).toBe('ssd');
    expect(nodes[0]!.status.allocatable).toEqual({ cpu: '2', memory: '4Gi', pods: '20' });
    expect(nodes[1]!.status.allocatable).toEqual({ cpu: '32', memory: '256Gi', pods: '110' });
  });

  it("puts the lab's Pods (setup, DaemonSet, the learner's own) only on lab Nodes", async () => {
    await client.create(
      { ...POD, metadata: { name: 'mine' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
      ns,
    );
    const pods = await until(
      () => client.list(POD, ns),
      (p) => running(p).length === 7,
    );
    expect(running(pods)).toHaveLength(7);
    for (const p of pods) expect([node1, node2]).toContain(p.spec.nodeName);
    // The DaemonSet runs on exactly the two lab Nodes, and wants no more.
    const agents = pods.filter((p) => p.metadata!.labels?.app === 'agent');
    expect(agents.map((p) => p.spec.nodeName).sort()).toEqual([node1, node2]);
    const ds = await client.get({ apiVersion: 'apps/v1', kind: 'DaemonSet' }, 'agent', ns);
    expect(ds!.status.desiredNumberScheduled).toBe(2);
  });

  it("never puts another namespace's Pods on lab Nodes", async () => {
    const other = await plainNamespace(client, 'lab-nodes', made);
    await client.create(
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'many' },
        spec: {
          replicas: 6,
          selector: { matchLabels: { app: 'many' } },
          template: { metadata: { labels: { app: 'many' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
        },
      },
      other,
    );
    // Even a Pod that asks for a lab Node by its labels stays off it (the lab taint).
    await client.create(
      {
        ...POD,
        metadata: { name: 'wants-ssd' },
        spec: { nodeSelector: { disk: 'ssd' }, containers: [{ name: 'c', image: 'nginx' }] },
      },
      other,
    );
    const pods = await until(
      () => client.list(POD, other),
      (p) => running(p).length === 6 && p.some((x) => x.metadata!.name === 'wants-ssd'),
    );
    for (const p of running(pods)) expect(p.spec.nodeName).not.toMatch(new RegExp(`^${id}-`));
    const pending = await until(
      () => client.get(POD, 'wants-ssd', other),
      (p) => (p?.status?.conditions ?? []).some((c: { reason?: string }) => c.reason === 'Unschedulable'),
    );
    expect(pending!.spec.nodeName).toBeUndefined();
  });

  it("refuses a Node that is not named as the lab's own", async () => {
    await expect(
      applyLabObject(client, lab, { ...NODE, metadata: { name: `worker-${id}` } }, ns),
    ).rejects.toBeInstanceOf(UsageError);
    expect(await client.get(NODE, `worker-${id}`)).toBeUndefined();
  });

  it("lab reset undoes a cordon, a taint and a label on the lab's Nodes", async () => {
    await client.patch(NODE, node1, undefined, {
      metadata: { labels: { disk: null, zone: 'a' } },
      spec: {
        unschedulable: true,
        taints: [
          { key: 'cka-lab.dev/lab', value: id, effect: 'NoSchedule' },
          { key: 'maintenance', value: 'yes', effect: 'NoExecute' },
        ],
      },
    });
    // A learner who removed the lab label from a Node: it is the lab's all the same.
    await client.patch(NODE, node2, undefined, { metadata: { labels: { 'cka-lab.dev/lab': null } } });
    const before = (await client.get(NODE, node1))!.metadata!.uid;
    await resetLab(lab, client, ns, quietLog());
    const [n1, n2] = await labNodes();
    expect(n1!.metadata!.uid).not.toBe(before);
    expect(n1!.spec.unschedulable).toBeUndefined();
    expect(n1!.spec.taints).toEqual([{ key: 'cka-lab.dev/lab', value: id, effect: 'NoSchedule' }]);
    expect(n1!.metadata!.labels!.disk).toBe('ssd');
    expect(n1!.metadata!.labels!.zone).toBeUndefined();
    expect(n2!.metadata!.labels!['cka-lab.dev/lab']).toBe(id);
    expect(isReady(n1!) && isReady(n2!)).toBe(true);
    // The setup is back on them.
    const pods = await until(
      () => client.list(POD, ns),
      (p) => running(p).length === 6,
    );
    for (const p of pods) expect([node1, node2]).toContain(p.spec.nodeName);
  });
});
