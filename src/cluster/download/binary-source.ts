import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { say } from '../../i18n/current.js';
import { withFileLock } from '../../util/lock.js';
import type { Log } from '../../util/log.js';
import { DownloadError } from './errors.js';
import {
  hostPlatform,
  loadReleaseManifest,
  MIRROR_ENV,
  planRelease,
  type Platform,
  type ReleaseManifest,
  type ReleasePlan,
  type ReleaseVersions,
} from './manifest.js';
import { downloadProgress, megabytes, type DownloadProgress } from './progress.js';
import { downloadReleaseSet, SET_TIMINGS, type SetTimings } from './release-set.js';

/** Where the local cluster's binaries come from: the official release files, or a Go build. */
export type BinarySource =
  { source: 'download'; plan: ReleasePlan & { missing: [] } } | { source: 'build'; reason: string };

/**
 * Decides how to get the binaries before any request: a build when `--build` asks for it or
 * when the release lacks a file for this platform (Kubernetes publishes no darwin server
 * binaries), else a download. Whether the sites answer is found out by the download itself.
 */
export function chooseSource(buildAsked: boolean, plan: ReleasePlan, platform: Platform): BinarySource {
  if (buildAsked) return { source: 'build', reason: say('download.buildAsked') };
  if (plan.missing.length)
    return { source: 'build', reason: say('download.notPublished', { platform, names: plan.missing.join(', ') }) };
  return { source: 'download', plan: plan as ReleasePlan & { missing: [] } };
}

/** What {@link downloadBinaries} may be handed instead of the real manifest, platform and timings (tests). */
export interface DownloadSetup {
  manifest?: ReleaseManifest;
  platform?: Platform;
  /** Defaults to the CKA_LAB_DOWNLOAD_MIRROR environment variable. */
  mirror?: string;
  timings?: SetTimings;
  progress?: DownloadProgress;
}

/** How long a second process waits for a first download of the set, in ms. */
const DOWNLOAD_WAIT_MS = 30 * 60_000;

/**
 * Downloads the official release files of `names` into `dir` (see cluster/releases.yaml), each
 * verified against its published checksum, unless `buildAsked` or the platform lacks one of
 * them. Any failure (no network, a stalled or broken transfer after its retries, a checksum
 * mismatch) is logged in one line and answered with `false`: the caller builds instead. Two
 * processes at once download once (a file lock beside `dir`).
 * @returns true when `dir` holds every file, verified; false when the caller should build
 */
export async function downloadBinaries(
  dir: string,
  names: readonly string[],
  versions: ReleaseVersions,
  buildAsked: boolean,
  log: Log,
  setup: DownloadSetup = {},
): Promise<boolean> {
  const platform = setup.platform ?? hostPlatform();
  const manifest = setup.manifest ?? loadReleaseManifest();
  const mirror = setup.mirror ?? (process.env[MIRROR_ENV] || undefined);
  const choice = chooseSource(buildAsked, planRelease(manifest, names, platform, versions, mirror), platform);
  if (choice.source === 'build') {
    log.info(say('download.building', { reason: choice.reason }));
    return false;
  }
  const ready = (): boolean => names.every((n) => existsSync(`${dir}/${n}`));
  mkdirSync(dirname(dir), { recursive: true });
  try {
    return await withFileLock(
      `${dir}.download`,
      async () => {
        if (ready()) return true;
        log.info(say('download.starting', { ...versions, platform })); // a line that stays: the bar draws below it
        const progress = setup.progress ?? (await downloadProgress(log));
        const result = await downloadReleaseSet(dir, choice.plan.files, progress, setup.timings ?? SET_TIMINGS);
        log.info(
          say('download.done', {
            count: names.length,
            size: megabytes(result.bytes),
            seconds: (result.elapsedMs / 1000).toFixed(1),
            dir,
          }),
        );
        return true;
      },
      DOWNLOAD_WAIT_MS,
    );
  } catch (err) {
    if (!(err instanceof DownloadError)) throw err;
    const line = say('download.building', { reason: err.message });
    // No network is the normal case offline: said plainly. A broken or wrong file is a warning.
    if (err.kind === 'offline' || err.kind === 'timeout') log.info(line);
    else log.warn(line);
    return false;
  }
}
