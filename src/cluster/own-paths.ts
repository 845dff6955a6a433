import { join } from 'node:path';
import { xdgDir } from '../util/paths.js';
import type { DriverName } from './driver.js';

/**
 * The kubeconfig cka-lab writes for its own cluster of a driver, without loading the driver's
 * code: the same path as LocalCluster.kubeconfig (default name `cka-lab`) and
 * K3sCluster.kubeconfig, under $XDG_STATE_HOME/cka-lab (tests/unit/own-paths.test.ts compares them).
 */
export function ownKubeconfig(driver: Exclude<DriverName, 'context'>): string {
  return join(xdgDir('state'), driver === 'local' ? 'cka-lab' : 'k3s', 'kubeconfig');
}
