import type { TestProject } from 'vitest/node';
import { CLUSTER_IN_TEST_STATE, removeTestState } from '../test-state.js';

/**
 * Removes the run's state folder (made by vitest.config.ts) when the run ends. When the cluster
 * project started its cluster there, the folder is left to that project's teardown, which
 * removes it after `cluster.down`: the cluster's data must stay while the cluster runs.
 */
export default function setup(project: TestProject) {
  const state = project.config.env.XDG_STATE_HOME;
  return () => {
    if (!process.env[CLUSTER_IN_TEST_STATE]) removeTestState(state);
  };
}
