import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { iptablesChains, readSysctl, record, sysctlFile } from './host.js';
import { NET, type NodeLayout } from './layout.js';

/**
 * The sysctls the real node's parts may change, recorded before anything starts so that
 * `lab cluster down` restores them: ip_forward (the bridge plugin), the kubelet's kernel
 * tunables (vm.overcommit_memory, vm.panic_on_oom, kernel.panic, kernel.panic_on_oops,
 * kernel.keys.*; kubelet's `protectKernelDefaults: false`), kube-proxy's route_localnet and
 * conntrack settings, and the bridge netfilter switches kube-proxy needs.
 */
export const WATCHED_SYSCTLS = [
  'net.ipv4.ip_forward',
  'net.ipv4.conf.all.forwarding',
  'net.ipv4.conf.default.forwarding',
  'net.ipv6.conf.all.forwarding',
  'net.ipv4.conf.all.route_localnet',
  'net.bridge.bridge-nf-call-iptables',
  'net.bridge.bridge-nf-call-ip6tables',
  'net.netfilter.nf_conntrack_max',
  'net.netfilter.nf_conntrack_tcp_timeout_established',
  'net.netfilter.nf_conntrack_tcp_timeout_close_wait',
  'vm.overcommit_memory',
  'vm.panic_on_oom',
  'kernel.panic',
  'kernel.panic_on_oops',
  'kernel.keys.root_maxkeys',
  'kernel.keys.root_maxbytes',
] as const;

async function run(cmd: string, args: string[]): Promise<void> {
  const { execa } = await import('execa');
  const r = await execa(cmd, args, { reject: false, all: true });
  if (r.exitCode !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${(r.all ?? '').trim()}`);
}

/** Records the watched sysctls and the iptables chains as they are now (before any change). */
export async function recordHostBaseline(stateDir: string): Promise<void> {
  for (const key of WATCHED_SYSCTLS) {
    const before = readSysctl(key);
    if (before !== undefined) record(stateDir, { kind: 'sysctl', key, before });
  }
  record(stateDir, { kind: 'iptables', family: 'ipv4', before: await iptablesChains('ipv4') });
  record(stateDir, { kind: 'iptables', family: 'ipv6', before: await iptablesChains('ipv6') });
}

/** Sets a sysctl (recorded first when it is not a watched one). */
function setSysctl(stateDir: string, key: string, value: string): void {
  const before = readSysctl(key);
  if (before === undefined) throw new Error(`this kernel has no sysctl ${key}`);
  if (!(WATCHED_SYSCTLS as readonly string[]).includes(key)) record(stateDir, { kind: 'sysctl', key, before });
  if (before !== value) writeFileSync(sysctlFile(key), value);
}

/**
 * Creates the cni0 bridge with the gateway address (the CNI bridge plugin would create it on the
 * first Pod, but the kubelet listens on its address from the start), turns on forwarding (the
 * Pods' traffic is routed through the host) and lets Pods reach the API server through the
 * `kubernetes` Service: route_localnet on cni0 only, so a DNAT to 127.0.0.1 is routed.
 */
export async function createBridge(layout: NodeLayout): Promise<void> {
  const s = layout.stateDir;
  if (!existsSync(`/sys/class/net/${NET.bridge}`)) {
    record(s, { kind: 'link', name: NET.bridge });
    await run('ip', ['link', 'add', NET.bridge, 'type', 'bridge']);
  }
  await run('ip', ['addr', 'replace', `${NET.gateway}/${NET.podCidr.split('/')[1]}`, 'dev', NET.bridge]);
  await run('ip', ['link', 'set', NET.bridge, 'up']);
  setSysctl(s, 'net.ipv4.ip_forward', '1');
  setSysctl(s, 'net.bridge.bridge-nf-call-iptables', '1');
  setSysctl(s, `net.ipv4.conf.${NET.bridge}.route_localnet`, '1');
}

/**
 * The real node's own iptables chains, all jumped to from the top of the builtin chains:
 * - CKA-LAB-FORWARD: Pod traffic never leaves the machine and nothing from outside reaches a Pod:
 *   forwarding between Pods (cni0 to cni0) is accepted, any other forwarding from or to cni0 dropped;
 *   a Pod's TCP connection out is refused at once (a reset) rather than left to hang, so a client
 *   whose first packet met another DNAT (kube-proxy's, to an address only the API server
 *   advertises) retries at once, through ours.
 * - CKA-LAB-INPUT: the gateway address (where the kubelet listens) answers only to this machine
 *   (lo) and to its Pods (cni0).
 * - CKA-LAB-PREROUTING (nat): a Pod's connection to the `kubernetes` Service goes to the API
 *   server on 127.0.0.1 (it listens nowhere else); it must come before kube-proxy's own rule.
 * No MASQUERADE anywhere: Pod traffic is never rewritten to leave the machine.
 * @param apiServerPort the API server's port on 127.0.0.1
 */
export function ourRules(apiServerPort: number): string {
  const b = NET.bridge;
  return [
    '*filter',
    ':CKA-LAB-FORWARD - [0:0]',
    ':CKA-LAB-INPUT - [0:0]',
    `-A CKA-LAB-FORWARD -i ${b} -o ${b} -j ACCEPT`,
    `-A CKA-LAB-FORWARD -i ${b} -p tcp -j REJECT --reject-with tcp-reset`,
    `-A CKA-LAB-FORWARD -i ${b} -j DROP`,
    `-A CKA-LAB-FORWARD -o ${b} -j DROP`,
    '-A CKA-LAB-INPUT -i lo -j RETURN',
    `-A CKA-LAB-INPUT -i ${b} -j RETURN`,
    `-A CKA-LAB-INPUT -d ${NET.gateway}/32 -j DROP`,
    'COMMIT',
    '*nat',
    ':CKA-LAB-PREROUTING - [0:0]',
    `-A CKA-LAB-PREROUTING -i ${b} -d ${NET.kubernetesServiceIp}/32 -p tcp --dport 443 ` +
      `-j DNAT --to-destination 127.0.0.1:${apiServerPort}`,
    'COMMIT',
    '',
  ].join('\n');
}

/** Our chains' jumps: [table, builtin chain, our chain]. */
const JUMPS = [
  ['filter', 'FORWARD', 'CKA-LAB-FORWARD'],
  ['filter', 'INPUT', 'CKA-LAB-INPUT'],
  ['nat', 'PREROUTING', 'CKA-LAB-PREROUTING'],
] as const;

/** Creates (or refreshes) our chains; the baseline was recorded, so down deletes them. */
export async function installRules(apiServerPort: number): Promise<void> {
  const { execa } = await import('execa');
  const r = await execa('iptables-restore', ['--noflush'], {
    input: ourRules(apiServerPort),
    reject: false,
    all: true,
  });
  if (r.exitCode !== 0) throw new Error(`iptables-restore: ${(r.all ?? '').trim()}`);
  await jumpFirst();
}

/** The rules of a builtin chain as `iptables -S` prints them, without the policy line. */
async function chainRules(table: string, builtin: string): Promise<string[]> {
  const { execa } = await import('execa');
  const r = await execa('iptables', ['-t', table, '-S', builtin], { reject: false, all: true });
  if (r.exitCode !== 0) throw new Error(`iptables -t ${table} -S ${builtin}: ${(r.all ?? '').trim()}`);
  return r.stdout.split('\n').filter((l) => l.startsWith('-A '));
}

/**
 * Puts the jumps to our chains at the very top of their builtin chains (again): kube-proxy and
 * the kubelet insert theirs at the top when they start, and ours must be seen first. A new jump
 * is inserted at position 1 before the old ones are deleted (from the bottom, by number), so a
 * packet never passes while our jump is missing; nothing changes when ours is already first and
 * alone.
 */
export async function jumpFirst(): Promise<void> {
  for (const [table, builtin, chain] of JUMPS) {
    const jump = `-A ${builtin} -j ${chain}`;
    const rules = await chainRules(table, builtin);
    const at = rules.flatMap((r, i) => (r === jump ? [i + 1] : []));
    if (at.length === 1 && at[0] === 1) continue;
    await run('iptables', ['-t', table, '-I', builtin, '1', '-j', chain]);
    // After the insert, the old jumps moved down by one.
    for (const n of at.reverse()) await run('iptables', ['-t', table, '-D', builtin, String(n + 1)]);
  }
}

/** Whether every jump to our chains is the first rule of its builtin chain. */
export async function jumpsFirst(): Promise<boolean> {
  for (const [table, builtin, chain] of JUMPS)
    if ((await chainRules(table, builtin))[0] !== `-A ${builtin} -j ${chain}`) return false;
  return true;
}

/**
 * Whether kube-proxy has written its rules for the `kubernetes` Service: its jump to
 * KUBE-SERVICES in nat PREROUTING and the Service's cluster IP in KUBE-SERVICES. Its /healthz
 * answers before its first sync, and that sync inserts its jump above ours: kube-proxy's own
 * rule for the Service DNATs to the API server's advertised address (which a Pod cannot reach),
 * so until ours is put back on top, a Pod's connection to the API server hangs.
 */
export async function kubeProxySynced(): Promise<boolean> {
  const { execa } = await import('execa');
  if (!(await chainRules('nat', 'PREROUTING')).some((r) => r.endsWith('-j KUBE-SERVICES'))) return false;
  const r = await execa('iptables', ['-t', 'nat', '-S', 'KUBE-SERVICES'], { reject: false });
  return r.exitCode === 0 && r.stdout.includes(`-d ${NET.kubernetesServiceIp}/32`);
}

/**
 * The CNI network (conflist) of the real node: the bridge plugin on cni0 as the Pods' gateway,
 * without IP masquerade, host-local addresses from the node's Pod range, portmap for hostPort.
 * containerd adds the loopback plugin for each Pod's `lo` by itself.
 */
export function cniConfig(layout: NodeLayout): string {
  return JSON.stringify(
    {
      cniVersion: '1.0.0',
      name: 'cka-lab',
      plugins: [
        {
          type: 'bridge',
          bridge: NET.bridge,
          isGateway: true,
          ipMasq: false,
          hairpinMode: true,
          ipam: {
            type: 'host-local',
            ranges: [[{ subnet: NET.podCidr, gateway: NET.gateway }]],
            routes: [{ dst: '0.0.0.0/0' }],
            dataDir: join(layout.runDir, 'ipam'),
          },
        },
        { type: 'portmap', capabilities: { portMappings: true }, snat: false },
      ],
    },
    null,
    2,
  );
}

/** Writes the CNI network config; returns its folder (containerd's `conf_dir`). */
export function writeCniConfig(layout: NodeLayout): string {
  const dir = join(layout.dir, 'cni', 'net.d');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '10-cka-lab.conflist'), cniConfig(layout));
  return dir;
}
