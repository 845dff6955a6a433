import { describe, expect, it } from 'vitest';
import { listLabIds, loadLab } from '../../src/labs/loader.js';
import { validateLab } from '../../src/labs/validate.js';
import { testClient } from './helpers.js';
import { needsRuntime } from './runtime-labs.js';

// The proven-checks suite: for every lab, on the real local cluster, the setup state
// fails every task, the reference solution passes every check, each wrong answer
// fails the checks it names with its message, and each alternative answer passes.
const client = testClient();
// Restoring etcd takes the whole cluster back in time: tests/cluster/etcd-backup-lab.test.ts proves
// that lab on a cluster of its own.
const OWN_CLUSTER = ['etcd-backup'];

describe('every lab proves its checks', () => {
  // Labs that need real containers (requires: [runtime]) cannot run on this kwok-only cluster:
  // tests/cluster/realnode-labs.test.ts proves them on a cluster with a real node.
  for (const id of listLabIds().filter((id) => !needsRuntime(id) && !OWN_CLUSTER.includes(id))) {
    // A lab with cluster-scoped objects (its own Nodes, say) runs its cases one at a time: 4-5 minutes.
    it(`${id}`, { timeout: 600_000 }, async () => {
      const lab = await loadLab(id);
      const result = await validateLab(lab, client);
      const failures = result.cases.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
      expect(failures).toEqual([]);
      // Every lab must carry proofs beyond setup and solution: a wrong answer per task
      // and at least one alternative correct answer.
      for (const task of lab.tasks)
        expect(task.wrong.length, `task ${task.id} of ${id} needs a wrong answer`).toBeGreaterThan(0);
      expect(
        lab.tasks.some((t) => t.alternatives.length > 0),
        `${id} needs an alternative correct answer`,
      ).toBe(true);
    });
  }
});
