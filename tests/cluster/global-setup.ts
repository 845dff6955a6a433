import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { LocalCluster } from '../../src/cluster/local/local-cluster.js';
import { ensureNodeBinaries } from '../../src/cluster/realnode/binaries.js';
import { ensureNodeImages } from '../../src/cluster/realnode/images.js';
import { ensureTools } from '../../src/cluster/tools.js';
import { stderrLog } from '../../src/util/log.js';
import { CLUSTER_IN_TEST_STATE, removeTestState } from '../test-state.js';

/**
 * Starts one real local cluster (kube-apiserver, controller-manager, scheduler,
 * etcd, kwok nodes) for the whole test run, building the binaries first if the cache
 * is empty. Each test then works in a namespace of its own.
 */
export default async function setup(project: TestProject) {
  const state = project.config.env.XDG_STATE_HOME;
  process.env.XDG_STATE_HOME = state;
  // The cluster's data is in the state folder from here on: only this teardown removes it.
  process.env[CLUSTER_IN_TEST_STATE] = '1';
  const cluster = new LocalCluster().withName('cka-lab-test').withNodes(2);
  const log = stderrLog();
  const kubeconfig = await cluster.up(log);
  // The real node's binaries and images are built here, before any test runs, so that a cold
  // build (minutes on 2 cores) neither competes with running tests nor runs into a hook timeout.
  const nodeBin = await ensureNodeBinaries(log);
  await ensureNodeImages(log, { corednsBinary: join(nodeBin, 'coredns') });
  await ensureTools(log); // helm, etcdctl, etcdutl for the labs that use them (exec steps)
  project.provide('kubeconfig', kubeconfig);
  return async () => {
    await cluster.down(log);
    removeTestState(state); // after the cluster is down, never while it runs
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    kubeconfig: string;
  }
}
