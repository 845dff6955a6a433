import { UsageError } from '../errors.js';
import { say } from '../i18n/current.js';
import { readCurrent } from './current.js';
import type { ClusterDriver } from './driver.js';
import { K3sCluster } from './k3s.js';
import { LocalCluster } from './local/local-cluster.js';

/**
 * The driver object for a name given on the command line, or the driver `lab cluster up` last
 * started when none is given. Kept apart from connect.ts, which loads it only when it must
 * start or diagnose a cluster, so a plain `lab check` does not load the local cluster's code.
 * @throws UsageError for a name that is neither `local` nor `k3s`
 */
export function driverFor(name: string | undefined): ClusterDriver {
  const chosen = name ?? readCurrent().driver;
  if (chosen === 'local') return new LocalCluster();
  if (chosen === 'k3s') return new K3sCluster();
  throw new UsageError(say('connect.unknownDriver', { driver: chosen }));
}
