import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, makeNotReady, named, run } from './fixtures.js';
import type { KubeObject } from '../../../src/kube/types.js';

/**
 * tests/fixtures/check-kinds/workload-kinds.json: `kubectl get ds,pods,cronjob,deploy -n fx-wk -o json`
 * and `kubectl get nodes -o json` on the local cluster (two kwok nodes, node-000000 and node-000001,
 * no taints) after applying the workload-kinds lab's manifests under other names: DaemonSets
 * log-agent (the solution), agent-one (nodeSelector kubernetes.io/hostname=node-000000), agent-bad
 * (image busybox:1.36.9: ImagePullBackOff) and agent-affinity (required node affinity hostname NotIn
 * node-000001); a Deployment log-agent (2 replicas); CronJobs backup (*\/5, Forbid), backup-minute-5
 * ("5 * * * *"), backup-allow (no concurrencyPolicy), backup-suspended and backup-list
 * ("0,5,...,55 * * * ?"). managedFields and last-applied annotations removed.
 */
const objects = (): KubeObject[] =>
  (JSON.parse(readFileSync(join(FIXTURES, 'workload-kinds.json'), 'utf8')) as { items: KubeObject[] }).items;
const ns = { namespace: 'fx-wk' };

describe('check kind daemonset', () => {
  it('passes when every node that takes Pods runs one Ready Pod of the DaemonSet', async () => {
    const outcome = await run('daemonset', { name: 'log-agent' }, objects(), ns);
    expect(outcome).toEqual({
      pass: true,
      summary:
        'DaemonSet log-agent runs one Ready Pod on each of the 2 nodes that take Pods (node-000000, node-000001)',
      problems: [],
    });
  });
  it('names the node a nodeSelector or a node affinity leaves out', async () => {
    const one = await run('daemonset', { name: 'agent-one' }, objects(), ns);
    expect(one.pass).toBe(false);
    expect(one.summary).toBe(
      'node node-000001 runs no Pod of DaemonSet agent-one: its Pod template has nodeSelector ' +
        'kubernetes.io/hostname=node-000000, which the node does not have',
    );
    expect(one.problems).toHaveLength(1);
    const affinity = await run('daemonset', { name: 'agent-affinity' }, objects(), ns);
    expect(affinity.summary).toBe(
      "node node-000001 runs no Pod of DaemonSet agent-affinity: its Pod template's required node affinity excludes the node",
    );
  });
  it('fails for Pods that are not Ready, naming why', async () => {
    const outcome = await run('daemonset', { name: 'agent-bad' }, objects(), ns);
    expect(outcome.pass).toBe(false);
    expect(outcome.problems).toHaveLength(2);
    expect(outcome.summary).toMatch(
      /^the Pod of DaemonSet agent-bad on node node-00000[01] \(agent-bad-\w+\) is not Ready: ImagePullBackOff$/,
    );
  });
  it('counts against the nodes, not a number: a third node without a Pod fails', async () => {
    const all = objects();
    const extra = structuredClone(named(all, 'Node', 'node-000001'));
    extra.metadata!.name = 'node-000002';
    const outcome = await run('daemonset', { name: 'log-agent' }, [...all, extra], ns);
    expect(outcome.summary).toBe(
      'node node-000002 runs no Pod of DaemonSet log-agent yet (kubectl describe ds log-agent)',
    );
    // A node tainted NoSchedule takes no ordinary Pods and is not asked for; a cordoned one still is.
    extra.spec = { taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] };
    expect((await run('daemonset', { name: 'log-agent' }, [...all, extra], ns)).pass).toBe(true);
    extra.spec = { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }] };
    expect((await run('daemonset', { name: 'log-agent' }, [...all, extra], ns)).pass).toBe(false);
  });
  it('fails when a Pod of the DaemonSet turns not Ready, and for a Deployment of that name', async () => {
    const all = objects();
    const pod = all.find(
      (o) =>
        o.kind === 'Pod' &&
        o.metadata?.ownerReferences?.[0]?.kind === 'DaemonSet' &&
        o.metadata.name!.startsWith('log-agent-') &&
        o.spec?.nodeName === 'node-000001',
    )!;
    makeNotReady(pod);
    const notReady = await run('daemonset', { name: 'log-agent' }, all, ns);
    expect(notReady.summary).toBe(
      `the Pod of DaemonSet log-agent on node node-000001 (${pod.metadata!.name}) is not Ready: ImagePullBackOff`,
    );
    const noDs = objects().filter((o) => !(o.kind === 'DaemonSet' && o.metadata?.name === 'log-agent'));
    const deployment = await run('daemonset', { name: 'log-agent' }, noDs, ns);
    expect(deployment.pass).toBe(false);
    expect(deployment.summary).toContain('there is a Deployment with that name');
  });
});
