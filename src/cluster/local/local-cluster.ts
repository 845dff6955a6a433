import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterError } from '../../cli/errors.js';
import type { Log } from '../../util/log.js';
import { xdgDir } from '../../util/paths.js';
import type { ClusterDriver, ClusterStatus } from '../driver.js';
import { binaryPath, ensureBinaries } from './binaries.js';
import { probe, waitForReadyNode } from '../readiness.js';
import { withFileLock } from '../../util/lock.js';

/** How long `up` waits for the control plane and a Ready node, in ms. */
const READY_TIMEOUT_MS = 120_000;

/** Time spent in each phase of `up`, in ms (reported by benchmarks). */
export interface UpTimings {
  binariesMs: number;
  controlPlaneMs: number;
  nodesMs: number;
  totalMs: number;
}

/**
 * The embedded default cluster: a real kube-apiserver, kube-controller-manager,
 * kube-scheduler and etcd started by `kwokctl --runtime binary` from binaries built
 * from the official Go modules, with kwok simulating the nodes (Pods get scheduled,
 * become Running and Ready, and get IPs, so Endpoints fill in).
 *
 * State lives under $XDG_STATE_HOME/cka-lab/<name>; the user's ~/.kube/config is never written.
 *
 * @example await new LocalCluster().withName('cka-lab-test').withNodes(2).up(log)
 */
export class LocalCluster implements ClusterDriver {
  readonly name = 'local' as const;
  private clusterName = 'cka-lab';
  private nodes = 2;
  /** Timings of the last `up`, in ms. */
  lastUp?: UpTimings;

  /** Uses another cluster name (and so another state folder): tests use their own. */
  withName(name: string): this {
    this.clusterName = name;
    return this;
  }

  /** How many kwok nodes to create (default 2). */
  withNodes(count: number): this {
    this.nodes = count;
    return this;
  }

  /** The state folder of this cluster. */
  get stateDir(): string {
    return join(xdgDir('state'), this.clusterName);
  }

  /** The kubeconfig cka-lab writes for this cluster (KUBECONFIG for `lab env`). */
  get kubeconfig(): string {
    return join(this.stateDir, 'kubeconfig');
  }

  private async kwokctl(args: string[]) {
    const { execa } = await import('execa'); // only cluster lifecycle needs it, not every check
    return execa(binaryPath('kwokctl'), [...args, '--name', this.clusterName], {
      env: { KWOK_WORKDIR: join(this.stateDir, 'kwok') },
      reject: false,
      all: true,
    });
  }

  async up(log: Log): Promise<string> {
    const t0 = performance.now();
    await ensureBinaries(log);
    const t1 = performance.now();
    if (existsSync(this.kubeconfig) && (await probe(this.kubeconfig))) {
      log.info(`The local cluster ${this.clusterName} is already running.`);
      this.lastUp = { binariesMs: t1 - t0, controlPlaneMs: 0, nodesMs: 0, totalMs: t1 - t0 };
      return this.kubeconfig;
    }
    // A stopped or half-started cluster from before (say, after a reboot): start clean.
    await this.remove();
    mkdirSync(this.stateDir, { recursive: true });
    log.progress(`Starting the local cluster ${this.clusterName} (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok)...`);
    // kwokctl picks free ports when it creates a cluster; two creations at once (tests,
    // benchmarks) can pick the same one, so creations take turns.
    const lockFile = join(xdgDir('state'), 'kwokctl-create');
    const created = await withFileLock(lockFile, () => this.kwokctl([
      'create', 'cluster',
      '--runtime', 'binary',
      '--kubeconfig', this.kubeconfig,
      '--kube-apiserver-binary', binaryPath('kube-apiserver'),
      '--kube-controller-manager-binary', binaryPath('kube-controller-manager'),
      '--kube-scheduler-binary', binaryPath('kube-scheduler'),
      '--etcd-binary', binaryPath('etcd'),
      '--kwok-controller-binary', binaryPath('kwok'),
      '--wait', `${READY_TIMEOUT_MS / 1000}s`,
    ]));
    if (created.exitCode !== 0) {
      throw new ClusterError(`kwokctl could not start the local cluster; see the output below, then try \`lab cluster down\` and \`lab cluster up\` again.\n${lastLines(created.all)}`);
    }
    const t2 = performance.now();
    log.progress(`Adding ${this.nodes} kwok nodes and waiting for them to be Ready...`);
    const scaled = await this.kwokctl(['scale', 'node', '--replicas', String(this.nodes)]);
    if (scaled.exitCode !== 0) throw new ClusterError(`kwokctl could not add nodes to the local cluster; run \`lab cluster down\` and try again.\n${lastLines(scaled.all)}`);
    await waitForReadyNode(this.kubeconfig, READY_TIMEOUT_MS);
    const t3 = performance.now();
    this.lastUp = { binariesMs: t1 - t0, controlPlaneMs: t2 - t1, nodesMs: t3 - t2, totalMs: t3 - t0 };
    log.info(`The local cluster is ready with ${this.nodes} nodes (${((t3 - t1) / 1000).toFixed(1)} s).`);
    return this.kubeconfig;
  }

  async down(log: Log): Promise<void> {
    if (!existsSync(this.stateDir)) {
      log.info(`The local cluster ${this.clusterName} is not running.`);
      return;
    }
    await this.remove();
    log.info(`Stopped and removed the local cluster ${this.clusterName}.`);
  }

  /** Stops the processes (through kwokctl) and removes the state folder. */
  private async remove(): Promise<void> {
    if (existsSync(join(this.stateDir, 'kwok')) && existsSync(binaryPath('kwokctl'))) {
      await this.kwokctl(['delete', 'cluster', '--kubeconfig', this.kubeconfig]);
    }
    rmSync(this.stateDir, { recursive: true, force: true });
  }

  async status(): Promise<ClusterStatus> {
    const running = existsSync(this.kubeconfig) && (await probe(this.kubeconfig));
    return {
      driver: 'local',
      running,
      ...(running ? { kubeconfig: this.kubeconfig } : {}),
      detail: running ? `cluster ${this.clusterName}, state in ${this.stateDir}` : 'not running; start it with `lab cluster up`',
    };
  }
}

const lastLines = (text = '', n = 10): string => text.split('\n').slice(-n).join('\n');
