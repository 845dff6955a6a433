import type { Log } from '../util/log.js';

/** The cluster drivers: `local` (embedded control plane + kwok), `k3s` (Docker), `context` (any kubeconfig). */
export type DriverName = 'local' | 'k3s' | 'context';

/** One process of a cluster's control plane, as `lab cluster status` reports it. */
export interface ComponentStatus {
  /** etcd, kube-apiserver, kube-controller-manager, kube-scheduler or kwok-controller. */
  name: string;
  /** Its process is alive (pid file and /proc). */
  running: boolean;
  /** Its health endpoint answered 200 (etcd /health, the API server /readyz, the others /healthz). */
  healthy: boolean;
  pid?: number;
  /** Why it does not run, when known: its last start with its manifest's flags failed (the `local` driver). */
  reason?: string;
}

/** What `lab cluster status` reports. */
export interface ClusterStatus {
  driver: DriverName;
  /** The whole cluster works: the API server answers and (for `local`) every component runs and is healthy. */
  running: boolean;
  /** `running`, `degraded` (state kept, some component down or unhealthy) or `stopped` (nothing runs or no cluster). */
  state?: 'running' | 'degraded' | 'stopped';
  /** Each control-plane process (the `local` driver). */
  components?: ComponentStatus[];
  /**
   * The optional parts the `local` cluster was started without (metrics-server, cka-lab-agent):
   * neither downloaded nor built, because Go was missing (src/cluster/local/extras.ts).
   */
  notBuilt?: string[];
  /** The kubeconfig file to use for this cluster, when it runs. */
  kubeconfig?: string;
  /** The API server URL. */
  server?: string;
  /** The folder of the control plane's static-Pod-style manifests (the `local` driver). */
  manifests?: string;
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
   * A cluster whose state exists is started or repaired in place, never recreated: its data is kept.
   * @returns the kubeconfig path of the running cluster
   * @throws ClusterError when it cannot start
   */
  up(log: Log): Promise<string>;
  /** Stops the cluster and removes its state. Does nothing when it is not running. */
  down(log: Log): Promise<void>;
  status(): Promise<ClusterStatus>;
}
