import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterError } from '../../errors.js';
import { ensureGoBuild } from '../go-build.js';
import type { Log } from '../../util/log.js';
import { contentRoot, xdgDir } from '../../util/paths.js';
import { say } from '../../i18n/current.js';

/** kwok and kwokctl release built from sigs.k8s.io/kwok. */
export const KWOK_VERSION = 'v0.8.0';

/** The binaries the local driver needs, by file name in the cache folder. */
export const BINARIES = [
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kubectl',
  'etcd',
  'kwok',
  'kwokctl',
] as const;
export type BinaryName = (typeof BINARIES)[number];

/** The folder of the wrapper Go module (build/kube) that pins the Kubernetes release. */
const buildDir = (): string => join(contentRoot(), 'build', 'kube');

/** The Kubernetes release pinned in build/kube/go.mod, e.g. `v1.35.4`. */
export function kubeVersion(): string {
  const mod = readFileSync(join(buildDir(), 'go.mod'), 'utf8');
  const m = /k8s\.io\/kubernetes (v[0-9.]+)/.exec(mod);
  if (!m) throw new ClusterError(say('local.noKubernetes'));
  return m[1]!;
}

/** The etcd release pinned in build/kube/go.mod (go.etcd.io/etcd/server/v3), e.g. `v3.6.5`. */
export function etcdVersion(): string {
  const m = /go\.etcd\.io\/etcd\/server\/v3 (v[0-9.]+)/.exec(readFileSync(join(buildDir(), 'go.mod'), 'utf8'));
  if (!m) throw new ClusterError(say('local.noKubernetes'));
  return m[1]!;
}

/**
 * The cache folder of a build from the Go modules: under $XDG_CACHE_HOME/cka-lab/bin, keyed by the
 * Kubernetes and kwok versions and a hash of the build inputs, so a change to go.mod
 * or build.sh builds afresh while clones of the same revision share one build.
 */
export function builtBinaryDir(): string {
  const hash = createHash('sha256');
  for (const f of ['go.mod', 'go.sum', 'build.sh']) hash.update(readFileSync(join(buildDir(), f)));
  hash.update(KWOK_VERSION);
  return join(xdgDir('cache'), 'bin', `k8s-${kubeVersion()}_kwok-${KWOK_VERSION}_${hash.digest('hex').slice(0, 8)}`);
}

/**
 * The cache folder of the official release binaries (src/cluster/download), beside the built one
 * and with the same file names: keyed by the versions, "download" and a hash of
 * cluster/releases.yaml, so a changed manifest downloads afresh.
 */
export function downloadedBinaryDir(): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(join(contentRoot(), 'cluster', 'releases.yaml')));
  hash.update(`${kubeVersion()} ${etcdVersion()} ${KWOK_VERSION}`);
  const key = `k8s-${kubeVersion()}_kwok-${KWOK_VERSION}_download-${hash.digest('hex').slice(0, 8)}`;
  return join(xdgDir('cache'), 'bin', key);
}

/** Whether `dir` holds every binary. */
const complete = (dir: string): boolean => BINARIES.every((b) => existsSync(join(dir, b)));

/**
 * The folder the local driver takes its binaries from: the built set when it is complete (a
 * build, asked for with --build or made before downloads existed, wins), else the downloaded
 * set when complete, else the built set's folder (not there yet; ensureBinaries fills one).
 */
export function binaryDir(): string {
  const built = builtBinaryDir();
  if (complete(built)) return built;
  const downloaded = downloadedBinaryDir();
  return complete(downloaded) ? downloaded : built;
}

/** Path of one binary of the local driver (it may not exist yet). */
export const binaryPath = (name: BinaryName): string => join(binaryDir(), name);

/** Whether every binary is in the cache (built or downloaded). */
export const binariesReady = (): boolean => BINARIES.every((b) => existsSync(binaryPath(b)));

/** The environment variable `--build` sets (`1`): build from the Go modules, never download. */
export const BUILD_ENV = 'CKA_LAB_BUILD';

/**
 * Makes the binaries ready unless a complete set is cached: downloads the official release
 * binaries (src/cluster/download, each checked against its published checksum) and, when that
 * is impossible (no network, a platform without release binaries, a failed or mismatching file)
 * or `CKA_LAB_BUILD=1` (`--build`) asks for it, builds them with `go` from the official modules.
 * Either path says in a line which one it takes. The first build takes minutes (the Go build
 * cache makes later ones faster); it reports each step through `log`. Two first runs at once (a
 * test run beside `lab start`) download or build once: the second waits under a file lock.
 * @returns the binary folder
 * @throws ClusterError when the download is impossible and Go is missing or the build fails
 *   (the last lines of its output are included)
 */
export async function ensureBinaries(log: Log): Promise<string> {
  const buildAsked = process.env[BUILD_ENV] === '1';
  const dir = builtBinaryDir();
  if (complete(dir)) return dir;
  const downloaded = downloadedBinaryDir();
  if (!buildAsked && complete(downloaded)) return downloaded;
  // Loaded only for a first run: the manifest reader needs valibot and a YAML parser.
  const { downloadBinaries } = await import('../download/binary-source.js');
  const versions = { kube: kubeVersion(), etcd: etcdVersion(), kwok: KWOK_VERSION };
  if (await downloadBinaries(downloaded, BINARIES, versions, buildAsked, log)) return downloaded;
  await ensureGoBuild(
    {
      dir,
      ready: () => complete(dir),
      script: join(buildDir(), 'build.sh'),
      args: [dir, kubeVersion(), KWOK_VERSION],
      waitMs: BUILD_WAIT_MS,
      noGo: say('local.noGo'),
      building: say('local.building', { kube: kubeVersion(), kwok: KWOK_VERSION }),
      failed: (tail) => say('local.buildFailed', { tail }),
      built: (seconds) => say('local.built', { seconds, dir }),
    },
    log,
  );
  return dir;
}

/** How long a second process waits for a first build of the binaries, in ms (a cold build takes 5 to 15 minutes). */
const BUILD_WAIT_MS = 30 * 60_000;
