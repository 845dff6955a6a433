import type { Log } from '../../util/log.js';
import { say } from '../../i18n/current.js';

/** Shows the progress of a set of downloads, one file after another. */
export interface DownloadProgress {
  /** A file starts (or resumes); returns the callback its transfer reports bytes to. */
  start(name: string): (bytes: number, total: number | undefined) => void;
  /** The file is downloaded and verified: `bytes` in `ms`. */
  done(name: string, bytes: number, ms: number): void;
  /** Ends the display (also after a failure). */
  stop(): void;
}

/** Bytes in MB with one decimal (1 MB = 10^6 bytes, as download sizes are usually given). */
export const megabytes = (bytes: number): string => (bytes / 1e6).toFixed(1);

/** A transfer rate in MB/s with one decimal; 0.0 before any time has passed. */
export const rate = (bytes: number, ms: number): string => (ms > 0 ? ((bytes / ms) * 1000) / 1e6 : 0).toFixed(1);

/**
 * A progress bar on a terminal (cli-progress, on stderr): `kube-apiserver [████░░░░] 41.2/98.1 MB
 * 12.3 MB/s`; without a terminal (CI, pipes) one line per file when it is verified.
 * @param log the log the per-file lines go to (its `info` settles any spinner before the bar draws)
 */
export async function downloadProgress(log: Log): Promise<DownloadProgress> {
  const tty = process.stderr.isTTY && (process.stderr.columns ?? 0) > 0 && !process.env.CI;
  if (!tty) return lineProgress(log);
  const { SingleBar } = (await import('cli-progress')).default;
  const bar = new SingleBar({
    stream: process.stderr,
    format: '{name} [{bar}] {done}/{size} MB  {rate} MB/s',
    barsize: 30,
    hideCursor: true,
    clearOnComplete: true,
    fps: 8,
  });
  let started = 0;
  let from = 0;
  let running = false;
  return {
    start(name) {
      started = Date.now();
      from = -1;
      return (bytes, total) => {
        if (from < 0) from = bytes; // resumed bytes do not count in the rate
        const payload = {
          name,
          done: megabytes(bytes),
          size: total === undefined ? '?' : megabytes(total),
          rate: rate(bytes - from, Date.now() - started),
        };
        if (!running) {
          bar.start(total ?? 0, bytes, payload);
          running = true;
        } else {
          if (total !== undefined) bar.setTotal(total);
          bar.update(bytes, payload);
        }
      };
    },
    done(name, bytes, ms) {
      if (running) bar.stop();
      running = false;
      log.info(fileDone(name, bytes, ms));
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}

/** Progress without a terminal: a line per verified file. */
export function lineProgress(log: Log): DownloadProgress {
  return {
    start: () => () => {},
    done: (name, bytes, ms) => log.info(fileDone(name, bytes, ms)),
    stop: () => {},
  };
}

/** The line for one verified file: its name, size in MB, seconds and rate. */
const fileDone = (name: string, bytes: number, ms: number): string =>
  say('download.fileDone', { name, size: megabytes(bytes), seconds: (ms / 1000).toFixed(1), rate: rate(bytes, ms) });
