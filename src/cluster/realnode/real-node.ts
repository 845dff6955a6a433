import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { ClusterError } from '../../errors.js';
import { KubeClient } from '../../kube/client.js';
import { loadKubeConfig } from '../../kube/config.js';
import type { Log } from '../../util/log.js';
import { poll } from '../../util/poll.js';
import { answersHealthy } from '../local/components.js';
import type { ComponentStatus } from '../driver.js';
import { ensureNodeBinaries, installAdvice, missingNodePackages } from './binaries.js';
import { importImages, listImages, startContainerd, useRegistry } from './containerd.js';
import { parseImageList, startRegistry } from './registry.js';
import { installCoredns } from './coredns.js';
import { iptablesChains, readJournal, record, undoHostChanges } from './host.js';
import { ensureNodeImages } from './images.js';
import { startKubeProxy } from './kube-proxy.js';
import { clusterPki, startKubelet } from './kubelet.js';
import { NET, NODE, nodeLayout, type NodeLayout } from './layout.js';
import {
  createBridge,
  installRules,
  jumpFirst,
  jumpsFirst,
  kubeProxySynced,
  recordHostBaseline,
  writeCniConfig,
} from './network.js';
import { processAlive } from './processes.js';

/** The local cluster a real node joins (LocalCluster has these). */
export interface RealNodeCluster {
  /** The cluster's state folder; the real node keeps its files in `<stateDir>/realnode`. */
  readonly stateDir: string;
  /** The cluster's kubeconfig (the API server on 127.0.0.1). */
  readonly kubeconfig: string;
  /** kwokctl's workdir of the cluster (its `pki/` and `kwok.yaml`). */
  readonly clusterWorkdir: string;
}

/** Time spent in each phase of {@link RealNode.start}, in ms. */
export interface RealNodeTimings {
  binariesMs: number;
  imagesMs: number;
  containerdMs: number;
  nodeReadyMs: number;
  corednsMs: number;
  totalMs: number;
}

/** What changes on the machine, said before any change is made. */
export const HOST_CHANGES_NOTICE =
  `The real node changes this machine until \`lab cluster down\`: a ${NET.bridge} bridge (${NET.podCidr}), ` +
  'iptables chains (CKA-LAB-*, KUBE-*, CNI-*), sysctls (net.ipv4.ip_forward, kernel.panic, kernel.panic_on_oops, ' +
  'vm.overcommit_memory and others, restored afterwards), /run/containerd and /run/cka-lab, the kubepods cgroups, ' +
  'and runs containerd, the kubelet and kube-proxy as root.';

/**
 * A real node (containerd, runc, the kubelet, kube-proxy, CNI bridge, CoreDNS) next to a
 * local cluster, like a testcontainers module: configure with `with...`, then `start()`.
 * Linux and root only. Every change to the machine is recorded in
 * `<stateDir>/realnode/host-changes.jsonl` before it is made; {@link StartedRealNode.stop}
 * (and `lab cluster down`, through {@link stopRealNode}) undoes exactly those.
 *
 * @example const node = await new RealNode(cluster).start(log); ...; await node.stop(log);
 */
export class RealNode {
  private readyTimeoutMs = 60_000;
  private withDns = true;

  constructor(private readonly cluster: RealNodeCluster) {}

  /** How long to wait for the Node and CoreDNS to be Ready, in ms (default 60 s). */
  withReadyTimeout(ms: number): this {
    this.readyTimeoutMs = ms;
    return this;
  }

  /** Whether to install CoreDNS (default true; the kubelet points Pods at its address anyway). */
  withCoreDns(enabled: boolean): this {
    this.withDns = enabled;
    return this;
  }

  /**
   * Starts the real node and waits until the Node is Ready and CoreDNS answers. A real node of
   * this cluster that still runs is kept; the remains of one that stopped are undone first.
   * @throws ClusterError when this machine cannot run it (not Linux, not root, a package
   *   missing, another real node) or a part does not start; what was changed is undone then
   */
  async start(log: Log): Promise<StartedRealNode> {
    const t0 = performance.now();
    const layout = nodeLayout(this.cluster.stateDir);
    await preflight(this.cluster);
    const client = new KubeClient(loadKubeConfig({ kubeconfig: this.cluster.kubeconfig }));
    if (readJournal(layout.stateDir).length > 0) {
      if ((await realNodeComponents(layout.stateDir)).every((c) => c.running) && (await nodeReady(client))) {
        log.info('The real node is already running.');
        return new StartedRealNode(layout, undefined);
      }
      const failed = await undoHostChanges(layout.stateDir, log);
      if (failed.length > 0) throw cannotUndo(failed);
    }
    await noOtherRealNode(layout);
    const binDir = await ensureNodeBinaries(log);
    const tBin = performance.now();
    const images = await ensureNodeImages(log, { corednsBinary: join(binDir, 'coredns') });
    const t1 = performance.now();
    const imageRef = (part: string) => images.flatMap((i) => i.refs).find((r) => r.includes(part));
    const pause = imageRef('/pause:');
    const coredns = imageRef('coredns');
    if (!pause || (this.withDns && !coredns))
      throw new ClusterError('The real node images lack pause or CoreDNS; delete the image cache and try again.');

    log.info(HOST_CHANGES_NOTICE);
    try {
      const server = apiServer(this.cluster.kubeconfig);
      const pki = clusterPki(this.cluster.clusterWorkdir);
      await recordHostBaseline(layout.stateDir);
      // The kubelet mounts Pod volumes (Secrets, tokens) under its root dir in the state folder.
      record(layout.stateDir, { kind: 'mounts', path: layout.dir });
      for (const dir of ['/run/cka-lab', '/var/log/containers', '/var/log/pods', '/var/lib/cni', '/var/lib/kubelet'])
        if (!existsSync(dir)) record(layout.stateDir, { kind: 'dir', path: dir });
      record(layout.stateDir, { kind: 'dir', path: layout.runDir });
      if (!cgroupExists('kubepods')) record(layout.stateDir, { kind: 'cgroup', name: 'kubepods' });
      mkdirSync(layout.runDir, { recursive: true });
      mkdirSync(layout.logs, { recursive: true });
      log.progress('Starting the real node: network, containerd...');
      await createBridge(layout);
      await installRules(Number(new URL(server).port));
      const cniDir = writeCniConfig(layout);
      await startContainerd(layout, binDir, cniDir, pause);
      await importImages(
        layout,
        binDir,
        images.map((i) => i.tarball),
      );
      // Pulls (every one, for `:latest` images) go to the node's own registry of these images.
      const [registryPort] = (await freePorts(loopback(1))) as [number];
      useRegistry(layout, await startRegistry(layout, registryPort, parseImageList(await listImages(layout, binDir))));
      const t2 = performance.now();
      log.progress('Starting the real node: kubelet, kube-proxy...');
      const [kubeletPort, healthzPort, proxyHealthz, proxyMetrics] = (await freePorts([
        NET.gateway,
        ...loopback(3),
      ])) as [number, number, number, number];
      startKubelet(layout, binDir, server, pki, { port: kubeletPort, healthzPort });
      await startKubeProxy(layout, binDir, server, pki, { healthzPort: proxyHealthz, metricsPort: proxyMetrics });
      // kube-proxy's first sync (which may come after its /healthz answers) puts its jump above ours;
      // ours must come first, or the `kubernetes` Service leads Pods to an address they cannot reach.
      if (!(await poll(kubeProxySynced, { intervalMs: 100, timeoutMs: 30_000 })))
        throw new ClusterError(
          `kube-proxy did not write its rules; see ${join(layout.logs, 'kube-proxy.log')}, ` +
            'then run `lab cluster down`.',
        );
      await jumpFirst();
      const ready = await poll(() => nodeReady(client), { intervalMs: 200, timeoutMs: this.readyTimeoutMs });
      if (!ready)
        throw new ClusterError(`The real node did not become Ready; see ${join(layout.logs, 'kubelet.log')}.`);
      const t3 = performance.now();
      if (this.withDns) {
        log.progress('Starting CoreDNS on the real node...');
        // CoreDNS reaches the API server through our DNAT only; make sure it is still seen first.
        await jumpFirst();
        if (!(await jumpsFirst()))
          throw new ClusterError('The real node could not put its iptables rules first; run `lab cluster down`.');
        await installCoredns(client, coredns!, this.readyTimeoutMs);
      }
      const t4 = performance.now();
      const timings: RealNodeTimings = {
        binariesMs: tBin - t0,
        imagesMs: t1 - tBin,
        containerdMs: t2 - t1,
        nodeReadyMs: t3 - t2,
        corednsMs: t4 - t3,
        totalMs: t4 - t0,
      };
      log.info(
        `The real node ${NODE.name} is Ready (${((t4 - t1) / 1000).toFixed(1)} s); ` +
          `Pods that tolerate the taint ${NODE.taint.key} run real containers there.`,
      );
      return new StartedRealNode(layout, timings);
    } catch (err) {
      const failed = await undoHostChanges(layout.stateDir, log);
      if (failed.length > 0) log.warn(cannotUndo(failed).message);
      throw err;
    }
  }
}

/** A started real node: its timings and `stop()`. */
export class StartedRealNode {
  constructor(
    private readonly layout: NodeLayout,
    /** Timings of the start, in ms (undefined when it was already running). */
    readonly timings: RealNodeTimings | undefined,
  ) {}

  /** The node's name in the cluster. */
  readonly nodeName = NODE.name;

  /** Stops every part and undoes every change to the machine (see {@link stopRealNode}). */
  stop(log: Log): Promise<void> {
    return stopRealNode(this.layout.stateDir, log);
  }
}

/**
 * Stops the real node of the cluster in `stateDir` and undoes its recorded changes; does
 * nothing when it has none. `lab cluster down` calls it before deleting the state folder.
 * @throws ClusterError naming what could not be undone
 */
export async function stopRealNode(stateDir: string, log: Log): Promise<void> {
  if (readJournal(stateDir).length === 0) return;
  const failed = await undoHostChanges(stateDir, log);
  if (failed.length > 0) throw cannotUndo(failed);
  log.info('Stopped the real node and undid its changes to this machine.');
}

const cannotUndo = (failed: string[]) =>
  new ClusterError(
    `Some changes of the real node could not be undone (${failed.join('; ')}); ` +
      'run `lab cluster down` again as root, or undo them by hand.',
  );

/**
 * The real node's daemons (containerd, kubelet, kube-proxy) as `lab cluster status` shows them,
 * or an empty list when the cluster has no real node. Reads the journal and /proc; health from
 * the processes only.
 */
export async function realNodeComponents(stateDir: string): Promise<ComponentStatus[]> {
  const latest = new Map<string, { pid: number; binary: string }>();
  for (const c of readJournal(stateDir)) if (c.kind === 'process') latest.set(c.name, c);
  return [...latest].map(([name, { pid, binary }]) => {
    const running = processAlive(pid, binary);
    return { name: `real-node/${name}`, running, healthy: running, ...(running ? { pid } : {}) };
  });
}

/** Whether the cluster has a real node recorded (it may be stopped). */
export const hasRealNode = (stateDir: string): boolean => readJournal(stateDir).length > 0;

async function nodeReady(client: KubeClient): Promise<boolean> {
  const node = (await client.get({ apiVersion: 'v1', kind: 'Node' }, NODE.name).catch(() => undefined)) as
    { status?: { conditions?: { type: string; status: string }[] } } | undefined;
  return (node?.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The API server URL of a cka-lab kubeconfig (https://127.0.0.1:<port>). */
function apiServer(kubeconfig: string): string {
  const m = /server:\s*(https:\/\/127\.0\.0\.1:\d+)/.exec(readFileSync(kubeconfig, 'utf8'));
  if (!m) throw new ClusterError(`No API server on 127.0.0.1 in ${kubeconfig}; run \`lab cluster reset\`.`);
  return m[1]!;
}

const cgroupExists = (name: string): boolean =>
  existsSync(join('/sys/fs/cgroup', name)) || existsSync(join('/sys/fs/cgroup/memory', name));

const loopback = (n: number): string[] => Array.from({ length: n }, () => '127.0.0.1');

/** Free ports picked by the kernel on the given addresses, all held open at once so they differ. */
async function freePorts(hosts: string[]): Promise<number[]> {
  const { createServer } = await import('node:net');
  const servers = await Promise.all(
    hosts.map(
      (host) =>
        new Promise<import('node:net').Server>((resolve, reject) => {
          const s = createServer();
          s.once('error', reject);
          s.listen(0, host, () => resolve(s));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as import('node:net').AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

/**
 * What the machine and the cluster need: Linux, root, the run-time Debian packages, cgroups
 * with a memory controller, and a cluster created with the options a real node needs.
 * @throws ClusterError saying in one sentence what is needed
 */
async function preflight(cluster: RealNodeCluster): Promise<void> {
  if (process.platform !== 'linux')
    throw new ClusterError(
      'The real node needs Linux (it runs containerd and the kubelet on this machine); ' +
        'use the k3s driver or your own cluster with --kubeconfig.',
    );
  if (process.getuid?.() !== 0)
    throw new ClusterError(
      'The real node needs root (it creates a bridge, iptables rules and cgroups); ' +
        'run `sudo lab cluster up --real-node`.',
    );
  const advice = installAdvice(await missingNodePackages('run'));
  if (advice) throw new ClusterError(advice);
  if (!existsSync('/sys/fs/cgroup/memory') && !existsSync('/sys/fs/cgroup/cgroup.controllers'))
    throw new ClusterError('The real node needs cgroups with a memory controller, which this machine lacks.');
  const kwokYaml = join(cluster.clusterWorkdir, 'kwok.yaml');
  const text = existsSync(kwokYaml) ? readFileSync(kwokYaml, 'utf8') : '';
  const needed = [
    '--kubelet-preferred-address-types=InternalIP',
    '--manage-all-nodes=false',
    '--enable-admission-plugins=PodNodeSelector,PodTolerationRestriction',
  ];
  if (!needed.every((flag) => text.includes(flag)))
    throw new ClusterError(
      'This local cluster was created without the options a real node needs; run `lab cluster reset --real-node` ' +
        '(it deletes the cluster with its namespaces and objects and starts a fresh one).',
    );
}

/** Refuses when another cluster's real node (or another kubelet or kube-proxy) holds the bridge or chains. */
async function noOtherRealNode(layout: NodeLayout): Promise<void> {
  const others = existsSync('/run/cka-lab')
    ? readdirSync('/run/cka-lab').filter((d) => d !== basename(layout.runDir))
    : [];
  if (others.length > 0)
    throw new ClusterError(
      `Another cluster (${others.join(', ')}) runs a real node on this machine, and only one can; ` +
        'run `lab cluster down` for it first.',
    );
  if (existsSync(`/sys/class/net/${NET.bridge}`))
    throw new ClusterError(
      `This machine already has a ${NET.bridge} bridge (another Kubernetes or container runtime?); ` +
        'the real node needs it for itself; remove it or use the k3s driver.',
    );
  const chains = Object.values(await iptablesChains('ipv4')).flat();
  if (chains.some((c) => c.startsWith('KUBE-')))
    throw new ClusterError(
      'This machine already runs a kubelet or kube-proxy (its KUBE-* iptables chains exist); ' +
        'the real node cannot run next to it.',
    );
}

/** The health of the real node's kube-proxy, for tests and status: its /healthz on 127.0.0.1. */
export const kubeProxyHealthy = (port: number): Promise<boolean> =>
  answersHealthy(`http://127.0.0.1:${port}/healthz`, 1000);
