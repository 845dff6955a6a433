import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterError } from '../../errors.js';
import type { Log } from '../../util/log.js';
import { contentRoot, xdgDir } from '../../util/paths.js';
import { ensureGoBuild } from '../go-build.js';

/**
 * The real node's binaries, by path relative to the cache folder: kubelet and kube-proxy
 * (k8s.io/kubernetes), containerd with its runc shim and ctr, runc (with seccomp), crictl,
 * CoreDNS, and the CNI plugins in `cni/` (the folder to give containerd as its CNI bin dir).
 * Versions are pinned in build/node/build.sh and build/node/go.mod.
 */
export const NODE_BINARIES = [
  'kubelet',
  'kube-proxy',
  'containerd',
  'containerd-shim-runc-v2',
  'ctr',
  'runc',
  'crictl',
  'coredns',
  'cni/bridge',
  'cni/host-local',
  'cni/loopback',
  'cni/portmap',
] as const;
export type NodeBinaryName = (typeof NODE_BINARIES)[number];

/**
 * The files of build/node whose content decides what gets built, and so the cache key:
 * the wrapper module (go.mod, go.sum, tools.go) and build.sh, which pins the other tools' releases.
 */
export const NODE_BUILD_INPUTS = ['go.mod', 'go.sum', 'tools.go', 'build.sh'] as const;

/** The folder of the wrapper Go module (build/node) that pins the node's releases. */
const buildDir = (): string => join(contentRoot(), 'build', 'node');

/** The Kubernetes release of the kubelet and kube-proxy, from build/node/go.mod, e.g. `v1.35.4`. */
export function nodeKubeVersion(): string {
  const mod = readFileSync(join(buildDir(), 'go.mod'), 'utf8');
  const m = /k8s\.io\/kubernetes (v[0-9.]+)/.exec(mod);
  if (!m)
    throw new ClusterError('build/node/go.mod does not require k8s.io/kubernetes; restore it from the repository.');
  return m[1]!;
}

/**
 * The cache folder of the node's binaries: $XDG_CACHE_HOME/cka-lab/bin/node-<k8s version>_<hash>,
 * where the hash (8 hex digits of SHA-256) covers every file in {@link NODE_BUILD_INPUTS}, so a
 * change to any of them builds afresh while clones of the same revision share one build.
 */
export function nodeBinaryDir(): string {
  const hash = createHash('sha256');
  for (const f of NODE_BUILD_INPUTS) hash.update(readFileSync(join(buildDir(), f)));
  return join(xdgDir('cache'), 'bin', `node-${nodeKubeVersion()}_${hash.digest('hex').slice(0, 8)}`);
}

/** Path of one built binary (it may not exist yet). */
export const nodeBinaryPath = (name: NodeBinaryName): string => join(nodeBinaryDir(), name);

/** Whether every node binary is in the cache. */
export const nodeBinariesReady = (): boolean => NODE_BINARIES.every((b) => existsSync(nodeBinaryPath(b)));

/**
 * Debian packages the real node needs, and when: `build` to compile runc (cgo with seccomp,
 * found through pkg-config), `run` by the node itself (busybox for the images the project
 * writes, iptables for kube-proxy and the node's traffic rules, nft to drop the nf_tables tables the
 * node created when it stops). scripts/install-node-deps.sh
 * installs them all.
 */
export const NODE_PACKAGES = [
  { name: 'gcc', need: 'build' },
  { name: 'libc6-dev', need: 'build' },
  { name: 'pkg-config', need: 'build' },
  { name: 'libseccomp-dev', need: 'build' },
  { name: 'busybox-static', need: 'run' },
  { name: 'iptables', need: 'run' },
  { name: 'nftables', need: 'run' },
] as const;

/**
 * Which of `packages` (Debian package names) are not installed, by `dpkg-query`'s status.
 * @throws ClusterError when this is not a Debian-like system (no dpkg-query)
 */
export async function missingPackages(packages: readonly string[]): Promise<string[]> {
  const { execa } = await import('execa');
  // One line per package dpkg knows; unknown packages only go to stderr (and exit 1).
  const res = await execa('dpkg-query', ['-W', '-f=${Package} ${db:Status-Status}\n', ...packages], {
    reject: false,
  });
  if (res.failed && res.exitCode === undefined) {
    throw new ClusterError(
      'The real node is built from Debian packages, but dpkg-query was not found; use a Debian or Ubuntu machine, ' +
        'or the k3s driver.',
    );
  }
  const installed = installedPackages(res.stdout);
  return packages.filter((p) => !installed.has(p));
}

/**
 * The packages installed according to `dpkg-query -W -f='${Package} ${db:Status-Status}\n'` output:
 * those whose status is `installed` (not `config-files`, `half-installed`, `unpacked`, ...; see
 * dpkg-query(1)), by name without an `:arch` suffix.
 */
export const installedPackages = (dpkgQueryOutput: string): Set<string> =>
  new Set(
    dpkgQueryOutput
      .split('\n')
      .map((l) => l.trim().split(' '))
      .filter(([, status]) => status === 'installed')
      .map(([name]) => name!.replace(/:.*$/, '')),
  );

/**
 * The Debian packages of {@link NODE_PACKAGES} that are not installed: those needed to `build`,
 * to `run` the node, or both (`all`).
 * @throws ClusterError when this is not a Debian-like system (no dpkg-query)
 */
export const missingNodePackages = (need: 'build' | 'run' | 'all' = 'all'): Promise<string[]> =>
  missingPackages(NODE_PACKAGES.filter((p) => need === 'all' || p.need === need).map((p) => p.name));

/**
 * The one-sentence advice for missing Debian packages, or undefined when none is missing.
 * @example installAdvice(['libseccomp-dev']) // "... run `apt-get install -y libseccomp-dev` as root ..."
 */
export function installAdvice(missing: readonly string[], purpose = 'The real node'): string | undefined {
  if (missing.length === 0) return undefined;
  return (
    `${purpose} needs Debian packages that are not installed (${missing.join(', ')}); ` +
    `run \`apt-get install -y ${missing.join(' ')}\` as root ` +
    '(or scripts/install-node-deps.sh from a clone) and try again.'
  );
}

/**
 * Builds the real node's binaries with `go` from the official modules unless they are cached
 * (build/node/build.sh; 5 to 15 minutes the first time on 2 cores, faster with Go's build cache),
 * reporting each step through `log`. Two processes that need them at once build once: the
 * second waits for the first under a file lock.
 * @returns the binary folder ({@link nodeBinaryDir})
 * @throws ClusterError when a build-time Debian package or Go is missing, or the build fails
 *   (the last lines of its output are included)
 */
export async function ensureNodeBinaries(log: Log): Promise<string> {
  const dir = nodeBinaryDir();
  await ensureGoBuild(
    {
      dir,
      ready: nodeBinariesReady,
      script: join(buildDir(), 'build.sh'),
      args: [dir, nodeKubeVersion()],
      waitMs: BUILD_WAIT_MS,
      precheck: async () => {
        const advice = installAdvice(await missingNodePackages('build'), "Building the real node's runc");
        if (advice) throw new ClusterError(advice);
      },
      noGo: 'Go is needed to build the real node, but `go` was not found; install Go 1.26.8 or newer and try again.',
      building:
        `Building the real node (kubelet ${nodeKubeVersion()}, containerd, runc, CNI plugins, crictl, CoreDNS) ` +
        'from the official Go modules (first run only, several minutes)...',
      failed: (tail) =>
        "Building the real node's binaries failed; check Go (1.26.8 or newer) and network access to the Go module " +
        `proxy. Last output:\n${tail}`,
      built: (seconds) => `Built in ${seconds} s; cached in ${dir}.`,
    },
    log,
  );
  return dir;
}

/** How long a second process waits for a first build of the node's binaries, in ms. */
const BUILD_WAIT_MS = 30 * 60_000;
