import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, delimiter, dirname, join } from 'node:path';
import { ClusterError } from '../../errors.js';
import type { Log } from '../../util/log.js';
import { xdgDir } from '../../util/paths.js';
import type { ClusterDriver, ClusterStatus, ComponentStatus } from '../driver.js';
import {
  describeBroken,
  dropStalePidFile,
  inspectComponents,
  livePid,
  readComponents,
  type ComponentSpec,
} from './components.js';
import { binaryPath, ensureBinaries, kubeVersion } from './binaries.js';
import {
  ensureManifests,
  heldComponents,
  manifestsDir,
  restoreManifests,
  STATIC_COMPONENTS,
  syncManifests,
} from './static-manifests.js';
import { ensureWatcher, stopWatcher } from './manifest-watcher.js';
import type { MetricsServerConfig } from './metrics.js';
import { agentComponent, freeLoopbackPort } from './agent.js';
import { describeExtras, ensureExtras, extrasAbsent, type Extra, type Extras } from './extras.js';
import { applyStorage, CONTROLLER_MANAGER_PATCH, prepareHostPathFolder } from './storage.js';
import { probe, waitForReadyNode } from '../readiness.js';
import { say } from '../../i18n/current.js';
import { withFileLock } from '../../util/lock.js';
import { poll } from '../../util/poll.js';
import { killProcess } from '../../util/process.js';
import { KubeClient } from '../../kube/client.js';
import { loadKubeConfig } from '../../kube/config.js';

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
 * from the official Go modules, with kwok simulating the nodes through the Stage objects of
 * cluster/stages (see {@link stageDocuments}): Pods get scheduled, become Running and Ready and get
 * IPs, so Endpoints fill in; an image outside the catalog fails to pull; Jobs complete;
 * LoadBalancer Services get an external IP.
 *
 * State lives under $XDG_STATE_HOME/cka-lab/<name>; the user's ~/.kube/config is never written.
 *
 * @example await new LocalCluster().withName('cka-lab-test').withNodes(2).up(log)
 */
export class LocalCluster implements ClusterDriver {
  readonly name = 'local' as const;
  private clusterName = 'cka-lab';
  private nodes = 2;
  private restoreOnUp = false;
  /** Timings of the last `up`, in ms. */
  lastUp?: UpTimings;
  /** The components the last `up` restarted (empty for a fresh or healthy cluster). */
  lastRepair: string[] = [];

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

  /**
   * Makes the next `up` of an existing cluster write cka-lab's own manifest of every control-plane
   * component back first (`lab cluster up --restore-manifests`): the way out of an edit the learner
   * cannot repair. Other data is kept.
   */
  withRestoredManifests(): this {
    this.restoreOnUp = true;
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

  /** kwokctl's workdir for this cluster (KWOK_WORKDIR/clusters/<name>): kwok.yaml, pids/, logs/, etcd data. */
  get clusterWorkdir(): string {
    return join(this.stateDir, 'kwok', 'clusters', this.clusterName);
  }

  private async kwokctl(args: string[], timeoutMs?: number) {
    const { execa } = await import('execa'); // only cluster lifecycle needs it, not every check
    return execa(binaryPath('kwokctl'), [...args, '--name', this.clusterName], {
      // kwokctl waits for the API server with `kubectl`, found on PATH: ours, never a download.
      env: {
        KWOK_WORKDIR: join(this.stateDir, 'kwok'),
        PATH: `${dirname(binaryPath('kubectl'))}${delimiter}${process.env.PATH ?? ''}`,
      },
      reject: false,
      all: true,
      ...(timeoutMs ? { timeout: timeoutMs } : {}),
    });
  }

  /**
   * Starts the cluster. Without a state folder it creates a fresh one (etcd, kube-apiserver,
   * kube-controller-manager, kube-scheduler, kwok, all on 127.0.0.1) and adds the nodes. With a
   * state folder it never recreates: it restarts only the components that are down or
   * unhealthy, keeping etcd's data, and says in one line what it repaired.
   * @throws ClusterError when the cluster cannot be created or repaired
   */
  async up(log: Log): Promise<string> {
    const t0 = performance.now();
    this.lastRepair = [];
    await ensureBinaries(log);
    // metrics-server and the agent are optional: without Go (and, for metrics-server, without
    // network) the cluster starts without them and says what does not work (src/cluster/local/extras.ts).
    const extras = await ensureExtras(log);
    const t1 = performance.now();
    mkdirSync(xdgDir('state'), { recursive: true });
    // One `up` at a time per cluster: two repairs at once would start a component twice.
    return withFileLock(join(xdgDir('state'), `${this.clusterName}.up`), async () => {
      if (existsSync(join(this.clusterWorkdir, 'kwok.yaml'))) {
        // A cluster made before the manifests existed gets them from the flags it runs with; a
        // manifest edited while no watcher ran takes effect now, before the repair.
        await ensureManifests(this, kubeVersion());
        if (this.restoreOnUp) {
          await restoreManifests(this, STATIC_COMPONENTS, kubeVersion(), (names) => this.releaseLeases(names));
        } else await syncManifests(this, (names) => this.releaseLeases(names));
        await this.repair(log, t0, t1);
        ensureWatcher(this.stateDir, this.clusterName);
        // A cluster made without an extra keeps running without it; it joins only a new cluster.
        const absent = extrasAbsent((await readComponents(this.clusterWorkdir)).map((c) => c.name));
        const nowReady = absent.filter((e) => !extras.missing.includes(e));
        if (nowReady.length > 0) log.info(say('local.extrasNotJoined', describeExtras(nowReady)));
        return this.kubeconfig;
      }
      if (existsSync(join(this.clusterWorkdir, 'etcd'))) {
        throw new ClusterError(say('local.incomplete', { name: this.clusterName, dir: this.stateDir }));
      }
      await this.create(log, t0, t1, extras);
      // A component that exited while the cluster came up (metrics-server once, in a loaded CI run,
      // which left metrics.k8s.io unavailable and namespaces stuck Terminating) is started again now:
      // `kwokctl create --wait` waits for the API server only. Processes only: no wait for health.
      const exited = (await this.components(false)).filter((c) => !c.running);
      if (exited.length > 0) await this.repair(log, t0, t1);
      await ensureManifests(this, kubeVersion());
      ensureWatcher(this.stateDir, this.clusterName);
      return this.kubeconfig;
    });
  }

  /** Creates a fresh cluster in a state folder that holds no cluster data. */
  private async create(log: Log, t0: number, t1: number, extras: Extras): Promise<void> {
    // Left-overs of a creation that failed before kwokctl saved its configuration hold no data.
    rmSync(join(this.stateDir, 'kwok'), { recursive: true, force: true });
    mkdirSync(this.stateDir, { recursive: true });
    const config = join(this.stateDir, 'kwokctl.yaml');
    log.progress(say('local.starting', { name: this.clusterName }));
    // The ports are released before kwokctl binds them, so creations take turns: the lock is in
    // the cache folder (where kwokctl comes from), shared by clusters of every state folder.
    const lockFile = join(xdgDir('cache'), 'kwokctl-create');
    mkdirSync(xdgDir('cache'), { recursive: true });
    const created = await withFileLock(
      lockFile,
      async () => {
        // Loaded here: the stage generator needs a YAML library, which no `lab check` should load.
        const { stageDocuments } = await import('./stages.js');
        const { metricsDocuments, metricsServerConfig } = await import('./metrics.js');
        const docs = [stageDocuments(undefined, extras.agent !== undefined), ...metricsDocuments()].join('---\n');
        const ports = await freePorts();
        const agentPort = await freeLoopbackPort(Object.values(ports));
        writeFileSync(
          config,
          kwokctlConfig(
            ports,
            docs,
            extras.metricsServer ? metricsServerConfig(extras.metricsServer) : undefined,
            this.clusterWorkdir,
            extras.agent ? agentComponent(this.clusterWorkdir, extras.agent, agentPort) : [],
          ),
        );
        return this.kwokctl([
          'create',
          'cluster',
          '--config',
          config,
          '--runtime',
          'binary',
          '--kubeconfig',
          this.kubeconfig,
          '--kube-apiserver-binary',
          binaryPath('kube-apiserver'),
          '--kube-controller-manager-binary',
          binaryPath('kube-controller-manager'),
          '--kube-scheduler-binary',
          binaryPath('kube-scheduler'),
          '--etcd-binary',
          binaryPath('etcd'),
          '--kwok-controller-binary',
          binaryPath('kwok'),
          '--wait',
          `${READY_TIMEOUT_MS / 1000}s`,
        ]);
      },
      2 * READY_TIMEOUT_MS, // under load one creation takes longer than the default 15 s wait
    );
    if (created.exitCode !== 0) {
      throw new ClusterError(say('local.createFailed', { output: lastLines(created.all) }));
    }
    // The default StorageClass and the hostPath guard, before any learner's volume (cluster/storage).
    prepareHostPathFolder();
    await applyStorage(new KubeClient(loadKubeConfig({ kubeconfig: this.kubeconfig }), { timeoutMs: 5000 }));
    const t2 = performance.now();
    log.progress(say('local.addingNodes', { nodes: this.nodes }));
    // No InternalIP on kwok nodes (kwokctl's default is 192.0.2.0/24, TEST-NET-1): the API server
    // then reaches them at their Hostname (localhost, the kwok controller) and a real node at its InternalIP.
    const scaled = await this.kwokctl(['scale', 'node', '--replicas', String(this.nodes), '--param', '.nodeIPs = []']);
    if (scaled.exitCode !== 0) throw new ClusterError(say('local.scaleFailed', { output: lastLines(scaled.all) }));
    await waitForReadyNode(this.kubeconfig, READY_TIMEOUT_MS);
    const t3 = performance.now();
    this.lastUp = { binariesMs: t1 - t0, controlPlaneMs: t2 - t1, nodesMs: t3 - t2, totalMs: t3 - t0 };
    log.info(say('local.ready', { nodes: this.nodes, seconds: ((t3 - t1) / 1000).toFixed(1) }));
  }

  /**
   * Restarts the components that are down, then those still unhealthy, keeping etcd's data.
   * @throws ClusterError naming the components that do not come back
   */
  private async repair(log: Log, t0: number, t1: number): Promise<void> {
    let specs = await readComponents(this.clusterWorkdir);
    if (specs.length === 0) {
      throw new ClusterError(
        say('local.unreadableConfig', { name: this.clusterName, file: join(this.clusterWorkdir, 'kwok.yaml') }),
      );
    }
    // A component whose manifest it failed to start with stays stopped: a restart would fail the same way.
    const held = await heldComponents(this);
    const tellHeld = () => {
      for (const [component, reason] of held)
        log.warn(
          say('local.manifestHeld', {
            component,
            reason,
            file: join(manifestsDir(this.stateDir), `${component}.yaml`),
          }),
        );
    };
    const before = (await this.inspect(specs)).filter((s) => !held.has(s.name) || s.running);
    specs = specs.filter((c) => before.some((s) => s.name === c.name));
    if (before.every((s) => s.running && s.healthy)) {
      tellHeld();
      log.info(say('local.alreadyRunning', { name: this.clusterName }));
      this.lastUp = { binariesMs: t1 - t0, controlPlaneMs: 0, nodesMs: 0, totalMs: performance.now() - t0 };
      return;
    }
    const everythingDown = before.every((s) => !s.running);
    log.progress(
      everythingDown
        ? say('local.startingStopped', { name: this.clusterName })
        : say('local.repairing', { name: this.clusterName, broken: describeBroken(before) }),
    );
    const restarted = new Set<string>();
    const restart = async (names: string[]) => {
      for (const spec of specs.filter((c) => names.includes(c.name))) {
        const pid = livePid(spec);
        if (pid !== undefined) await killProcess(pid);
        dropStalePidFile(spec);
        restarted.add(spec.name);
      }
      // Starts every component whose process is gone, in order, and leaves the others alone;
      // it then waits for the API server, which waitHealthy below does better, so not for long.
      const started = await this.kwokctl(['start', 'cluster', '--timeout', '20s'], 40_000);
      if (started.exitCode !== 0) {
        throw new ClusterError(
          say('local.restartFailed', {
            components: names.join(', '),
            name: this.clusterName,
            logs: join(this.clusterWorkdir, 'logs'),
            output: lastLines(started.all),
          }),
        );
      }
    };
    const dead = before.filter((s) => !s.running).map((s) => s.name);
    // While etcd or the API server is away, the controller-manager and scheduler cannot renew their
    // leader Leases; a process that survived the outage exits on its own a little later
    // ("leaderelection lost"), after the repair has said all is well. Start them afresh too (under 1 s).
    if (dead.some((name) => name === 'etcd' || name === 'kube-apiserver')) {
      for (const name of LEADER_ELECTED) if (!dead.includes(name)) dead.push(name);
    }
    if (dead.length > 0) await restart(dead);
    // A component that runs but stays unhealthy once the others are back (or died meanwhile,
    // as the controller-manager and scheduler do when the API server was gone for ~20 s) is restarted once.
    let after = await this.waitHealthy(specs, 20_000, dead);
    const stuck = after.filter((s) => !s.running || !s.healthy).map((s) => s.name);
    if (stuck.length > 0) {
      await restart(stuck);
      after = await this.waitHealthy(specs, 30_000, stuck);
    }
    if (after.some((s) => !s.running || !s.healthy)) {
      const why = lastFailure(specs.filter((c) => after.some((s) => s.name === c.name && !s.running)));
      throw new ClusterError(
        say('local.notRepaired', {
          name: this.clusterName,
          broken: describeBroken(after),
          why: why ? ` (${why})` : '',
          logs: join(this.clusterWorkdir, 'logs'),
        }),
      );
    }
    await this.releaseLeases([...restarted]);
    tellHeld();
    const t2 = performance.now();
    await waitForReadyNode(this.kubeconfig, READY_TIMEOUT_MS);
    const t3 = performance.now();
    this.lastUp = { binariesMs: t1 - t0, controlPlaneMs: t2 - t1, nodesMs: t3 - t2, totalMs: t3 - t0 };
    this.lastRepair = [...restarted];
    const seconds = ((t3 - t1) / 1000).toFixed(1);
    log.info(
      everythingDown
        ? say('local.started', { name: this.clusterName, seconds })
        : say('local.repaired', {
            name: this.clusterName,
            restarted: [...restarted].join(', ') || say('local.recoveredItself'),
            seconds,
          }),
    );
  }

  /**
   * Deletes the leader-election Leases (kube-system) of a restarted controller-manager or
   * scheduler: their holder is the process that died, and the new one would otherwise wait
   * for the lease to expire (15 s) before it schedules a Pod or runs a controller.
   */
  async releaseLeases(restarted: string[]): Promise<void> {
    const names = restarted.filter((n) => n === 'kube-controller-manager' || n === 'kube-scheduler');
    if (names.length === 0) return;
    const client = new KubeClient(loadKubeConfig({ kubeconfig: this.kubeconfig }), { timeoutMs: 2000 });
    await Promise.all(
      names.map((n) =>
        client.delete({ apiVersion: 'coordination.k8s.io/v1', kind: 'Lease' }, n, 'kube-system').catch(() => false),
      ),
    );
  }

  /**
   * Polls the components every 250 ms until all are running and healthy or `timeoutMs` ms pass,
   * or (after 3 s) one of `justStarted` has exited again, or another component has exited
   * meanwhile (the controller-manager or scheduler after "leaderelection lost") while every
   * running one is healthy: nothing restarts a dead process, so waiting longer would not help.
   */
  private async waitHealthy(
    specs: ComponentSpec[],
    timeoutMs: number,
    justStarted: string[],
  ): Promise<ComponentStatus[]> {
    const started = Date.now();
    return poll(() => this.inspect(specs), {
      intervalMs: 250,
      timeoutMs,
      done: (states) => {
        if (states.every((s) => s.running && s.healthy)) return true;
        const dead = states.filter((s) => !s.running);
        const othersHealthy = states.every((s) => !s.running || s.healthy);
        const hopeless = dead.length > 0 && (othersHealthy || dead.some((s) => justStarted.includes(s.name)));
        return hopeless && Date.now() > started + 3000;
      },
    });
  }

  private inspect(specs: ComponentSpec[], withHealth = true): Promise<ComponentStatus[]> {
    return inspectComponents(specs, () => probe(this.kubeconfig, undefined, 1500), withHealth);
  }

  /**
   * The state of each component of this cluster (empty when it was never created).
   * @param withHealth false to look at processes only: no network, well under a millisecond
   */
  async components(withHealth = true): Promise<ComponentStatus[]> {
    return this.inspect(await readComponents(this.clusterWorkdir), withHealth);
  }

  /**
   * Stops the processes (through kwokctl) and deletes the state folder, etcd data included.
   * Only `lab cluster down` and `lab cluster reset` call it.
   */
  async down(log: Log): Promise<void> {
    if (!existsSync(this.stateDir)) {
      log.info(say('local.notRunning', { name: this.clusterName }));
      return;
    }
    // A real node first: its mounts live in the state folder, and its changes to the machine are undone.
    if (existsSync(join(this.stateDir, 'realnode'))) {
      const { stopRealNode } = await import('../realnode/real-node.js');
      await stopRealNode(this.stateDir, log);
    }
    await stopWatcher(this.stateDir);
    await this.remove();
    log.info(say('local.deleted', { name: this.clusterName }));
  }

  /** Stops the processes (through kwokctl) and removes the state folder. */
  private async remove(): Promise<void> {
    if (existsSync(join(this.stateDir, 'kwok')) && existsSync(binaryPath('kwokctl'))) {
      await this.kwokctl(['delete', 'cluster', '--kubeconfig', this.kubeconfig]);
    }
    // kwokctl stops what its pid files name; a process whose pid file was lost still holds the ports.
    for (const spec of await readComponents(this.clusterWorkdir)) {
      const pid = livePid(spec);
      if (pid !== undefined) await killProcess(pid);
    }
    rmSync(this.stateDir, { recursive: true, force: true });
  }

  /**
   * The optional parts (metrics-server, cka-lab-agent) this cluster was created without, because
   * they could be neither downloaded nor built (src/cluster/local/extras.ts); empty for a cluster
   * that was never created. Reads kwok.yaml: no network.
   */
  async absentExtras(): Promise<Extra[]> {
    const specs = await readComponents(this.clusterWorkdir);
    return specs.length === 0 ? [] : extrasAbsent(specs.map((c) => c.name));
  }

  /**
   * Whether the API server answers and, for a created cluster, the state of each component.
   * `running` is true only when every component runs and is healthy.
   */
  async status(): Promise<ClusterStatus> {
    const [apiUp, components] = await Promise.all([
      existsSync(this.kubeconfig) ? probe(this.kubeconfig) : Promise.resolve(false),
      this.components(),
    ]);
    const allUp = components.length > 0 && components.every((c) => c.running && c.healthy);
    const notBuilt = await this.absentExtras();
    const held = await heldComponents(this);
    for (const c of components) {
      const reason = held.get(c.name);
      if (reason && !c.running) c.reason = reason;
    }
    const running = apiUp && allUp;
    const state = running ? 'running' : components.some((c) => c.running) ? 'degraded' : 'stopped';
    const heldDown = components.some((c) => c.reason !== undefined);
    const detail = running
      ? `cluster ${this.clusterName}, state in ${this.stateDir}`
      : heldDown
        ? `${describeBroken(components)}; a component that failed with its manifest's flags is retried ` +
          'with back-off, and restarts at once when its manifest is fixed'
        : !existsSync(this.stateDir)
          ? 'no cluster; create one with `lab cluster up`'
          : `${state === 'degraded' ? describeBroken(components) : 'nothing runs'}; ` +
            '`lab cluster up` restarts it and keeps its data';
    return {
      driver: 'local',
      running,
      state,
      components,
      ...(notBuilt.length > 0 ? { notBuilt } : {}),
      ...(apiUp ? { kubeconfig: this.kubeconfig } : {}),
      ...(existsSync(manifestsDir(this.stateDir)) ? { manifests: manifestsDir(this.stateDir) } : {}),
      detail,
    };
  }

  /**
   * Why a request to this cluster failed, as one sentence naming the components that are down,
   * or undefined when every component looks fine. Looks at processes and health endpoints
   * (a few ms); meant to be called only after a request failed.
   */
  /**
   * One sentence naming the components whose process is gone (a dead scheduler or
   * controller-manager leaves the API server answering, so checks fail for no reason the
   * learner caused), or undefined when all run. Reads pid files only: no network, under 1 ms.
   */
  async deadComponents(): Promise<string | undefined> {
    const components = await this.components(false);
    const dead = components.filter((c) => !c.running).map((c) => c.name);
    if (dead.length === 0) return undefined;
    const held = await heldComponents(this);
    const first = dead.find((name) => held.has(name));
    if (first !== undefined)
      return say('local.deadByManifest', {
        name: this.clusterName,
        component: first,
        file: join(manifestsDir(this.stateDir), `${first}.yaml`),
      });
    return say('local.dead', { name: this.clusterName, components: dead.join(say('local.and')) });
  }

  async diagnose(): Promise<string | undefined> {
    const components = await this.components();
    if (components.length === 0 || components.every((c) => c.running && c.healthy)) return undefined;
    return say('local.degraded', { name: this.clusterName, broken: describeBroken(components) });
  }
}

/** Components that hold a leader-election Lease in the API server (kube-system). */
const LEADER_ELECTED = ['kube-controller-manager', 'kube-scheduler'];

/** The ports of a local cluster's components, on 127.0.0.1. */
export interface ClusterPorts {
  kubeApiserverPort: number;
  etcdPort: number;
  etcdPeerPort: number;
  kubeControllerManagerPort: number;
  kubeSchedulerPort: number;
  kwokControllerPort: number;
  metricsServerPort: number;
}

/**
 * KwokctlConfiguration for `kwokctl create cluster --config` (field names from kwok's
 * KwokctlConfigurationOptions): every component listens on 127.0.0.1 only (kwokctl's default is
 * 0.0.0.0, which would expose an unauthenticated etcd), on the ports given.
 * @param stages kwok Stage documents (multi-document YAML, from {@link stageDocuments}) that
 *   follow it in the same file; kwokctl then uses these instead of all its default stages
 * @param metricsServer the options and patches that add metrics-server (src/cluster/local/metrics.ts)
 * @param workdir kwokctl's workdir of the cluster (its pki/ holds the certificate the API server
 *   shows the kubelet of a real node); see {@link REAL_NODE_READY}
 * @param components extra components kwokctl starts and repairs like its own (YAML lines of the
 *   `components:` list; cka-lab-agent, see {@link agentComponent})
 */
export function kwokctlConfig(
  ports: ClusterPorts,
  stages?: string,
  metricsServer?: MetricsServerConfig,
  workdir = '.',
  components: readonly string[] = [],
): string {
  const lines = Object.entries(ports).map(([field, port]) => `  ${field}: ${port}`);
  const config = [
    'apiVersion: config.kwok.x-k8s.io/v1alpha1',
    'kind: KwokctlConfiguration',
    'options:',
    '  bindAddress: 127.0.0.1',
    ...lines,
    ...(metricsServer?.options ?? []),
    ...REAL_NODE_READY.options,
    'componentsPatches:',
    ...CONTROLLER_MANAGER_PATCH,
    ...(metricsServer?.componentsPatches ?? []),
    ...REAL_NODE_READY.componentsPatches(workdir),
    ...(components.length > 0 ? ['components:', ...components] : []),
    '',
  ].join('\n');
  return stages ? `${config}---\n${stages}` : config;
}

/**
 * What a real node (src/cluster/realnode, `lab cluster up --real-node`) needs from the control
 * plane, set on every new cluster so one can join later:
 * - the API server's certificate also names the `kubernetes` Service IP (10.0.0.1, kube-apiserver's
 *   default range), so Pods (CoreDNS) verify it;
 * - the API server reaches a node at its InternalIP first (a kubelet's Hostname is not resolvable;
 *   kwok nodes have no InternalIP, so they are still reached at `localhost`), and shows kubelets the
 *   cluster's admin certificate (the kubelet accepts clients of the cluster's CA only);
 * - PodNodeSelector and PodTolerationRestriction admission (the API server's own plugins, which act
 *   only on namespaces annotated for them): a lab that needs real containers gets its namespace's
 *   Pods placed on the tainted real node (src/labs/runtime.ts);
 * - kwok-controller manages only nodes annotated `kwok.x-k8s.io/node=fake` (those of `kwokctl scale
 *   node`), never the real node (kwokctl's binary runtime passes `--manage-all-nodes=true`: overridden).
 */
export const REAL_NODE_READY = {
  options: ['  kubeApiserverCertSANs:', '  - 10.0.0.1'],
  componentsPatches: (workdir: string): string[] => [
    '- name: kube-apiserver',
    '  extraArgs:',
    '  - key: kubelet-preferred-address-types',
    '    value: InternalIP,Hostname,InternalDNS,ExternalDNS,ExternalIP',
    '  - key: kubelet-client-certificate',
    `    value: ${JSON.stringify(join(workdir, 'pki', 'admin.crt'))}`,
    '  - key: kubelet-client-key',
    `    value: ${JSON.stringify(join(workdir, 'pki', 'admin.key'))}`,
    '  - key: enable-admission-plugins',
    '    value: PodNodeSelector,PodTolerationRestriction',
    '- name: kwok-controller',
    '  extraArgs:',
    '  - key: manage-all-nodes',
    '    value: "false"',
    '    override: true',
    '  - key: manage-nodes-with-annotation-selector',
    '    value: kwok.x-k8s.io/node=fake',
  ],
};

/** Every field of {@link ClusterPorts}, each given a port of its own by {@link freePorts}. */
const PORT_KEYS = [
  'kubeApiserverPort',
  'etcdPort',
  'etcdPeerPort',
  'kubeControllerManagerPort',
  'kubeSchedulerPort',
  'kwokControllerPort',
  'metricsServerPort',
] as const satisfies readonly (keyof ClusterPorts)[];

/**
 * Free ports on 127.0.0.1 picked by the kernel (bind to port 0), all held open at once so they
 * differ. kwokctl's own choice counts down from 32767, so every new cluster would take the port of a
 * component that is down in another cluster and make that cluster impossible to repair; the
 * kernel's choice is spread over the ephemeral range.
 */
async function freePorts(): Promise<ClusterPorts> {
  const { createServer } = await import('node:net');
  const servers = await Promise.all(
    Array.from(
      { length: PORT_KEYS.length },
      () =>
        new Promise<import('node:net').Server>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as import('node:net').AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return Object.fromEntries(ports.map((port, i) => [PORT_KEYS[i], port])) as ClusterPorts;
}

/**
 * Why a component exited, from the end of its log: a port another program took meanwhile
 * (kwokctl chose the ports when it created the cluster), or the last error line.
 */
function lastFailure(specs: ComponentSpec[]): string | undefined {
  for (const spec of specs) {
    let tail: string[];
    try {
      tail = readFileSync(join(spec.workDir, 'logs', `${basename(spec.binary)}.log`), 'utf8')
        .trimEnd()
        .split('\n')
        .slice(-5);
    } catch {
      continue;
    }
    const port = tail.map((l) => /listen tcp [^ ]*:(\d+): bind: address already in use/.exec(l)).find(Boolean);
    if (port) return `${spec.name} cannot listen on port ${port[1]}, which another program now uses; stop that program`;
  }
  return undefined;
}

const lastLines = (text = '', n = 10): string => text.split('\n').slice(-n).join('\n');
