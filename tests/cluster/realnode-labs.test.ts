import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCluster } from '../../src/cluster/local/local-cluster.js';
import { RealNode, type StartedRealNode } from '../../src/cluster/realnode/real-node.js';
import { KubeClient } from '../../src/kube/client.js';
import { loadKubeConfig } from '../../src/kube/config.js';
import { loadLab } from '../../src/labs/loader.js';
import { validateLab } from '../../src/labs/validate.js';
import { stderrLog } from '../../src/util/log.js';
import { realNodeTurn } from './realnode-turn.js';
import { runtimeLabIds } from './runtime-labs.js';

/**
 * The proven-checks suite for the labs that need real containers (`requires: [runtime]`: probes,
 * logs, exec, traffic), which the shared kwok-only test cluster leaves out (labs.test.ts): on a
 * local cluster of its own with a real node (containerd, runc, kubelet), every such lab's setup
 * fails every task, its solution passes, each wrong answer fails with its message and each
 * alternative passes, as `lab validate` proves them. Real nodes are host-global: this file takes
 * its turn with the other real-node tests (see {@link realNodeTurn}).
 */
const log = stderrLog();
const cluster = new LocalCluster().withName('cka-lab-realnode-labs').withNodes(1);
let client: KubeClient;
let node: StartedRealNode | undefined;
let endTurn: (() => Promise<void>) | undefined;
const ids = runtimeLabIds();

beforeAll(async () => {
  endTurn = await realNodeTurn();
  await cluster.up(log);
  client = new KubeClient(loadKubeConfig({ kubeconfig: cluster.kubeconfig }), { maxSockets: 6 });
  node = await new RealNode(cluster).start(log);
}, 1_800_000);

afterAll(async () => {
  try {
    await node?.stop(log);
    await cluster.down(log);
  } finally {
    await endTurn?.();
  }
}, 180_000);

describe('every lab that needs real containers proves its checks on a real node', () => {
  it('finds such labs', () => {
    expect(ids).toContain('probes');
    expect(ids).toContain('coredns');
    expect(ids).toContain('connectivity');
  });

  for (const id of ids) {
    // Probes act over tens of seconds (a liveness restart after 25 s, a start of 30 s), and a
    // kubelet on 2 shared cores starts Pods slower than kwok: a case may take up to 2 minutes to pass.
    it(`${id}`, { timeout: 900_000 }, async () => {
      const lab = await loadLab(id);
      const result = await validateLab(lab, client, { passWithinMs: 120_000, settleMs: 20_000 });
      const failures = result.cases.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
      expect(failures).toEqual([]);
      for (const task of lab.tasks) {
        expect(task.wrong.length, `task ${task.id} of ${id} needs a wrong answer`).toBeGreaterThan(0);
        expect(task.alternatives.length, `task ${task.id} of ${id} needs an alternative`).toBeGreaterThan(0);
      }
    });
  }
});
