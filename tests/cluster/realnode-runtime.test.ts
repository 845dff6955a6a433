import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { LocalCluster } from '../../src/cluster/local/local-cluster.js';
import { binaryPath } from '../../src/cluster/local/binaries.js';
import { RealNode, type StartedRealNode } from '../../src/cluster/realnode/real-node.js';
import { iptablesChains, readSysctl } from '../../src/cluster/realnode/host.js';
import { WATCHED_SYSCTLS } from '../../src/cluster/realnode/network.js';
import { NODE } from '../../src/cluster/realnode/layout.js';
import { KubeClient } from '../../src/kube/client.js';
import { loadKubeConfig } from '../../src/kube/config.js';
import { loadLab } from '../../src/labs/loader.js';
import { startLab } from '../../src/labs/lifecycle.js';
import type { Lab } from '../../src/labs/lab.js';
import { stderrLog } from '../../src/util/log.js';
import { contentRoot } from '../../src/util/paths.js';
import type { KubeObject } from '../../src/kube/types.js';
import { dropNamespace, freshNamespace, plainNamespace, until } from './helpers.js';
import { realNodeTurn } from './realnode-turn.js';
import { hostSnapshot, type HostSnapshot } from './realnode-host.js';
import { nodeBinaryDir } from '../../src/cluster/realnode/binaries.js';

/**
 * A real node (containerd, runc, kubelet, kube-proxy, CoreDNS) next to a local cluster of its own
 * (the shared test cluster stays kwok-only, so no other test file meets a real node): real
 * containers answer `kubectl exec`, `logs` and `port-forward`, a Service answers by its DNS name, a
 * missing image fails to pull for real, the Pods of a lab that needs real containers land on the
 * real node and other Pods do not; stopping the node leaves no chain, bridge or sysctl behind.
 * Then the same through the CLI: `lab cluster up --real-node` and `lab cluster down`.
 * Real nodes are host-global: test files that start one take turns (see {@link realNodeTurn}).
 */
const log = stderrLog();
const cluster = new LocalCluster().withName('cka-lab-realnode').withNodes(1);
let client: KubeClient;
const made: string[] = [];
let ns = '';
let node: StartedRealNode | undefined;
let endTurn: (() => Promise<void>) | undefined;
const before = {
  sysctls: {} as Record<string, string | undefined>,
  chains: {} as Record<string, string[]>,
  chains6: {} as Record<string, string[]>,
  runContainerd: false,
  runCkaLab: false,
  host: undefined as HostSnapshot | undefined,
};
const kubectl = (...args: string[]) =>
  execa(binaryPath('kubectl'), ['--kubeconfig', cluster.kubeconfig, '-n', ns, ...args], {
    reject: false,
    all: true,
    timeout: 30_000,
  });

/** A Pod that runs on the real node: it tolerates the node's taint and selects it. */
const realPod = (name: string, image: string, command?: string[], labels?: Record<string, string>): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, ...(labels ? { labels } : {}) },
  spec: {
    nodeSelector: { [NODE.label]: 'true' },
    tolerations: [{ key: NODE.taint.key, operator: 'Exists', effect: 'NoSchedule' }],
    terminationGracePeriodSeconds: 0,
    containers: [{ name: 'main', image, imagePullPolicy: 'IfNotPresent', ...(command ? { command } : {}) }],
  },
});

/** A Pod that says nothing about nodes (as a learner writes it). */
const plainPod = (name: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: {
    terminationGracePeriodSeconds: 0,
    containers: [{ name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'] }],
  },
});

type PodStatus = {
  phase?: string;
  containerStatuses?: { ready?: boolean; state?: { waiting?: { reason?: string } } }[];
};
type PodLike = { spec?: { nodeName?: string }; status?: PodStatus } | undefined;
const getPod = async (name: string, namespace = ns) =>
  (await client.get({ apiVersion: 'v1', kind: 'Pod' }, name, namespace)) as PodLike;
const podStatus = async (name: string) => (await getPod(name))?.status;
const ready = (s?: PodStatus) => s?.containerStatuses?.[0]?.ready === true;

beforeAll(async () => {
  endTurn = await realNodeTurn();
  before.chains = await iptablesChains('ipv4');
  before.chains6 = await iptablesChains('ipv6');
  for (const k of WATCHED_SYSCTLS) before.sysctls[k] = readSysctl(k);
  before.runContainerd = existsSync('/run/containerd');
  before.runCkaLab = existsSync('/run/cka-lab');
  before.host = await hostSnapshot(nodeBinaryDir());
  await cluster.up(log);
  client = new KubeClient(loadKubeConfig({ kubeconfig: cluster.kubeconfig }));
  node = await new RealNode(cluster).start(log);
  if (node.timings) log.info(`real node timings (ms): ${JSON.stringify(node.timings)}`);
  ns = await plainNamespace(client, 'realnode', made);
}, 1_800_000);

afterAll(async () => {
  try {
    for (const n of made) await dropNamespace(client, n);
    await node?.stop(log);
    await cluster.down(log);
  } finally {
    await endTurn?.();
  }
}, 180_000);

describe('a real node on the local cluster', () => {
  it('runs a container that kubectl exec and logs reach', async () => {
    await client.create(realPod('echo', 'busybox', ['sh', '-c', 'echo hello-from-a-real-container; sleep 3600']), ns);
    expect(ready(await until(() => podStatus('echo'), ready, 60_000))).toBe(true);
    const logs = await kubectl('logs', 'echo');
    expect(logs.all).toContain('hello-from-a-real-container');
    const exec = await kubectl('exec', 'echo', '--', 'sh', '-c', 'echo $((6*7)) from $(hostname)');
    expect(exec.all).toContain('42 from echo');
  });

  it('port-forwards to a container, and another Pod reaches it by its Service DNS name', async () => {
    const web = ['sh', '-c', 'mkdir -p /www && echo real-web > /www/index.html && exec httpd -f -p 8080 -h /www'];
    await client.create(realPod('web', 'busybox', web, { app: 'web' }), ns);
    await client.create(
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web' },
        spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] },
      },
      ns,
    );
    await client.create(realPod('client', 'busybox', ['sleep', '3600']), ns);
    await until(() => podStatus('web'), ready, 60_000);
    await until(() => podStatus('client'), ready, 60_000);

    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as import('node:net').AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const pf = execa(
      binaryPath('kubectl'),
      ['--kubeconfig', cluster.kubeconfig, '-n', ns, 'port-forward', 'pod/web', `${port}:8080`],
      { reject: false },
    );
    try {
      const body = await until(
        () =>
          fetch(`http://127.0.0.1:${port}/`)
            .then((r) => r.text())
            .catch(() => ''),
        (b) => b.includes('real-web'),
        20_000,
      );
      expect(body).toContain('real-web');
    } finally {
      pf.kill();
    }

    const viaDns = await until(
      () => kubectl('exec', 'client', '--', 'wget', '-qO-', `http://web.${ns}.svc.cluster.local/`),
      (r) => (r.all ?? '').includes('real-web'),
      30_000,
    );
    expect(viaDns.all).toContain('real-web');
  });

  it('keeps its DNAT to the API server above kube-proxy, so a Pod reaches the kubernetes Service', async () => {
    // kube-proxy's own rule for 10.0.0.1 leads to the API server's advertised address, which no Pod reaches.
    const pre = await execa('iptables', ['-t', 'nat', '-S', 'PREROUTING']);
    const rules = pre.stdout.split('\n').filter((l) => l.startsWith('-A '));
    expect(rules[0]).toBe('-A PREROUTING -j CKA-LAB-PREROUTING');
    expect(rules.some((r) => r.endsWith('-j KUBE-SERVICES'))).toBe(true);
    // Plain HTTP to the TLS port: only the API server answers it so (Go's 400 for HTTP to HTTPS).
    const api = await until(
      () => kubectl('exec', 'echo', '--', 'sh', '-c', 'printf "GET / HTTP/1.0\\r\\n\\r\\n" | nc -w 5 10.0.0.1 443'),
      (r) => (r.all ?? '').includes('400 Bad Request'),
      20_000,
    );
    expect(api.all).toContain('400 Bad Request');
  });

  it('runs an image named without a tag (imagePullPolicy Always: pulled from the node registry)', async () => {
    // `kubectl run x --image=busybox`: the API server sets Always, so the kubelet pulls every time.
    await client.create(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'untagged' },
        spec: {
          nodeSelector: { [NODE.label]: 'true' },
          tolerations: [{ key: NODE.taint.key, operator: 'Exists', effect: 'NoSchedule' }],
          terminationGracePeriodSeconds: 0,
          containers: [{ name: 'main', image: 'busybox', command: ['sleep', '3600'] }],
        },
      },
      ns,
    );
    const pod = (await until(
      () => getPod('untagged'),
      (p) => ready(p?.status),
      60_000,
    )) as { spec?: { containers?: { imagePullPolicy?: string }[] }; status?: PodStatus } | undefined;
    expect(pod?.spec?.containers?.[0]?.imagePullPolicy).toBe('Always');
    expect(ready(pod?.status)).toBe(true);
  });

  it('fails to pull an image it does not have, with the kubelet Events', async () => {
    await client.create(realPod('missing', 'nginx:0.0-does-not-exist'), ns);
    const s = await until(
      () => podStatus('missing'),
      (st) => st?.containerStatuses?.[0]?.state?.waiting?.reason === 'ImagePullBackOff',
      60_000,
    );
    expect(s?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('ImagePullBackOff');
    const events = (await client.list({ apiVersion: 'v1', kind: 'Event' }, ns)) as (KubeObject & {
      reason?: string;
      message?: string;
      source?: { component?: string };
      involvedObject?: { name?: string };
    })[];
    const failed = events.find((e) => e.involvedObject?.name === 'missing' && e.reason === 'Failed');
    expect(failed?.message).toMatch(/Failed to pull image "nginx:0.0-does-not-exist"/);
    // As Docker Hub answers for a tag it does not have (the node's registry knows only its images).
    expect(failed?.message).toMatch(/docker\.io\/library\/nginx:0\.0-does-not-exist: not found/);
    expect(failed?.source?.component).toBe('kubelet');
  });

  it(
    'puts the Pods of a lab that requires a runtime on the real node, and keeps other Pods off it',
    { timeout: 150_000 },
    async () => {
      // A lab whose setup is one plain Pod (no node selector, no toleration), marked requires: [runtime].
      const base = await loadLab('pods');
      const lab: Lab = {
        ...base,
        id: 'realnode-web',
        root: join(import.meta.dirname, '..', 'fixtures', 'realnode-lab'),
        setup: ['manifests/realnode-web/web.yaml'],
        requires: ['runtime'],
        clusterScoped: [],
      };
      const labNs = freshNamespace('rn-lab');
      made.push(labNs);
      await startLab(lab, client, labNs, log);
      const setupPod = await until(
        () => getPod('web', labNs),
        (p) => ready(p?.status),
        60_000,
      );
      expect(setupPod?.spec?.nodeName, 'the setup Pod runs on the real node').toBe(NODE.name);
      // A Pod the learner creates later in the lab namespace goes there too.
      await client.create(plainPod('learner'), labNs);
      const learner = await until(
        () => getPod('learner', labNs),
        (p) => ready(p?.status),
        60_000,
      );
      expect(learner?.spec?.nodeName).toBe(NODE.name);
      // The same Pod in a namespace of no such lab lands on a kwok node: the taint keeps it off.
      await client.create(plainPod('elsewhere'), ns);
      const elsewhere = await until(
        () => getPod('elsewhere'),
        (p) => !!p?.spec?.nodeName,
        30_000,
      );
      expect(elsewhere?.spec?.nodeName).toMatch(/^node-\d+$/);
    },
  );
});

describe('stopping the real node', () => {
  it('leaves no iptables chain, bridge, changed sysctl or run folder behind', async () => {
    await node!.stop(log);
    node = undefined;
    expect(existsSync('/sys/class/net/cni0')).toBe(false);
    for (const [family, was] of [
      ['ipv4', before.chains],
      ['ipv6', before.chains6],
    ] as const) {
      const after = await iptablesChains(family);
      for (const [table, chains] of Object.entries(after))
        expect(
          chains.filter((c) => !(was[table] ?? []).includes(c)),
          `${family} ${table}`,
        ).toEqual([]);
    }
    for (const k of WATCHED_SYSCTLS) expect(readSysctl(k), k).toBe(before.sysctls[k]);
    expect(existsSync('/run/containerd')).toBe(before.runContainerd);
    expect(existsSync('/run/cka-lab')).toBe(before.runCkaLab);
    // And everything else the node may touch: rules, links, sysctls, mounts, folders, processes.
    expect(await hostSnapshot(nodeBinaryDir())).toEqual(before.host);
    await cluster.down(log); // its kwok-only control plane is not needed any more
  });
});

// `lab cluster up --real-node` and `lab cluster down` as a learner runs them, with a state folder of
// the test's own (so its cluster is the default `cka-lab`, not the test run's shared one): the real
// node joins and is Ready and tainted, `lab cluster status` lists its daemons, and `down` leaves the
// machine as it found it: iptables and ip6tables rules, links, sysctls, mounts, folders, cgroups and
// processes. Real nodes are host-global, so this file takes its turn with the other real-node tests.

const bin = join(contentRoot(), 'bin', 'lab.cjs');
const state = mkdtempSync(join(tmpdir(), 'cka-lab-cli-realnode-'));
const cliKubeconfig = join(state, 'cka-lab', 'cka-lab', 'kubeconfig');
const env: Record<string, string> = {
  ...(process.env as Record<string, string>),
  XDG_STATE_HOME: state,
  NO_COLOR: '1',
};
delete env.KUBECONFIG;
const lab = (...args: string[]) =>
  execa('node', [bin, ...args], { reject: false, env, extendEnv: false, all: true, timeout: 1_500_000 });
const kubectlCli = (...args: string[]) =>
  execa(binaryPath('kubectl'), ['--kubeconfig', cliKubeconfig, ...args], { reject: false, all: true });

let hostBefore: HostSnapshot;
let up = false;

/** Resident memory of a process in MB, from VmRSS in /proc/<pid>/status (kB). */
const rssMb = (pid: number): number =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

describe('lab cluster up --real-node, then lab cluster down', () => {
  beforeAll(async () => {
    hostBefore = await hostSnapshot(nodeBinaryDir());
  });

  afterAll(async () => {
    if (up) await lab('cluster', 'down');
    rmSync(state, { recursive: true, force: true });
  }, 180_000);

  it(
    'starts a real node that is Ready, tainted, and listed by lab cluster status',
    { timeout: 1_800_000 },
    async () => {
      const t0 = performance.now();
      const r = await lab('cluster', 'up', '--real-node');
      const seconds = (performance.now() - t0) / 1000;
      up = true;
      expect(r.exitCode, r.all).toBe(0);
      expect(r.all, 'says what it changes before it does').toContain('changes this machine');
      console.log(`lab cluster up --real-node: ${seconds.toFixed(1)} s`);

      const node = await kubectlCli('get', 'node', NODE.name, '-o', 'json');
      expect(node.exitCode, node.all).toBe(0);
      const json = JSON.parse(node.stdout) as {
        spec: { taints?: { key: string; effect: string }[] };
        status: { conditions: { type: string; status: string }[] };
      };
      expect(json.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
      expect(json.spec.taints).toContainEqual(expect.objectContaining({ key: NODE.taint.key, effect: 'NoSchedule' }));

      const status = await lab('cluster', 'status', '-o', 'json');
      expect(status.exitCode, status.all).toBe(0);
      const components = (
        JSON.parse(status.stdout) as { components: { name: string; running: boolean; pid?: number }[] }
      ).components;
      const daemons = components.filter((c) => c.name.startsWith('real-node/'));
      expect(daemons.map((c) => c.name).sort()).toEqual([
        'real-node/containerd',
        'real-node/kube-proxy',
        'real-node/kubelet',
        'real-node/registry',
      ]);
      expect(daemons.every((c) => c.running)).toBe(true);

      // Memory of each part, for bench/RESULTS.md (CoreDNS runs in a container: found by its command line).
      const coredns = (await execa('pgrep', ['-f', '^/coredns -conf'], { reject: false })).stdout.split('\n')[0];
      const rss = Object.fromEntries([
        ...daemons.map((c) => [c.name.slice('real-node/'.length), rssMb(c.pid!)]),
        ...(coredns ? [['coredns', rssMb(Number(coredns))]] : []),
      ]);
      console.log(`real node RSS (MB): ${JSON.stringify(rss)}`);
      expect(Object.keys(rss)).toContain('coredns');
    },
  );

  it('lab cluster down leaves iptables, links, sysctls, mounts, folders and processes as they were', async () => {
    const r = await lab('cluster', 'down');
    expect(r.exitCode, r.all).toBe(0);
    up = false;
    expect(existsSync(join(state, 'cka-lab', 'cka-lab')), 'the state folder is gone').toBe(false);
    const after = await hostSnapshot(nodeBinaryDir());
    expect(after.iptables).toEqual(hostBefore.iptables);
    expect(after.ip6tables).toEqual(hostBefore.ip6tables);
    expect(after.links).toEqual(hostBefore.links);
    expect(after.sysctls).toEqual(hostBefore.sysctls);
    expect(after.mounts).toEqual(hostBefore.mounts);
    expect(after.paths).toEqual(hostBefore.paths);
    expect(after.nodeProcesses).toEqual(hostBefore.nodeProcesses);
  }, 180_000);
});
