import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binaryPath } from '../../src/cluster/local/binaries.js';
import { nodeBinaryDir } from '../../src/cluster/realnode/binaries.js';
import { NODE } from '../../src/cluster/realnode/layout.js';
import { contentRoot } from '../../src/util/paths.js';
import { hostSnapshot, type HostSnapshot } from './realnode-host.js';
import { realNodeTurn } from './realnode-turn.js';

// `lab cluster up --real-node` and `lab cluster down` as a learner runs them, with a state folder of
// the test's own (so its cluster is the default `cka-lab`, not the test run's shared one): the real
// node joins and is Ready and tainted, `lab cluster status` lists its daemons, and `down` leaves the
// machine as it found it: iptables and ip6tables rules, links, sysctls, mounts, folders, cgroups and
// processes. Real nodes are host-global, so this file takes its turn with the other real-node tests.

const bin = join(contentRoot(), 'bin', 'lab.cjs');
const state = mkdtempSync(join(tmpdir(), 'cka-lab-cli-realnode-'));
const kubeconfig = join(state, 'cka-lab', 'cka-lab', 'kubeconfig');
const env: Record<string, string> = {
  ...(process.env as Record<string, string>),
  XDG_STATE_HOME: state,
  NO_COLOR: '1',
};
delete env.KUBECONFIG;
const lab = (...args: string[]) =>
  execa('node', [bin, ...args], { reject: false, env, extendEnv: false, all: true, timeout: 1_500_000 });
const kubectl = (...args: string[]) =>
  execa(binaryPath('kubectl'), ['--kubeconfig', kubeconfig, ...args], { reject: false, all: true });

let endTurn: (() => Promise<void>) | undefined;
let before: HostSnapshot;
let up = false;

/** Resident memory of a process in MB, from VmRSS in /proc/<pid>/status (kB). */
const rssMb = (pid: number): number =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

beforeAll(async () => {
  endTurn = await realNodeTurn();
  // A first run builds the node's binaries and images (minutes); the same happens inside `up` otherwise.
  before = await hostSnapshot(nodeBinaryDir());
}, 1_800_000);

afterAll(async () => {
  try {
    if (up) await lab('cluster', 'down');
    rmSync(state, { recursive: true, force: true });
  } finally {
    await endTurn?.();
  }
}, 180_000);

describe('lab cluster up --real-node, then lab cluster down', () => {
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

      const node = await kubectl('get', 'node', NODE.name, '-o', 'json');
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
    expect(after.iptables).toEqual(before.iptables);
    expect(after.ip6tables).toEqual(before.ip6tables);
    expect(after.links).toEqual(before.links);
    expect(after.sysctls).toEqual(before.sysctls);
    expect(after.mounts).toEqual(before.mounts);
    expect(after.paths).toEqual(before.paths);
    expect(after.nodeProcesses).toEqual(before.nodeProcesses);
  }, 180_000);
});
