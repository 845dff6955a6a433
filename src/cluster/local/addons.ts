import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from '../../util/log.js';
import { contentRoot, xdgDir } from '../../util/paths.js';
import { ensureGoBuild, goAvailable } from '../go-build.js';
import { BUILD_ENV, etcdVersion, KWOK_VERSION, kubeVersion } from './binaries.js';
import { say } from '../../i18n/current.js';

/**
 * The local cluster's add-ons, by file name in their cache folder: metrics-server
 * (sigs.k8s.io/metrics-server, which `kubectl top` and HorizontalPodAutoscalers need).
 * Built by build/addons/build.sh, apart from the control plane (build/kube) so that adding
 * one never rebuilds Kubernetes.
 */
export const ADDON_BINARIES = ['metrics-server'] as const;
export type AddonName = (typeof ADDON_BINARIES)[number];

/** The files of build/addons whose content decides what gets built, and so the cache key. */
export const ADDON_BUILD_INPUTS = ['go.mod', 'go.sum', 'tools.go', 'build.sh'] as const;

/** The folder of the wrapper Go module (build/addons) that pins the add-ons' releases. */
const buildDir = (): string => join(contentRoot(), 'build', 'addons');

/**
 * The cache folder of the add-ons: $XDG_CACHE_HOME/cka-lab/bin/addons_<hash>, where the hash
 * (8 hex digits of SHA-256) covers every file of {@link ADDON_BUILD_INPUTS}, so a change to any
 * of them builds afresh while clones of the same revision share one build.
 */
export function addonBinaryDir(): string {
  const hash = createHash('sha256');
  for (const f of ADDON_BUILD_INPUTS) hash.update(readFileSync(join(buildDir(), f)));
  return join(xdgDir('cache'), 'bin', `addons_${hash.digest('hex').slice(0, 8)}`);
}

/** Path of one built add-on (it may not exist yet). */
export const addonBinaryPath = (name: AddonName): string => join(addonBinaryDir(), name);

/** Whether every add-on is in the cache. */
export const addonBinariesReady = (): boolean => ADDON_BINARIES.every((b) => existsSync(addonBinaryPath(b)));

/**
 * The release of metrics-server that build/addons/go.mod pins (`sigs.k8s.io/metrics-server vX.Y.Z`).
 * @throws Error when go.mod names none
 */
export function metricsServerVersion(): string {
  const m = /^\s*(?:require\s+)?sigs\.k8s\.io\/metrics-server (v\S+)/m.exec(
    readFileSync(join(buildDir(), 'go.mod'), 'utf8'),
  );
  if (!m) throw new Error(`build/addons/go.mod pins no sigs.k8s.io/metrics-server`);
  return m[1]!;
}

/**
 * The cache folder of the add-ons downloaded from their official releases (metrics-server's GitHub
 * release publishes `metrics-server-<os>-<arch>` since v0.8.0; cluster/releases.yaml), keyed by the
 * pinned release: $XDG_CACHE_HOME/cka-lab/bin/addons-download_<version>.
 */
export const downloadedAddonDir = (): string =>
  join(xdgDir('cache'), 'bin', `addons-download_${metricsServerVersion()}`);

/** cluster/addon-releases.yaml: where the add-ons' official release files are (cluster/releases.yaml's format). */
export const addonManifestPath = (): string => join(contentRoot(), 'cluster', 'addon-releases.yaml');

/** The add-ons' folder to use: the Go build when complete, else the download when complete, else undefined. */
export function readyAddonDir(): string | undefined {
  for (const dir of [addonBinaryDir(), downloadedAddonDir()])
    if (ADDON_BINARIES.every((b) => existsSync(join(dir, b)))) return dir;
  return undefined;
}

/** How long a second process waits for a first build of the add-ons, in ms (about 3 to 8 minutes on 2 cores). */
const BUILD_WAIT_MS = 30 * 60_000;

/**
 * Makes the add-ons ready unless cached: downloads metrics-server's official release binary
 * (checked against the digest GitHub publishes for it, cluster/releases.yaml) and, when that is
 * impossible or `--build` asks for it, builds them with `go` from their official modules
 * (build/addons/build.sh), reporting each step through `log`. Two processes that need them at
 * once build once: the second waits for the first under a file lock.
 * @returns the add-ons' folder, or undefined when they could not be downloaded and Go is missing
 *   (the local cluster then starts without them; see src/cluster/local/extras.ts)
 * @throws ClusterError when the build fails (the last lines of its output are included)
 */
export async function ensureAddonBinaries(log: Log): Promise<string | undefined> {
  const ready = readyAddonDir();
  if (ready) return ready;
  const buildAsked = process.env[BUILD_ENV] === '1';
  const version = metricsServerVersion();
  const downloaded = downloadedAddonDir();
  const { downloadBinaries } = await import('../download/binary-source.js');
  const { loadReleaseManifest } = await import('../download/manifest.js');
  // {metrics-server} in cluster/releases.yaml; the others only name the set in the first line.
  const versions = { kube: kubeVersion(), etcd: etcdVersion(), kwok: KWOK_VERSION, 'metrics-server': version };
  const manifest = loadReleaseManifest(addonManifestPath());
  if (await downloadBinaries(downloaded, ADDON_BINARIES, versions, buildAsked, log, { manifest })) return downloaded;
  const dir = addonBinaryDir();
  if (!(await goAvailable())) return undefined;
  await ensureGoBuild(
    {
      dir,
      ready: addonBinariesReady,
      script: join(buildDir(), 'build.sh'),
      args: [dir],
      waitMs: BUILD_WAIT_MS,
      noGo: say('local.noGo'),
      building: say('local.buildingAddons', { names: ADDON_BINARIES.join(', ') }),
      failed: (tail) => say('local.addonsFailed', { tail }),
      built: (seconds) => say('local.builtAddons', { seconds, dir }),
    },
    log,
  );
  return dir;
}
