import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname } from 'node:path';

/** How the state folder vitest.config.ts makes for a test run (the tests' XDG_STATE_HOME) is named in tmpdir(). */
export const TEST_STATE_PREFIX = 'cka-lab-test-state-';

/**
 * Set by the cluster project's global setup before it starts its cluster in the state folder:
 * from then on only that setup's teardown removes the folder, after `cluster.down`.
 */
export const CLUSTER_IN_TEST_STATE = 'CKA_LAB_TEST_CLUSTER';

/** Removes the run's state folder, if it is still there; never a folder vitest.config.ts did not make. */
export function removeTestState(dir: string | undefined): void {
  if (!dir || dirname(dir) !== tmpdir() || !basename(dir).startsWith(TEST_STATE_PREFIX)) return;
  rmSync(dir, { recursive: true, force: true });
}
