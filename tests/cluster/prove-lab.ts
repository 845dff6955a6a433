import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { listLabIds, loadLab } from '../../src/labs/loader.js';
import { validateLab } from '../../src/labs/validate.js';
import type { KubeClient } from '../../src/kube/client.js';
import { contentRoot } from '../../src/util/paths.js';
import { testClient } from './helpers.js';
import { needsRuntime } from './runtime-labs.js';

// Restoring etcd takes the whole cluster back in time: tests/cluster/etcd-backup-lab.test.ts proves
// that lab on a cluster of its own; troubleshoot-control-plane and troubleshoot-controller-manager break
// the shared scheduler and controller-manager (tests/cluster/control-plane-lab.test.ts).
const OWN_CLUSTER = ['etcd-backup', 'troubleshoot-control-plane', 'troubleshoot-controller-manager'];

/** Whether lab `id` declares cluster-scoped kinds (its cases then run one at a time), read from its lab.yaml. */
function hasClusterScoped(id: string): boolean {
  const file = parse(readFileSync(join(contentRoot(), 'labs', id, 'lab.yaml'), 'utf8')) as { clusterScoped?: unknown };
  return Array.isArray(file.clusterScoped) && file.clusterScoped.length > 0;
}

/**
 * The labs the shared kwok-only test cluster proves, split in two so that vitest runs the two
 * halves side by side: `serial` the labs with cluster-scoped objects (their cases run one at a
 * time), else the others. Labs that need real containers are proven on a real node
 * (realnode-labs.test.ts).
 */
export const labsToProve = (serial: boolean): string[] =>
  listLabIds().filter((id) => !needsRuntime(id) && !OWN_CLUSTER.includes(id) && hasClusterScoped(id) === serial);

/**
 * The proven-checks suite for `ids`: for each lab, on the real local cluster, the setup state
 * fails every task, the reference solution passes every check, each wrong answer fails the
 * checks it names with its message, and each alternative answer passes.
 */
export function proveLabs(ids: string[]): void {
  const client = testClient();
  describe('every lab proves its checks', () => {
    for (const id of ids) {
      // A lab with cluster-scoped objects (its own Nodes, say) runs its cases one at a time: 4-5 minutes.
      // One retry: on a machine at load 30+ a case now and then misses its 60 s (kwok's or a controller's
      // turn comes late); the failures of the first try are printed, and a real fault fails both tries.
      it(`${id}`, { timeout: 600_000, retry: 1 }, async () => {
        const lab = await loadLab(id);
        const result = await validateLab(lab, client, { installGatewayApi: true }); // a local test cluster
        const failures = result.cases.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
        // Printed as they come: CI keeps only a part of the output, and the summary may be cut.
        if (failures.length)
          console.error(`lab ${id} failed its proof (${new Date().toISOString()}):\n${failures.join('\n')}`);
        expect(failures).toEqual([]);
      });
    }
  });
}

/**
 * The same proof for a lab that must run on a cluster of its own (OWN_CLUSTER), every case one at a
 * time on `client`'s cluster; also that each task has at least 3 wrong answers and 3 alternatives.
 * Prints each case's time.
 */
export async function proveOnOwnCluster(id: string, client: KubeClient): Promise<void> {
  const lab = await loadLab(id);
  const result = await validateLab(lab, client);
  const failures = result.cases.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
  expect(failures).toEqual([]);
  for (const task of lab.tasks) {
    expect(task.wrong.length, `task ${task.id}`).toBeGreaterThanOrEqual(3);
    expect(task.alternatives.length, `task ${task.id}`).toBeGreaterThanOrEqual(3);
  }
  const timings = result.cases.map((c) => `${(c.durationMs / 1000).toFixed(1)} s ${c.name}`);
  console.log(`${id} cases:\n${timings.join('\n')}`);
}
