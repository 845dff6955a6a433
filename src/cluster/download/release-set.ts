import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expectedDigest } from './checksum.js';
import { DownloadError } from './errors.js';
import { fetchText, TRANSFER_DEFAULTS, type TransferOptions } from './fetch-file.js';
import type { ReleaseFile } from './manifest.js';
import type { DownloadProgress } from './progress.js';
import { verifiedDownload } from './verified.js';

/** How the first request (the reachability probe) and the transfers wait, in ms. */
export interface SetTimings {
  /**
   * The stall timeout of the first checksum document, which decides whether the release sites
   * can be reached at all; no retry. Short, so that a machine without the network builds at once.
   */
  probeMs: number;
  /** The transfers' stall timeout, retries and backoff (TRANSFER_DEFAULTS). */
  transfer: Omit<TransferOptions, 'onProgress'>;
}

/** Defaults: a release site that sends no answer in 3 s counts as unreachable. */
export const SET_TIMINGS: SetTimings = { probeMs: 3000, transfer: TRANSFER_DEFAULTS };

/** What a downloaded set took. */
export interface SetResult {
  /** Bytes transferred in this run (files resumed or kept from an interrupted run count their part). */
  bytes: number;
  elapsedMs: number;
}

/**
 * Downloads every file of `files` into `dir`, each checked against its published checksum before
 * it is kept. The checksum documents come first (the first one, with a short timeout and no
 * retry, tells whether the sites answer at all), so an unreachable site costs one failed request
 * and no partial binary. Files go to `<dir>.partial` and
 * the folder is renamed to `dir` once complete, so an interrupted run never leaves a folder that
 * looks complete; the next run keeps the files already verified there and resumes the one that
 * broke off.
 * @throws DownloadError for the first file that cannot be downloaded or verified
 */
export async function downloadReleaseSet(
  dir: string,
  files: readonly ReleaseFile[],
  progress: DownloadProgress,
  timings: SetTimings = SET_TIMINGS,
): Promise<SetResult> {
  const started = Date.now();
  const documents = new Map<string, string>();
  for (const file of files) {
    const url = file.checksum.url;
    if (documents.has(url)) continue;
    const first = documents.size === 0;
    const options = first
      ? { stallMs: timings.probeMs, retries: 0, backoffMs: 0 }
      : { ...timings.transfer, retries: Math.min(timings.transfer.retries, 2) };
    documents.set(url, await fetchText(url, options));
  }
  const digests = files.map((file) => {
    try {
      return expectedDigest(file.checksum, documents.get(file.checksum.url)!);
    } catch (err) {
      throw new DownloadError('checksum', (err as Error).message, { cause: err });
    }
  });

  const partial = `${dir}.partial`;
  mkdirSync(partial, { recursive: true });
  let bytes = 0;
  try {
    for (const [i, file] of files.entries()) {
      const dest = join(partial, file.name);
      if (existsSync(dest)) continue; // verified by an earlier, interrupted run
      const t0 = Date.now();
      const onProgress = progress.start(file.name);
      const size = await verifiedDownload(file, digests[i]!, dest, { ...timings.transfer, onProgress });
      progress.done(file.name, size, Date.now() - t0);
      bytes += size;
    }
  } finally {
    progress.stop();
  }
  mkdirSync(dirname(dir), { recursive: true });
  rmSync(dir, { recursive: true, force: true });
  renameSync(partial, dir);
  return { bytes, elapsedMs: Date.now() - started };
}
