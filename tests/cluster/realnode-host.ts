import { execa } from 'execa';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WATCHED_SYSCTLS } from '../../src/cluster/realnode/network.js';

/**
 * What a real node may change on this machine, as text to compare before and after: every
 * iptables and ip6tables rule and chain (counters left out), the network links, the watched
 * sysctls and those of all/default interfaces and the bridge netfilter, the mount points under
 * /run, /var and /tmp, the folders and cgroups a node creates, and the processes of the node's
 * binaries (their executable under `binDir`).
 */
export interface HostSnapshot {
  iptables: string[];
  ip6tables: string[];
  links: string[];
  sysctls: Record<string, string>;
  mounts: string[];
  paths: Record<string, boolean>;
  nodeProcesses: string[];
}

const rules = async (cmd: string): Promise<string[]> => {
  const r = await execa(cmd, [], { reject: false });
  return r.stdout
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.replace(/ \[\d+:\d+\]$/, ''));
};

/** Every readable file under a /proc/sys folder, as dotted key -> value. */
function sysctlsUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (!e.isFile()) continue;
    try {
      out[join(dir, e.name).slice('/proc/sys/'.length).replaceAll('/', '.')] = readFileSync(join(dir, e.name), 'utf8')
        .trim()
        .replace(/\s+/g, ' ');
    } catch {
      // write-only or not readable
    }
  }
  return out;
}

const PATHS = [
  '/run/containerd',
  '/run/cka-lab',
  '/var/lib/kubelet',
  '/var/lib/cni',
  '/var/log/pods',
  '/var/log/containers',
  '/sys/class/net/cni0',
  '/sys/fs/cgroup/memory/kubepods',
  '/sys/fs/cgroup/cpu/kubepods',
  '/sys/fs/cgroup/pids/kubepods',
  '/sys/fs/cgroup/kubepods',
];

/** The current {@link HostSnapshot}. */
export async function hostSnapshot(binDir: string): Promise<HostSnapshot> {
  const sysctls: Record<string, string> = {
    ...sysctlsUnder('/proc/sys/net/ipv4/conf/all'),
    ...sysctlsUnder('/proc/sys/net/ipv4/conf/default'),
    ...sysctlsUnder('/proc/sys/net/bridge'),
  };
  for (const key of WATCHED_SYSCTLS) {
    const file = join('/proc/sys', ...key.split('.'));
    if (existsSync(file)) sysctls[key] = readFileSync(file, 'utf8').trim();
  }
  const links = (await execa('ip', ['-o', 'link', 'show'], { reject: false })).stdout
    .split('\n')
    .map((l) => l.split(':')[1]?.trim() ?? '')
    .filter(Boolean)
    .sort();
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[4] ?? '')
    .filter((m) => /^\/(run|var|tmp)\//.test(m))
    .sort();
  const nodeProcesses: string[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const exe = readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0')[0]!;
      if (exe.startsWith(binDir)) nodeProcesses.push(`${e} ${exe}`);
    } catch {
      // gone meanwhile
    }
  }
  return {
    iptables: await rules('iptables-save'),
    ip6tables: await rules('ip6tables-save'),
    links,
    sysctls,
    mounts,
    paths: Object.fromEntries(PATHS.map((p) => [p, existsSync(p)])),
    nodeProcesses,
  };
}
