import { createWriteStream, rmSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import pRetry, { AbortError } from 'p-retry';
import { say } from '../../i18n/current.js';
import { DownloadError } from './errors.js';
import { asDownloadError, getWithStall } from './http-get.js';

/** How a transfer waits and retries. */
export interface TransferOptions {
  /** Abort when nothing arrives (response headers or body bytes) for this long, in ms. */
  stallMs: number;
  /** Attempts after the first one; each resumes from the bytes already on disk when the server allows. */
  retries: number;
  /** The first pause between attempts, in ms; it doubles each time (p-retry's backoff). */
  backoffMs: number;
  /** Called as bytes arrive: bytes on disk so far, and the whole size when the server says it. */
  onProgress?: (bytes: number, total: number | undefined) => void;
}

/** Defaults for release binaries: a stalled site is given up after 20 s, a broken transfer resumed 4 times. */
export const TRANSFER_DEFAULTS: TransferOptions = { stallMs: 20_000, retries: 4, backoffMs: 500 };

/** Statuses worth another attempt; any other non-2xx answer will not change by asking again. */
const RETRY_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/** p-retry's options: exponential backoff from `backoffMs`; `offline` and most HTTP errors end at once. */
function retryOptions(options: Pick<TransferOptions, 'retries' | 'backoffMs'>) {
  return {
    retries: options.retries,
    minTimeout: options.backoffMs,
    factor: 2,
    randomize: false,
    shouldRetry: ({ error }: { error: Error }) => !(error instanceof DownloadError && error.kind === 'offline'),
  };
}

/** An HTTP answer that is not a success: retried for the statuses of RETRY_STATUS, final otherwise. */
function httpError(url: string, status: number): Error {
  const error = new DownloadError('http', say('download.http', { url, status }));
  return RETRY_STATUS.has(status) ? error : new AbortError(error);
}

/**
 * A small document (a checksum file, a release's JSON) as text, with the stall timeout and retries.
 * No retry after `offline`: a host that cannot be resolved or reached will not be in a second.
 * @throws DownloadError when every attempt fails
 */
export async function fetchText(
  url: string,
  options: Pick<TransferOptions, 'stallMs' | 'retries' | 'backoffMs'>,
): Promise<string> {
  return pRetry(async () => {
    const get = await getWithStall(url, options.stallMs, { accept: '*/*' });
    try {
      const status = get.response.statusCode ?? 0;
      if (status !== 200) {
        get.response.resume();
        throw httpError(url, status);
      }
      const chunks: Buffer[] = [];
      for await (const chunk of get.response) {
        get.poke();
        chunks.push(chunk as Buffer);
      }
      return Buffer.concat(chunks).toString('utf8');
    } catch (err) {
      if (err instanceof AbortError) throw err;
      throw asDownloadError(get.stalled() ?? err, url);
    } finally {
      get.stop();
    }
  }, retryOptions(options));
}

/** The size of a file, 0 when it does not exist. */
const sizeOf = (path: string): number => {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
};

/**
 * Downloads `url` into `part`, resuming a partial `part` with an HTTP Range request when the
 * server answers 206 (a server that ignores Range answers 200 and the file starts over). A
 * transfer that stalls, breaks off or ends short of its Content-Length is retried with backoff,
 * from where it stopped. The caller verifies and renames `part` (see verifiedDownload).
 * @returns the number of bytes in `part`
 * @throws DownloadError when the retries are spent, or at once for `offline` and final HTTP answers
 */
export async function fetchToFile(url: string, part: string, options: TransferOptions): Promise<number> {
  return pRetry(() => attempt(url, part, options), retryOptions(options));
}

/** One attempt of {@link fetchToFile}. */
async function attempt(url: string, part: string, options: TransferOptions): Promise<number> {
  const have = sizeOf(part);
  const headers: Record<string, string> = { accept: '*/*' };
  if (have > 0) headers.range = `bytes=${have}-`;
  const get = await getWithStall(url, options.stallMs, headers);
  const { response } = get;
  try {
    const status = response.statusCode ?? 0;
    let start = 0;
    if (status === 206) {
      const m = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(response.headers['content-range'] ?? '');
      start = m ? Number(m[1]) : -1;
      if (start !== have) throw new DownloadError('http', say('download.badRange', { url }));
    } else if (status === 416 && have > 0) {
      response.resume();
      // Nothing after byte `have`: the part is complete when the server's size is `have`.
      if (response.headers['content-range'] === `bytes */${have}`) return have;
      // Else the part is not a prefix the server can continue (a different file): start over.
      rmSync(part, { force: true });
      throw new DownloadError('truncated', say('download.badRange', { url }));
    } else if (status !== 200) {
      response.resume();
      throw httpError(url, status);
    }
    const length = Number(response.headers['content-length'] ?? NaN);
    const total = Number.isFinite(length) ? start + length : undefined;
    let bytes = start;
    options.onProgress?.(bytes, total);
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        get.poke();
        bytes += chunk.length;
        options.onProgress?.(bytes, total);
        done(null, chunk);
      },
    });
    await pipeline(response, count, createWriteStream(part, { flags: start > 0 ? 'a' : 'w' }));
    if (total !== undefined && bytes < total)
      throw new DownloadError('truncated', say('download.truncated', { url, bytes, total }));
    return bytes;
  } catch (err) {
    if (err instanceof AbortError) throw err;
    throw asDownloadError(get.stalled() ?? err, url);
  } finally {
    get.stop();
  }
}
