import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, checkOf, makeNotReady, named, run } from './fixtures.js';
import { placementKind } from '../../../src/checks/kinds/placement.js';
import type { KubeObject } from '../../../src/kube/types.js';

/**
 * tests/fixtures/check-kinds/scheduling.json: `kubectl get pods,deploy -n fx-sched -o json
 * --show-managed-fields` and `kubectl get nodes -o json` on the local cluster, with four Nodes made
 * as the scheduling lab's (scheduling-node1 zone-a, scheduling-node2 zone-b disktype=ssd,
 * scheduling-node3 zone-c tainted dedicated=batch:NoSchedule, scheduling-node4 zone-a; each labelled
 * cka-lab.dev/lab=scheduling and tainted with it, the namespace carrying PodNodeSelector and
 * PodTolerationRestriction annotations for it) besides the cluster's node-000000 and node-000001.
 * Pods: fast (nodeSelector disktype=ssd), pinned (nodeName scheduling-node2), loose (no rules),
 * nvme (nodeSelector disktype=nvme: Pending), batch (toleration Equal + nodeSelector hostname),
 * batch-exists (toleration Exists + matchFields metadata.name), batch-name (nodeName
 * scheduling-node3, no toleration), batch-wrong-value (toleration value batches: Pending).
 * Deployments of 3: api (required zone In a,b; preferred zone-a weight 50), api-pref (preferred only),
 * cache (required anti-affinity on hostname), cache-tsc (spread maxSkew 1 DoNotSchedule),
 * cache-pref (preferred anti-affinity), cache-zone (anti-affinity on zone: one Pending).
 * Last-applied annotations removed; managedFields keep only whether they set spec.nodeName.
 */
const objects = (): KubeObject[] =>
  (JSON.parse(readFileSync(join(FIXTURES, 'scheduling.json'), 'utf8')) as { items: KubeObject[] }).items;
const ns = { namespace: 'fx-sched' };
const nodes = (...n: number[]) => ({ names: n.map((i) => `scheduling-node${i}`) });
const deployment = (name: string) => ({ workload: { name } });

describe('check kind placement', () => {
  it('passes for a Pod on the right node whose nodeSelector keeps it off the others', async () => {
    const outcome = await run(
      'placement',
      { pods: { names: ['fast'] }, on: nodes(2), allows: nodes(2), never: nodes(1, 3, 4) },
      objects(),
      ns,
    );
    expect(outcome).toEqual({
      pass: true,
      summary: 'Pod fast: 1 Pod runs on scheduling-node2, where its own spec puts it',
      problems: [],
    });
  });

  it('fails a Pod that is on the right node by chance or by spec.nodeName', async () => {
    const pinned = await run(
      'placement',
      { pods: { names: ['pinned'] }, on: nodes(2), never: nodes(1) },
      objects(),
      ns,
    );
    expect(pinned.pass).toBe(false);
    expect(pinned.summary).toBe(
      'nothing keeps Pod pinned off node scheduling-node1: spec.nodeName places a Pod without the scheduler, ' +
        'and nothing else in the spec (nodeSelector, required node affinity, tolerations) rules the node out',
    );
    const loose = await run('placement', { pods: { names: ['loose'] }, never: nodes(2, 3) }, objects(), ns);
    // scheduling-node3's taint keeps loose off it; nothing keeps it off scheduling-node2.
    expect(loose.problems.map((p) => p.message)).toEqual([
      'nothing keeps Pod loose off node scheduling-node2: the spec has no nodeSelector or required node ' +
        'affinity, and the node has no untolerated taint',
    ]);
  });

  it('names the node a Pod runs on when it is not where the task wants it', async () => {
    const outcome = await run('placement', { pods: { names: ['fast'] }, on: nodes(1, 4) }, objects(), ns);
    expect(outcome.pass).toBe(false);
    expect(outcome.problems).toEqual([
      {
        message: 'Pod fast runs on node scheduling-node2, not on scheduling-node1, scheduling-node4',
        path: 'spec.nodeName',
        expected: 'scheduling-node1, scheduling-node4',
        actual: 'scheduling-node2',
      },
    ]);
    const bySelector = await run(
      'placement',
      { pods: { names: ['fast'] }, on: { selector: { disktype: 'ssd' } } },
      objects(),
      ns,
    );
    expect(bySelector.pass).toBe(true);
  });

  it("reports a Pending Pod with the scheduler's message", async () => {
    const outcome = await run('placement', { pods: { names: ['nvme'] }, on: nodes(2) }, objects(), ns);
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toMatch(
      /^Pod nvme is Pending, not scheduled: 0\/6 nodes are available: 1 node\(s\) had untolerated taint\(s\), 5 node\(s\) didn't match Pod's node affinity\/selector/,
    );
    const value = await run('placement', { pods: { names: ['batch-wrong-value'] }, on: nodes(3) }, objects(), ns);
    expect(value.summary).toContain('untolerated taint');
  });

  it('judges tolerations against taints: Equal and Exists pass, a Pod named onto the node does not', async () => {
    const fields = { on: nodes(3), allows: nodes(3), never: nodes(1, 2, 4) };
    for (const name of ['batch', 'batch-exists'])
      expect((await run('placement', { pods: { names: [name] }, ...fields }, objects(), ns)).pass).toBe(true);
    const byName = await run('placement', { pods: { names: ['batch-name'] }, ...fields }, objects(), ns);
    expect(byName.pass).toBe(false);
    expect(byName.summary).toBe(
      'nothing keeps Pod batch-name off nodes scheduling-node1, scheduling-node2, scheduling-node4: ' +
        'spec.nodeName places a Pod without the scheduler, and nothing else in the spec (nodeSelector, ' +
        'required node affinity, tolerations) rules the node out',
    );
    expect(byName.problems.map((p) => p.message)).toContain(
      'Pod batch-name cannot run on node scheduling-node3: the node has the taint dedicated=batch:NoSchedule, ' +
        'which the Pod does not tolerate',
    );
  });

  it('compares the value of an Equal toleration with the taint', async () => {
    const outcome = await run('placement', { pods: { names: ['batch-wrong-value'] }, allows: nodes(3) }, objects(), ns);
    expect(outcome.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^Pod batch-wrong-value is Pending, not scheduled: .*untolerated taint/),
      'Pod batch-wrong-value cannot run on node scheduling-node3: the node has the taint dedicated=batch:NoSchedule, ' +
        'which the Pod does not tolerate',
    ]);
  });

  it('judges the Pods of a Deployment: required, preferred and counted', async () => {
    const api = { ...deployment('api'), count: 3, allows: nodes(1, 2, 4), never: nodes(3), prefers: nodes(1, 4) };
    const outcome = await run('placement', api, objects(), ns);
    expect(outcome.pass).toBe(true);
    expect(outcome.summary).toMatch(/^Deployment api: 3 Pods run on scheduling-node[14], scheduling-node[14]/);

    // api-pref only prefers zones a and b: scheduling-node3's taint keeps it off there, nothing off node2.
    const preferredOnly = await run('placement', { ...api, workload: { name: 'api-pref' } }, objects(), ns);
    // The three Pods share the mistake, so one sentence names them all.
    expect(preferredOnly.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^the preferred node affinity of Pods api-pref-\S+, api-pref-\S+, api-pref-\S+ does not favour node scheduling-node1 \(weight 100\) over node scheduling-node2 \(weight 100\)$/,
      ),
    ]);
    const notB = await run('placement', { pods: { selector: { app: 'api-pref' } }, never: nodes(2) }, objects(), ns);
    expect(notB.problems.map((p) => p.message)).toContainEqual(
      expect.stringMatching(
        /^nothing keeps Pods api-pref-\S+, api-pref-\S+ off node scheduling-node2: the node affinity is only preferred \(preferredDuringSchedulingIgnoredDuringExecution\), which the scheduler may ignore/,
      ),
    );
    expect(notB.problems.map((p) => p.message)).toContainEqual(
      expect.stringMatching(/^Pod api-pref-\S+ runs on node scheduling-node2, where the task forbids it$/),
    );
    const none = await run('placement', { pods: { names: ['fast'] }, prefers: nodes(2) }, objects(), ns);
    expect(none.summary).toBe(
      'Pod fast has no preferred node affinity (preferredDuringSchedulingIgnoredDuringExecution)',
    );

    const zoneB = await run('placement', { ...api, prefers: nodes(2) }, objects(), ns);
    expect(zoneB.summary).toMatch(
      /^the preferred node affinity of Pods api-\S+, api-\S+, api-\S+ does not favour node scheduling-node2 \(weight 0\) over node scheduling-node1 \(weight 50\)$/,
    );
    const onlyA = await run('placement', { ...api, allows: nodes(1, 2, 3) }, objects(), ns);
    expect(onlyA.summary).toMatch(
      /^Pods api-\S+, api-\S+, api-\S+ cannot run on node scheduling-node3: the required node affinity excludes the node$/,
    );
    const four = await run('placement', { ...api, count: 4 }, objects(), ns);
    expect(four.summary).toBe('Deployment api has 3 Pods, but the task asks for 4');
  });

  it('spreads only when the spec guarantees it: required anti-affinity or a hard spread on hostname', async () => {
    for (const name of ['cache', 'cache-tsc'])
      expect((await run('placement', { ...deployment(name), count: 3, spread: true }, objects(), ns)).pass).toBe(true);
    const preferred = await run('placement', { ...deployment('cache-pref'), spread: true }, objects(), ns);
    expect(preferred.pass).toBe(false);
    expect(preferred.summary).toMatch(
      /^nothing in the spec of Pods cache-pref-\S+, cache-pref-\S+, cache-pref-\S+ keeps two of the Pods off one node: the pod anti-affinity is only preferred/,
    );
    const zone = await run('placement', { ...deployment('cache-zone'), spread: true }, objects(), ns);
    expect(zone.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^Pod cache-zone-\S+ is Pending, not scheduled: .*didn't match pod anti-affinity rules/),
      expect.stringMatching(/the rule spreads over topology.kubernetes.io\/zone, not over nodes/),
    ]);
    // maxSkew 2 lets two of them share a node once every node has one.
    const skew2 = objects();
    for (const p of skew2.filter((o) => o.kind === 'Pod' && o.metadata?.labels?.app === 'cache-tsc'))
      p.spec!.topologySpreadConstraints[0].maxSkew = 2;
    expect((await run('placement', { ...deployment('cache-tsc'), spread: true }, skew2, ns)).summary).toMatch(
      /maxSkew 2 and whenUnsatisfiable DoNotSchedule; only maxSkew 1 with DoNotSchedule is a rule$/,
    );
    // Two Pods on one node, with a spread constraint that ScheduleAnyway.
    const all = objects();
    const pods = all.filter((o) => o.kind === 'Pod' && o.metadata?.labels?.app === 'cache-tsc');
    pods[1]!.spec!.nodeName = pods[0]!.spec!.nodeName;
    for (const p of pods) p.spec!.topologySpreadConstraints[0].whenUnsatisfiable = 'ScheduleAnyway';
    const soft = await run('placement', { ...deployment('cache-tsc'), spread: true }, all, ns);
    expect(soft.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^Pods cache-tsc-\S+, cache-tsc-\S+ run on the same node scheduling-node\d$/),
      expect.stringMatching(/maxSkew 1 and whenUnsatisfiable ScheduleAnyway; only maxSkew 1 with DoNotSchedule/),
    ]);
  });

  it('fails a Pod still running on a node its spec now excludes, and counts cordon and readiness', async () => {
    const all = objects();
    const loose = named(all, 'Pod', 'loose');
    const node = named(all, 'Node', loose.spec!.nodeName as string);
    node.spec!.taints.push({ key: 'dedicated', value: 'batch', effect: 'NoSchedule' });
    const stale = await run(
      'placement',
      { pods: { names: ['loose'] }, never: { names: [node.metadata!.name!] } },
      all,
      ns,
    );
    expect(stale.summary).toBe(
      `Pod loose runs on node ${node.metadata!.name}, where the task forbids it: the spec keeps new Pods off it ` +
        'now (the node has the taint dedicated=batch:NoSchedule, which the Pod does not tolerate), but a running ' +
        'Pod stays where it was scheduled; delete it (or kubectl rollout restart its Deployment) so that it is ' +
        'scheduled again',
    );
    named(all, 'Node', 'scheduling-node2').spec!.unschedulable = true;
    const cordoned = await run('placement', { pods: { names: ['fast'] }, allows: nodes(2) }, all, ns);
    expect(cordoned.summary).toBe(
      'Pod fast cannot run on node scheduling-node2: the node is cordoned (spec.unschedulable)',
    );
    makeNotReady(named(all, 'Pod', 'batch'));
    const notReady = await run('placement', { pods: { names: ['batch'] }, on: nodes(3) }, all, ns);
    expect(notReady.summary).toBe('Pod batch on node scheduling-node3 is not Ready: ImagePullBackOff');
  });

  it('says what is missing, in the language asked for', async () => {
    const missing = await run('placement', { pods: { names: ['fats'] }, on: nodes(2) }, objects(), ns);
    expect(missing.summary).toContain('fats');
    const noNode = await run('placement', { pods: { names: ['fast'] }, on: nodes(9) }, objects(), ns);
    expect(noNode.summary).toBe('there is no node scheduling-node9 (kubectl get nodes)');
    const ko = await run('placement', { pods: { names: ['loose'] }, never: nodes(2) }, objects(), {
      ...ns,
      lang: 'ko',
    });
    expect(ko.summary).toBe(
      'Pod loose를 노드 scheduling-node2에서 막는 것이 없습니다: spec에 nodeSelector도 required node affinity도 ' +
        '없고, 노드에 허용되지 않은 taint도 없습니다',
    );
  });

  it('refuses a check that names no Pods, or both Pods and a workload, when the lab is loaded', () => {
    const both = checkOf('placement', { pods: { names: ['a'] }, workload: { name: 'b' }, on: nodes(1) });
    expect(placementKind.problem(both)).toEqual({ path: ['pods'], problem: 'give exactly one of pods and workload' });
    const nowhere = checkOf('placement', { pods: { names: ['a'] } });
    expect(placementKind.problem(nowhere)?.problem).toBe('say where: on, allows, never, prefers or spread');
  });
});
