import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from '../../util/log.js';
import { contentRoot, xdgDir } from '../../util/paths.js';
import { ensureGoBuild } from '../go-build.js';
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

/** How long a second process waits for a first build of the add-ons, in ms (about 3 to 8 minutes on 2 cores). */
const BUILD_WAIT_MS = 30 * 60_000;

/**
 * Builds the add-ons with `go` from their official modules unless they are cached
 * (build/addons/build.sh), reporting each step through `log`. Two processes that need them at
 * once build once: the second waits for the first under a file lock.
 * @returns the add-ons' folder ({@link addonBinaryDir})
 * @throws ClusterError when Go is missing or the build fails (the last lines of its output are included)
 */
export async function ensureAddonBinaries(log: Log): Promise<string> {
  const dir = addonBinaryDir();
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
