import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterError } from '../../errors.js';
import { poll } from '../../util/poll.js';
import { record } from './host.js';
import type { NodeLayout } from './layout.js';
import { startDaemon } from './processes.js';

/**
 * A closed port on loopback that every image pull is sent to: nothing leaves the machine, and
 * an image that was not imported fails to pull for real (ErrImagePull, ImagePullBackOff).
 */
export const CLOSED_REGISTRY = '127.0.0.1:9';

/**
 * containerd's configuration (version 3, containerd 2.x; keys from containerd's docs/cri/config.md):
 * data under the state folder, sockets and runc state under /run; the CRI streaming server on
 * 127.0.0.1 with a port the kernel picks; `restrict_oom_score_adj` because root in these
 * machines lacks CAP_SYS_RESOURCE; cgroupfs (no systemd); the sandbox image pinned to the
 * imported pause image; network namespaces under the state dir (not /run/netns); every registry
 * mirrored to {@link CLOSED_REGISTRY}. Plugins that would write elsewhere (opt: /opt/containerd)
 * or need absent kernel features are off.
 */
const DISABLED_PLUGINS = [
  'io.containerd.internal.v1.opt',
  'io.containerd.snapshotter.v1.btrfs',
  'io.containerd.snapshotter.v1.zfs',
  'io.containerd.snapshotter.v1.devmapper',
  'io.containerd.nri.v1.nri',
  'io.containerd.tracing.processor.v1.otlp',
  'io.containerd.internal.v1.tracing',
];

export function containerdConfig(layout: NodeLayout, binDir: string, cniConfDir: string, pauseImage: string): string {
  const q = (s: string) => `'${s}'`;
  return `version = 3
root = ${q(join(layout.dir, 'containerd'))}
state = ${q(join(layout.runDir, 'containerd'))}
disabled_plugins = ${JSON.stringify(DISABLED_PLUGINS).replace(/"/g, "'")}

[grpc]
  address = ${q(layout.containerdSocket)}

[ttrpc]
  address = ''

[metrics]
  address = ''

[plugins]
  [plugins.'io.containerd.cri.v1.images']
    snapshotter = 'overlayfs'
    [plugins.'io.containerd.cri.v1.images'.pinned_images]
      sandbox = ${q(pauseImage)}
    [plugins.'io.containerd.cri.v1.images'.registry]
      config_path = ${q(join(layout.dir, 'certs.d'))}
  [plugins.'io.containerd.cri.v1.runtime']
    restrict_oom_score_adj = true
    disable_apparmor = true
    netns_mounts_under_state_dir = true
    cdi_spec_dirs = []
    [plugins.'io.containerd.cri.v1.runtime'.containerd]
      default_runtime_name = 'runc'
      [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
        runtime_type = 'io.containerd.runc.v2'
        [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
          BinaryName = ${q(join(binDir, 'runc'))}
          Root = ${q(join(layout.runDir, 'runc'))}
          SystemdCgroup = false
    [plugins.'io.containerd.cri.v1.runtime'.cni]
      bin_dirs = [${q(join(binDir, 'cni'))}]
      conf_dir = ${q(cniConfDir)}
      max_conf_num = 1
  [plugins.'io.containerd.grpc.v1.cri']
    stream_server_address = '127.0.0.1'
    stream_server_port = '0'
`;
}

/** hosts.toml for every registry (containerd's `_default`): pulls go to {@link CLOSED_REGISTRY} only. */
export const closedRegistryHosts = (): string =>
  `server = "http://${CLOSED_REGISTRY}"\n\n[host."http://${CLOSED_REGISTRY}"]\n  capabilities = ["pull", "resolve"]\n`;

/**
 * hosts.toml for every registry once the node's own registry runs (see registry.ts): every pull
 * goes to it, on loopback; it knows only the imported images.
 */
export const localRegistryHosts = (address: string): string =>
  `server = "http://${address}"\n\n[host."http://${address}"]\n  capabilities = ["pull", "resolve"]\n`;

/** Points every registry at `address` (containerd reads hosts.toml at each pull). */
export function useRegistry(layout: NodeLayout, address: string): void {
  writeFileSync(join(layout.dir, 'certs.d', '_default', 'hosts.toml'), localRegistryHosts(address));
}

/**
 * The output of `ctr -n k8s.io images ls` (REF TYPE DIGEST SIZE PLATFORMS LABELS).
 * @throws ClusterError when ctr fails
 */
export async function listImages(layout: NodeLayout, binDir: string): Promise<string> {
  const r = await ctr(binDir, layout, ['-n', 'k8s.io', 'images', 'ls']);
  if (r.exitCode !== 0) throw new ClusterError(`containerd could not list its images: ${(r.all ?? '').trim()}`);
  return r.stdout;
}

async function ctr(binDir: string, layout: NodeLayout, args: string[], timeoutMs = 60_000) {
  const { execa } = await import('execa');
  return execa(join(binDir, 'ctr'), ['--address', layout.containerdSocket, ...args], {
    reject: false,
    all: true,
    timeout: timeoutMs,
  });
}

/**
 * Starts containerd (recorded in the journal, with its shims) and waits until it answers.
 * @throws ClusterError when it does not answer within 20 s
 */
export async function startContainerd(
  layout: NodeLayout,
  binDir: string,
  cniConfDir: string,
  pauseImage: string,
): Promise<number> {
  const hosts = join(layout.dir, 'certs.d', '_default');
  mkdirSync(hosts, { recursive: true });
  writeFileSync(join(hosts, 'hosts.toml'), closedRegistryHosts());
  const config = join(layout.dir, 'containerd.toml');
  writeFileSync(config, containerdConfig(layout, binDir, cniConfDir, pauseImage));
  // The shims' sockets live in /run/containerd/s whatever the config says (containerd's defaults).
  if (!existsSync('/run/containerd')) record(layout.stateDir, { kind: 'dir', path: '/run/containerd' });
  const binary = join(binDir, 'containerd');
  const pid = startDaemon(binary, ['--config', config], join(layout.logs, 'containerd.log'), {
    PATH: `${binDir}:${process.env.PATH ?? ''}`,
  });
  record(layout.stateDir, {
    kind: 'process',
    name: 'containerd',
    pid,
    binary,
    children: join(binDir, 'containerd-shim-runc-v2'),
  });
  const up = await poll(async () => (await ctr(binDir, layout, ['version'], 3000)).exitCode === 0, {
    intervalMs: 100,
    timeoutMs: 20_000,
  });
  if (!up)
    throw new ClusterError(
      `containerd did not start; see ${join(layout.logs, 'containerd.log')}, then run \`lab cluster down\`.`,
    );
  return pid;
}

/**
 * Imports image tarballs into containerd's `k8s.io` namespace (the CRI's), two at a time.
 * @throws ClusterError naming the tarball that failed
 */
export async function importImages(layout: NodeLayout, binDir: string, tarballs: string[]): Promise<void> {
  const queue = [...tarballs];
  const worker = async () => {
    for (let t = queue.shift(); t !== undefined; t = queue.shift()) {
      const r = await ctr(binDir, layout, ['-n', 'k8s.io', 'images', 'import', t], 120_000);
      if (r.exitCode !== 0)
        throw new ClusterError(`containerd could not import the image ${t}: ${(r.all ?? '').trim().slice(-300)}`);
    }
  };
  await Promise.all([worker(), worker()]);
}
