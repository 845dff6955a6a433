import { defineConfig } from 'vitest/config';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Tests keep their cluster, hints and progress in a state folder of their own, so a
// test run never touches the developer's cluster or files. Binaries stay in the
// shared cache, which is what makes later runs fast.
const state = mkdtempSync(join(tmpdir(), 'cka-lab-test-state-'));

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
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        extends: true,
        // One real local cluster for the whole project, built first on a fresh machine.
        test: { name: 'cluster', include: ['tests/cluster/**/*.test.ts'], globalSetup: ['tests/cluster/global-setup.ts'] },
      },
    ],
  },
});
