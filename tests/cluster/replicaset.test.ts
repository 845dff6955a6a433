import { afterAll, describe, expect, it } from 'vitest';
import { loadLab } from '../../src/labs/loader.js';
import { applySolution, resetLab, startLab } from '../../src/labs/lifecycle.js';
import { checkLab } from '../../src/checks/check-lab.js';
import type { LabReport } from '../../src/checks/result.js';
import type { KubeObject } from '../../src/kube/types.js';
import { dropNamespace, freshNamespace, quietLog, testClient } from './helpers.js';

const lab = await loadLab('replicaset');
const client = testClient();
const namespaces: string[] = [];
const ctx = (namespace: string) => ({ client, namespace, root: lab.root, workDir: process.cwd() });

const byId = (report: LabReport, id: string) => report.tasks.flatMap((t) => t.checks).find((c) => c.id === id)!;
const task = (report: LabReport, id: string) => report.tasks.find((t) => t.id === id)!;

/** Starts the lab in a namespace of its own. */
async function started(prefix: string): Promise<string> {
  const ns = freshNamespace(prefix);
  namespaces.push(ns);
  await startLab(lab, client, ns, quietLog());
  return ns;
}

/** A ReplicaSet with the given selector and template labels, like a learner might write. */
function replicaSet(
  selector: object,
  labels: Record<string, string>,
  replicas: number,
  kind = 'ReplicaSet',
  apiVersion = 'apps/v1',
): KubeObject {
  return {
    apiVersion,
    kind,
    metadata: { name: 'myapp-replicaset' },
    spec: {
      replicas,
      selector,
      template: { metadata: { labels }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } },
    },
  };
}

/** Waits until the ReplicaSet reports `n` Ready replicas (the controller and kwok lag a little). */
async function readyReplicas(ns: string, n: number): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const rs = await client.get({ apiVersion: 'apps/v1', kind: 'ReplicaSet' }, 'myapp-replicaset', ns);
    if (rs?.status?.readyReplicas === n && rs.status.replicas === n) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`ReplicaSet myapp-replicaset in ${ns} never reached ${n} Ready replicas`);
}

afterAll(async () => {
  await Promise.all(namespaces.map((ns) => dropNamespace(client, ns)));
});

describe('replicaset lab on the local cluster', () => {
  it('fails every task on the setup state', async () => {
    const ns = await started('setup');
    const report = await checkLab(lab, client, ns);
    expect(report.pass).toBe(false);
    for (const t of report.tasks) expect(t.pass, `task ${t.id} must fail on the setup state`).toBe(false);
    expect(byId(report, 'rs-exists').summary).toContain('ReplicaSet myapp-replicaset (apps/v1) does not exist');
    expect(byId(report, 'six-pods-ready').summary).toContain('found 2 Ready');
  });

  it('passes every check after the reference solution', async () => {
    const ns = await started('solution');
    await applySolution(lab, ctx(ns));
    const report = await checkLab(lab, client, ns, { waitMs: 30_000 });
    const failing = report.tasks
      .flatMap((t) => t.checks)
      .filter((c) => !c.pass)
      .map((c) => `${c.id}: ${c.summary}`);
    expect(failing).toEqual([]);
    expect(report.passed).toBe(9);
  });

  it('adopts the two setup Pods: only one new Pod is created for replicas 3', async () => {
    const ns = await started('adopt');
    await applySolution(lab, ctx(ns), ['create']);
    const report = await checkLab(lab, client, ns, { waitMs: 30_000, tasks: ['create'] });
    expect(task(report, 'create').pass).toBe(true);
    await readyReplicas(ns, 3);
    const pods = await client.list({ apiVersion: 'v1', kind: 'Pod' }, ns);
    expect(pods.filter((p) => !p.metadata?.deletionTimestamp)).toHaveLength(3);
  });

  it('fails the replicas check, with expected and actual, when replicas is left at 3', async () => {
    const ns = await started('replicas3');
    await applySolution(lab, ctx(ns), ['create']);
    await readyReplicas(ns, 3);
    const report = await checkLab(lab, client, ns);
    expect(task(report, 'create').pass).toBe(true);
    const replicas = byId(report, 'rs-replicas-6');
    expect(replicas.pass).toBe(false);
    expect(replicas.problems).toContainEqual(
      expect.objectContaining({
        path: 'spec.replicas',
        expected: 6,
        actual: 3,
        message: 'spec.replicas: expected 6, but found 3',
      }),
    );
    expect(byId(report, 'six-pods-ready').summary).toMatch(/expected 6 Ready Pods with app=myapp, but found 3 Ready/);
  });

  it('fails with a clear message when the selector does not select the existing Pods', async () => {
    const ns = await started('selector');
    await client.apply(replicaSet({ matchLabels: { app: 'my-app' } }, { app: 'my-app' }, 3), ns);
    const report = await checkLab(lab, client, ns);
    const sel = byId(report, 'rs-selects-myapp');
    expect(sel.pass).toBe(false);
    expect(sel.summary).toContain('the selector app=my-app does not select Pods labelled app=myapp');
    const adopted = byId(report, 'rs-adopted-pods');
    expect(adopted.pass).toBe(false);
    expect(adopted.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('Pod myapp-pod-1 has no controller in ownerReferences'),
      expect.stringContaining('Pod myapp-pod-2 has no controller in ownerReferences'),
    ]);
    // Its own selector and template agree, so that check passes: each check judges one thing.
    expect(byId(report, 'rs-selector-matches-template').pass).toBe(true);
  });

  it('accepts an equivalent answer: matchExpressions, extra template labels, scaled by patch', async () => {
    const ns = await started('alt');
    // `app In (myapp)` selects exactly what `app=myapp` selects; `In (myapp, other)` would select more (and fails).
    const selector = { matchExpressions: [{ key: 'app', operator: 'In', values: ['myapp'] }] };
    await client.apply(replicaSet(selector, { app: 'myapp', tier: 'web' }, 6), ns);
    const report = await checkLab(lab, client, ns, { waitMs: 30_000 });
    expect(
      report.tasks
        .flatMap((t) => t.checks)
        .filter((c) => !c.pass)
        .map((c) => c.summary),
    ).toEqual([]);
  });

  it('names the kind when a ReplicationController was created instead of a ReplicaSet', async () => {
    const ns = await started('rc');
    await client.apply(replicaSet({ app: 'myapp' }, { app: 'myapp' }, 3, 'ReplicationController', 'v1'), ns);
    const report = await checkLab(lab, client, ns);
    expect(byId(report, 'rs-exists').summary).toContain('there is a ReplicationController with that name');
  });

  it('explains Pods stuck Pending (unschedulable) in the Ready check', async () => {
    const ns = await started('pending');
    const rs = replicaSet({ matchLabels: { app: 'myapp' } }, { app: 'myapp' }, 6);
    rs.spec.template.spec.nodeSelector = { disk: 'ssd' }; // no node has it
    await client.apply(rs, ns);
    let report = await checkLab(lab, client, ns);
    // Wait until the ReplicaSet has made all 4 new Pods and the scheduler has given up on them.
    for (let i = 0; i < 80 && !/of 6 matching.*not scheduled/.test(JSON.stringify(report)); i++) {
      await new Promise((r) => setTimeout(r, 250));
      report = await checkLab(lab, client, ns);
    }
    const ready = byId(report, 'six-pods-ready');
    expect(ready.pass).toBe(false);
    expect(ready.summary).toContain('expected 6 Ready Pods with app=myapp, but found 2 Ready (of 6 matching)');
    expect(ready.problems.map((p) => p.message)).toContainEqual(
      expect.stringMatching(
        /^Pod myapp-replicaset-\w+ is not Ready: Pending, not scheduled: 0\/2 nodes are available: .*node\(s\) didn't match Pod's node affinity\/selector/,
      ),
    );
  });

  it('explains Pods in ImagePullBackOff in the Ready check, from the status a kubelet writes', async () => {
    // kwok pulls no images, so this test writes the status a kubelet writes for an image that
    // does not exist, on a Pod bound to a node no kwok controller runs (only the test updates
    // it). tests/cluster/k3s.test.ts covers a real kubelet where a Docker daemon answers.
    const ns = await started('imagepull');
    const rs = replicaSet({ matchLabels: { app: 'myapp' } }, { app: 'myapp' }, 3);
    rs.spec.template.spec.nodeName = 'no-kubelet-here';
    rs.spec.template.spec.containers[0].image = 'nginx:no-such-tag';
    await client.apply(rs, ns);
    const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
    let pod: KubeObject | undefined;
    for (let i = 0; i < 80 && !pod; i++) {
      pod = (await client.list(POD, ns)).find((p) => p.spec?.nodeName === 'no-kubelet-here');
      if (!pod) await new Promise((r) => setTimeout(r, 250));
    }
    expect(pod, 'the ReplicaSet made its third Pod').toBeDefined();
    const waiting = { reason: 'ImagePullBackOff', message: 'Back-off pulling image "nginx:no-such-tag"' };
    await client.patch(
      POD,
      pod!.metadata!.name!,
      ns,
      {
        status: {
          phase: 'Pending',
          conditions: [
            {
              type: 'Ready',
              status: 'False',
              reason: 'ContainersNotReady',
              lastTransitionTime: new Date().toISOString(),
            },
          ],
          containerStatuses: [
            {
              name: 'nginx',
              image: 'nginx:no-such-tag',
              imageID: '',
              ready: false,
              restartCount: 0,
              state: { waiting },
            },
          ],
        },
      },
      'merge',
      'status',
    );

    const ready = byId(await checkLab(lab, client, ns), 'six-pods-ready');
    expect(ready.pass).toBe(false);
    expect(ready.problems.map((p) => p.message)).toContainEqual(
      `Pod ${pod!.metadata!.name} is not Ready: ImagePullBackOff`,
    );
  });

  it("resets a named namespace in place: the learner's objects go, the setup comes back", async () => {
    const ns = await started('reset');
    await applySolution(lab, ctx(ns));
    await client.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'notes' }, data: { a: '1' } }, ns);
    await checkLab(lab, client, ns, { waitMs: 30_000 });
    await resetLab(lab, client, ns, quietLog());
    expect(await client.get({ apiVersion: 'apps/v1', kind: 'ReplicaSet' }, 'myapp-replicaset', ns)).toBeUndefined();
    expect(await client.get({ apiVersion: 'v1', kind: 'ConfigMap' }, 'notes', ns)).toBeUndefined();
    const pods = await client.list({ apiVersion: 'v1', kind: 'Pod' }, ns);
    expect(pods.map((p) => p.metadata?.name).sort()).toEqual(['myapp-pod-1', 'myapp-pod-2']);
    expect(pods.every((p) => !p.metadata?.ownerReferences?.length)).toBe(true);
    const report = await checkLab(lab, client, ns);
    expect(report.tasks.every((t) => !t.pass)).toBe(true);
  });

  it('reports a missing namespace as failed checks that say to start the lab', async () => {
    const report = await checkLab(lab, client, freshNamespace('missing'));
    expect(report.pass).toBe(false);
    expect(report.failed).toBe(9);
    expect(byId(report, 'rs-exists').summary).toMatch(/does not exist; run `lab start replicaset` first/);
  });
});
