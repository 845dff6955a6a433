import type { Log } from '../util/log.js';

/** The cluster drivers: `local` (embedded control plane + kwok), `k3s` (Docker), `context` (any kubeconfig). */
export type DriverName = 'local' | 'k3s' | 'context';

/** What `lab cluster status` reports. */
export interface ClusterStatus {
  driver: DriverName;
  running: boolean;
  /** The kubeconfig file to use for this cluster, when it runs. */
  kubeconfig?: string;
  /** The API server URL. */
  server?: string;
  detail?: string;
}

/**
 * A cluster cka-lab can start and stop. Like testcontainers modules: one small class
 * per kind of cluster, explicit readiness waits in `up`.
 */
export interface ClusterDriver {
  readonly name: DriverName;
  /**
   * Starts the cluster (building or pulling what it needs) and waits until a node is Ready.
   * @returns the kubeconfig path of the running cluster
   * @throws ClusterError when it cannot start
   */
  up(log: Log): Promise<string>;
  /** Stops the cluster and removes its state. Does nothing when it is not running. */
  down(log: Log): Promise<void>;
  status(): Promise<ClusterStatus>;
}
