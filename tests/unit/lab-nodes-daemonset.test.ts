import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, run } from './check-kinds/fixtures.js';
import type { KubeObject } from '../../src/kube/types.js';

/**
 * tests/fixtures/check-kinds/lab-nodes.json: `kubectl get ds,pods -n lab-node-maintenance -o json` and
 * `kubectl get nodes -o json` on the local cluster after `lab start node-maintenance`: the cluster's
 * two kwok nodes (node-000000, node-000001) and the lab's four Nodes (node3 cordoned, each tainted
 * cka-lab.dev/lab=node-maintenance:NoSchedule); the DaemonSet log-agent as cka-lab applied it (its
 * template got the node selector cka-lab.dev/lab=node-maintenance and the toleration), one Ready Pod
 * on each lab Node. managedFields and last-applied annotations removed.
 */
const objects = (): KubeObject[] =>
  (JSON.parse(readFileSync(join(FIXTURES, 'lab-nodes.json'), 'utf8')) as { items: KubeObject[] }).items;
const ns = { namespace: 'lab-node-maintenance' };

describe('the daemonset check kind in a lab with its own Nodes', () => {
  it("counts only the lab's Nodes, not the cluster's other nodes its lab node selector leaves out", async () => {
    const outcome = await run('daemonset', { name: 'log-agent' }, objects(), ns);
    expect(outcome.summary).toBe(
      'DaemonSet log-agent runs one Ready Pod on each of the 4 nodes that take Pods (node-maintenance-node1, ' +
        'node-maintenance-node2, node-maintenance-node3, node-maintenance-node4)',
    );
    expect(outcome.pass).toBe(true);
  });

  it("still names a lab Node that lacks the DaemonSet's Pod", async () => {
    const items = objects().filter(
      (o) =>
        !(o.kind === 'Pod' && o.metadata?.labels?.app === 'log-agent' && o.spec?.nodeName === 'node-maintenance-node2'),
    );
    const outcome = await run('daemonset', { name: 'log-agent' }, items, ns);
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toContain('node-maintenance-node2');
    expect(outcome.problems).toHaveLength(1);
  });
});
