import { describe, expect, it, inject } from 'vitest';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { dirname } from 'node:path';

// Issue 9.1: the local cluster is reachable only from this machine. This test looks at the
// processes of the test cluster (global-setup) as the kernel sees them, not at their flags.

const stateDir = dirname(inject('kubeconfig'));

/** The programs of the local cluster (kwokctl names the kwok controller kwok-controller). */
const COMPONENTS = new Set([
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kwok-controller',
  'kwok',
  'metrics-server',
]);

/**
 * Pids of the cluster's processes: every live component process whose command line names the state folder
 * (other processes may name it too: a test's `lab` or kubectl run with the cluster's kubeconfig).
 */
function clusterPids(): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (argv.includes(stateDir) && COMPONENTS.has(argv.split('\0')[0]!.split('/').pop()!)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** The socket inodes a process holds open. */
function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // closed meanwhile
    }
  }
  return inodes;
}

/** An address of /proc/net/tcp{,6} (hex, 32-bit words in host byte order, little-endian here) as text. */
function decodeAddress(hex: string): string {
  const bytes = (hex.match(/.{8}/g) ?? []).flatMap((word) =>
    (word.match(/../g) ?? []).reverse().map((b) => Number.parseInt(b, 16)),
  );
  if (bytes.length === 4) return bytes.join('.');
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff)
    return `::ffff:${bytes.slice(12).join('.')}`;
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return new URL(`http://[${groups.join(':')}]/`).hostname.slice(1, -1); // WHATWG URL prints the short form
}

const isLoopback = (address: string): boolean => /^(?:::ffff:)?127\./.test(address) || address === '::1';

/** Listening TCP sockets (state 0A) of a process: local address and port. */
function listeners(pid: number): { address: string; port: number }[] {
  const mine = socketInodes(pid);
  const found: { address: string; port: number }[] = [];
  for (const table of ['tcp', 'tcp6']) {
    const file = `/proc/${pid}/net/${table}`;
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, 'utf8').trim().split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const [, local, , state, , , , , , inode] = cols; // sl local rem st tx:rx tr:when retrnsmt uid timeout inode
      if (state !== '0A' || !mine.has(inode!)) continue;
      const [addr, port] = local!.split(':');
      found.push({ address: decodeAddress(addr!), port: Number.parseInt(port!, 16) });
    }
  }
  return found;
}

describe('the local cluster listens on loopback only', () => {
  it('decodes /proc/net addresses', () => {
    expect(decodeAddress('0100007F')).toBe('127.0.0.1');
    expect(decodeAddress('00000000')).toBe('0.0.0.0');
    expect(decodeAddress('00000000000000000000000001000000')).toBe('::1');
    expect(decodeAddress('00000000000000000000000000000000')).toBe('::');
    expect(decodeAddress('0000000000000000FFFF00000100007F')).toBe('::ffff:127.0.0.1');
    expect(isLoopback('::')).toBe(false);
    expect(isLoopback('0.0.0.0')).toBe(false);
  });

  it('has no listening socket of etcd, kube-apiserver, controller-manager, scheduler, kwok or metrics-server beyond 127.0.0.0/8 and ::1', () => {
    const pids = clusterPids();
    const byProcess = pids.map((pid) => ({
      binary: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0]!.split('/').pop()!,
      sockets: listeners(pid),
    }));
    // Every component is there and listens on something, so the test cannot pass on nothing.
    expect(byProcess.map((p) => p.binary).sort()).toEqual(
      expect.arrayContaining([
        'etcd',
        'kube-apiserver',
        'kube-controller-manager',
        'kube-scheduler',
        'kwok-controller',
        'metrics-server',
      ]),
    );
    for (const p of byProcess) expect(p.sockets.length, `${p.binary} listens on nothing`).toBeGreaterThan(0);
    const exposed = byProcess.flatMap((p) =>
      p.sockets
        .filter((s) => !isLoopback(s.address))
        .map((s) => `${p.binary} on ${s.address.includes(':') ? `[${s.address}]` : s.address}:${s.port}`),
    );
    expect(exposed).toEqual([]);
  });
});
