import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, rmdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Log } from '../../util/log.js';
import { poll } from '../../util/poll.js';
import { processAlive } from './processes.js';
import { killProcess } from '../../util/process.js';

/**
 * One change the real node makes to this machine, written to the journal *before* it is made,
 * so that `lab cluster down` can undo it even after a crash halfway through `up`.
 */
export type HostChange =
  /** A sysctl (dotted name) and the value it had before. */
  | { kind: 'sysctl'; key: string; before: string }
  /**
   * The iptables/ip6tables chains of each table before the real node started; undone by deleting
   * any new KUBE-, CNI- or CKA-LAB- chain.
   */
  | { kind: 'iptables'; family: 'ipv4' | 'ipv6'; before: Record<string, string[]> }
  /** A network link the real node created (the cni0 bridge). */
  | { kind: 'link'; name: string }
  /** A folder that did not exist before: mounts under it are unmounted, then it is deleted. */
  | { kind: 'dir'; path: string }
  /**
   * A folder that is kept (the real node's folder in the state folder, which holds this journal)
   * but under which the kubelet mounts Pod volumes: those mounts are unmounted.
   */
  | { kind: 'mounts'; path: string }
  /**
   * A cgroup name (as `kubepods`) created in every cgroup v1 controller (or the v2 root): its
   * processes are killed, its folders removed.
   */
  | { kind: 'cgroup'; name: string }
  /** A daemon: stopped if its pid still runs `binary`. `children` names shims (by binary) to kill too. */
  | { kind: 'process'; name: string; pid: number; binary: string; children?: string };

/** The journal file of a cluster's real node: one JSON {@link HostChange} per line. */
export const journalPath = (stateDir: string): string => join(stateDir, 'realnode', 'host-changes.jsonl');

/** Appends one change to the journal (synchronously, so it is on disk before the change is made). */
export function record(stateDir: string, change: HostChange): void {
  const file = journalPath(stateDir);
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(change)}\n`);
}

/** The changes recorded for a cluster, oldest first (empty without a journal; a torn last line is skipped). */
export function readJournal(stateDir: string): HostChange[] {
  const file = journalPath(stateDir);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        return line.trim() ? [JSON.parse(line) as HostChange] : [];
      } catch {
        return [];
      }
    });
}

/** Chain name prefixes the real node's components create: kubelet and kube-proxy (KUBE-), portmap (CNI-), ours. */
const OWNED_CHAIN = /^(KUBE-|CNI-|CKA-LAB-)/;

/** The sysctl file of a dotted key (`net.ipv4.ip_forward` -> /proc/sys/net/ipv4/ip_forward). */
export const sysctlFile = (key: string): string => join('/proc/sys', ...key.split('.'));

/** The current value of a sysctl, or undefined when the kernel has no such key. */
export function readSysctl(key: string): string | undefined {
  try {
    return readFileSync(sysctlFile(key), 'utf8').trim();
  } catch {
    return undefined;
  }
}

async function run(cmd: string, args: string[], input?: string): Promise<{ exitCode: number; out: string }> {
  const { execa } = await import('execa');
  const r = await execa(cmd, args, { reject: false, all: true, ...(input !== undefined ? { input } : {}) });
  return { exitCode: r.exitCode ?? 1, out: r.all ?? '' };
}

const ipt = (family: 'ipv4' | 'ipv6') => (family === 'ipv4' ? 'iptables' : 'ip6tables');

/** The chains of every table, from `iptables-save` (builtin and user chains). */
export async function iptablesChains(family: 'ipv4' | 'ipv6'): Promise<Record<string, string[]>> {
  const { exitCode, out } = await run(`${ipt(family)}-save`, []);
  const tables: Record<string, string[]> = {};
  if (exitCode !== 0) return tables;
  let table = '';
  for (const line of out.split('\n')) {
    if (line.startsWith('*')) tables[(table = line.slice(1).trim())] = [];
    else if (line.startsWith(':') && table) tables[table]!.push(line.slice(1).split(' ')[0]!);
  }
  return tables;
}

/**
 * Deletes the chains that were not there before and look like ours, and every rule that jumps
 * to them, in one `iptables-restore --noflush` per table (a declared chain is flushed, then `-X`).
 */
async function deleteNewChains(family: 'ipv4' | 'ipv6', before: Record<string, string[]>): Promise<void> {
  const { exitCode, out } = await run(`${ipt(family)}-save`, []);
  if (exitCode !== 0) return;
  const byTable = new Map<string, { chains: string[]; rules: string[] }>();
  let table = '';
  for (const line of out.split('\n')) {
    if (line.startsWith('*')) byTable.set((table = line.slice(1).trim()), { chains: [], rules: [] });
    else if (line.startsWith(':') && table) byTable.get(table)!.chains.push(line.slice(1).split(' ')[0]!);
    else if (line.startsWith('-A ') && table) byTable.get(table)!.rules.push(line);
  }
  const emptyNewTables: string[] = [];
  for (const [name, { chains, rules }] of byTable) {
    const old = new Set(before[name] ?? []);
    const doomed = chains.filter((c) => !old.has(c) && OWNED_CHAIN.test(c));
    // A table that appeared with the node (kube-proxy's `mangle`) and holds nothing else: dropped below.
    const builtin = (c: string) => BUILTIN_CHAINS.has(c);
    if (!(name in before) && chains.every((c) => builtin(c) || doomed.includes(c))) {
      const left = rules.filter((r) => builtin(r.split(' ')[1]!) && !doomedTarget(r, new Set(doomed)));
      if (left.length === 0) emptyNewTables.push(name);
    }
    if (doomed.length === 0) continue;
    const doomedSet = new Set(doomed);
    // Rules in surviving chains that jump to a doomed chain.
    const jumps = rules.filter((r) => !doomedSet.has(r.split(' ')[1]!) && doomedTarget(r, doomedSet));
    const script = [
      `*${name}`,
      ...jumps.map((r) => `-D${r.slice(2)}`),
      ...doomed.map((c) => `:${c} - [0:0]`),
      ...doomed.map((c) => `-X ${c}`),
      'COMMIT',
      '',
    ].join('\n');
    const r = await run(`${ipt(family)}-restore`, ['--noflush'], script);
    if (r.exitCode !== 0) throw new Error(`${ipt(family)}-restore failed: ${r.out.trim()}`);
  }
  // With the nf_tables backend a table is an nft table, which stays once created; iptables has no
  // command to drop it, nft does. (The legacy backend keeps its tables loaded in the kernel.)
  if (emptyNewTables.length > 0 && /nf_tables/.test((await run(ipt(family), ['--version'])).out)) {
    for (const table of emptyNewTables) {
      const r = await run('nft', ['delete', 'table', family === 'ipv4' ? 'ip' : 'ip6', table]);
      if (r.exitCode !== 0 && !/No such file/.test(r.out)) {
        const why = r.out.trim() || `exit code ${r.exitCode} (is the nftables package installed?)`;
        throw new Error(`nft delete table ${table}: ${why}`);
      }
    }
  }
}

/** The builtin chains of iptables' tables (they belong to the table, never to the real node). */
const BUILTIN_CHAINS = new Set(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']);

/** Whether an `-A` rule line jumps to one of `chains`. */
const doomedTarget = (rule: string, chains: Set<string>): boolean => {
  const target = / -[jg] (\S+)/.exec(rule)?.[1];
  return target !== undefined && chains.has(target);
};

/** Mount points at or under `path`, deepest first (from /proc/self/mountinfo). */
function mountsUnder(path: string): string[] {
  let info: string;
  try {
    info = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return [];
  }
  const unescape = (s: string) => s.replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));
  return info
    .split('\n')
    .map((l) => unescape(l.split(' ')[4] ?? ''))
    .filter((m) => m === path || m.startsWith(`${path}/`))
    .sort((a, b) => b.length - a.length);
}

/** Unmounts (lazily, so a busy mount goes too) everything under `path`, then deletes it. */
export async function removeTree(path: string): Promise<void> {
  for (const m of mountsUnder(path)) await run('umount', ['-l', m]);
  rmSync(path, { recursive: true, force: true });
}

/** The folders of a cgroup name: one per cgroup v1 controller, or the cgroup v2 one. */
function cgroupDirs(name: string): string[] {
  const root = '/sys/fs/cgroup';
  if (existsSync(join(root, 'cgroup.controllers'))) return [join(root, name)];
  try {
    return readdirSync(root)
      .map((c) => join(root, c, name))
      .filter((d) => existsSync(d));
  } catch {
    return [];
  }
}

/** Every cgroup folder under `dir`, deepest first. */
function cgroupTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) if (e.isDirectory()) walk(join(d, e.name));
    out.push(d);
  };
  walk(dir);
  return out;
}

/** Kills every process in a cgroup name's folders (the Pods' containers), then removes the folders. */
async function removeCgroup(name: string): Promise<void> {
  const pids = () =>
    cgroupDirs(name)
      .flatMap(cgroupTree)
      .flatMap((d) => {
        try {
          return readFileSync(join(d, 'cgroup.procs'), 'utf8').split('\n').filter(Boolean).map(Number);
        } catch {
          return [];
        }
      });
  await poll(
    () => {
      const left = [...new Set(pids())];
      for (const pid of left) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone meanwhile
        }
      }
      return left.length === 0;
    },
    { intervalMs: 100, timeoutMs: 10_000 },
  );
  for (const top of cgroupDirs(name)) {
    for (const d of cgroupTree(top)) {
      await poll(
        () => {
          try {
            rmdirSync(d);
            return true;
          } catch (err) {
            return (err as NodeJS.ErrnoException).code === 'ENOENT';
          }
        },
        { intervalMs: 100, timeoutMs: 5000 },
      );
    }
  }
}

/** Undoes one change; throws when it could not. */
async function undo(change: HostChange): Promise<void> {
  switch (change.kind) {
    case 'process': {
      if (processAlive(change.pid, change.binary)) await killProcess(change.pid);
      if (change.children) {
        // containerd's shims outlive containerd by design: stop those it started (by binary path).
        for (const pid of pidsOfBinary(change.children)) await killProcess(pid, 2000);
      }
      return;
    }
    case 'cgroup':
      return removeCgroup(change.name);
    case 'dir':
      return removeTree(change.path);
    case 'mounts':
      for (const m of mountsUnder(change.path)) await run('umount', ['-l', m]);
      if (mountsUnder(change.path).length > 0) throw new Error(`mounts left under ${change.path}`);
      return;
    case 'link':
      // The Pods' veths first: a Pod's network namespace can outlive the node when another mount
      // namespace on the machine (say, a container started meanwhile) holds a copy of its mount,
      // and its veth would stay behind; deleting our end deletes the pair.
      for (const port of await bridgePorts(change.name)) await run('ip', ['link', 'delete', port]);
      if (existsSync(`/sys/class/net/${change.name}`)) {
        const r = await run('ip', ['link', 'delete', change.name]);
        if (r.exitCode !== 0 && existsSync(`/sys/class/net/${change.name}`))
          throw new Error(`ip link delete ${change.name}: ${r.out.trim()}`);
      }
      return;
    case 'iptables':
      return deleteNewChains(change.family, change.before);
    case 'sysctl': {
      if (readSysctl(change.key) !== undefined && readSysctl(change.key) !== change.before) {
        const { writeFileSync } = await import('node:fs');
        writeFileSync(sysctlFile(change.key), change.before);
      }
      return;
    }
  }
}

/** The interfaces enslaved to a bridge (`/sys/class/net/<bridge>/brif`), empty when there is no such bridge. */
async function bridgePorts(bridge: string): Promise<string[]> {
  try {
    return readdirSync(`/sys/class/net/${bridge}/brif`);
  } catch {
    return [];
  }
}

/** Pids of live processes whose executable is `binary` (read from /proc/<pid>/exe). */
export function pidsOfBinary(binary: string): number[] {
  const out: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return out;
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    if (processAlive(Number(e), binary)) out.push(Number(e));
  }
  return out;
}

/** A short text naming a change, for messages. */
const describe = (c: HostChange): string =>
  c.kind === 'process'
    ? `${c.name} (pid ${c.pid})`
    : c.kind === 'sysctl'
      ? `sysctl ${c.key}`
      : c.kind === 'iptables'
        ? `${ipt(c.family)} chains`
        : c.kind === 'link'
          ? `link ${c.name}`
          : c.kind === 'dir'
            ? c.path
            : c.kind === 'mounts'
              ? `mounts under ${c.path}`
              : `cgroup ${c.name}`;

/**
 * Undoes every recorded change of a cluster's real node, newest first: daemons stopped (and the
 * Pods' containers killed), mounts unmounted and folders deleted, the bridge deleted, the new
 * iptables chains deleted, sysctls restored to the value recorded first for each key. The journal
 * is removed when everything was undone.
 * @returns the changes that could not be undone (empty when all went), as short texts
 */
export async function undoHostChanges(stateDir: string, log: Log): Promise<string[]> {
  const changes = readJournal(stateDir);
  if (changes.length === 0) return [];
  log.progress('Stopping the real node and undoing its changes to this machine...');
  const failed: string[] = [];
  // The first recorded value of a sysctl is the one from before the real node.
  const ordered = [...changes].reverse().filter((c) => {
    if (c.kind !== 'sysctl') return true;
    return !changes.some((o, i) => o.kind === 'sysctl' && o.key === c.key && i < changes.indexOf(c));
  });
  for (const change of ordered) {
    try {
      await undo(change);
    } catch (err) {
      failed.push(`${describe(change)}: ${(err as Error).message}`);
    }
  }
  if (failed.length === 0) rmSync(journalPath(stateDir), { force: true });
  return failed;
}
