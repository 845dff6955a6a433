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

/**
 * The cache folder for this build: under $XDG_CACHE_HOME/cka-lab/bin, keyed by the
 * Kubernetes and kwok versions and a hash of the build inputs, so a change to go.mod
 * or build.sh builds afresh while clones of the same revision share one build.
 */
export function binaryDir(): string {
  const hash = createHash('sha256');
  for (const f of ['go.mod', 'go.sum', 'build.sh']) hash.update(readFileSync(join(buildDir(), f)));
  hash.update(KWOK_VERSION);
  return join(xdgDir('cache'), 'bin', `k8s-${kubeVersion()}_kwok-${KWOK_VERSION}_${hash.digest('hex').slice(0, 8)}`);
}

/** Path of one built binary (it may not exist yet). */
export const binaryPath = (name: BinaryName): string => join(binaryDir(), name);

/** Whether every binary is in the cache. */
export const binariesReady = (): boolean => BINARIES.every((b) => existsSync(binaryPath(b)));

/**
 * Builds the binaries with `go` from the official modules unless they are cached.
 * The first build takes minutes (the Go build cache makes later ones faster); it
 * reports each step through `log`. Two first runs at once (a test run beside `lab start`) build
 * once: the second waits for the first under a file lock.
 * @returns the binary folder
 * @throws ClusterError when Go is missing or the build fails (the last lines of its output are included)
 */
export async function ensureBinaries(log: Log): Promise<string> {
  const dir = binaryDir();
  await ensureGoBuild(
    {
      dir,
      ready: binariesReady,
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
