import { defineConfig } from 'vitest/config';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_STATE_PREFIX } from './tests/test-state.js';

// Tests keep their cluster, hints and progress in a state folder of their own, so a
// test run never touches the developer's cluster or files. Binaries stay in the
// shared cache, which is what makes later runs fast.
// This file is evaluated more than once in a run (for the root, then for each project): the
// first evaluation makes the folder and hands it on in CKA_LAB_TEST_STATE, so that every
// project and every worker (which inherits the environment) uses the same one. The projects'
// global setups remove it at the end of the run, the cluster's only after `cluster.down`.
const state = (process.env.CKA_LAB_TEST_STATE ??= mkdtempSync(join(tmpdir(), TEST_STATE_PREFIX)));

export default defineConfig({
  test: {
    env: { XDG_STATE_HOME: state, NO_COLOR: '1', LANG: 'en_US.UTF-8' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two cores: run files in parallel, but not more than the machine has.
    poolOptions: { forks: { maxForks: 2 } },
    pool: 'forks',
    // `npm run test:unit` (--project unit) needs no cluster and no Go; `npm test` runs both.
    projects: [
      {
        extends: true,
        // Removes the state folder at the end of the run, unless a cluster runs in it.
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], globalSetup: ['tests/unit/global-setup.ts'] },
      },
      {
        extends: true,
        // One real local cluster for the whole project, built first on a fresh machine.
        test: {
          name: 'cluster',
          include: ['tests/cluster/**/*.test.ts'],
          globalSetup: ['tests/cluster/global-setup.ts'],
        },
      },
    ],
  },
});
