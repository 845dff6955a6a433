import { lookup } from 'node:dns/promises';
import { createWriteStream, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import pRetry, { AbortError } from 'p-retry';
import { say } from '../../i18n/current.js';
import { DownloadError, isOffline, networkCode } from './errors.js';

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

/**
 * Fetches `url` with a stall timer: the request is aborted when no headers or body bytes arrive
 * for `stallMs`. The timer is returned so the body reader can push it on.
 */
async function fetchWithStall(
  url: string,
  stallMs: number,
  headers: Record<string, string>,
): Promise<{ response: Response; poke: () => void; stop: () => void }> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const poke = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => abort.abort(new DownloadError('timeout', stalled(url, stallMs))), stallMs);
  };
  const stop = (): void => clearTimeout(timer);
  poke();
  try {
    const response = await fetch(url, { headers, signal: abort.signal, redirect: 'follow' });
    poke();
    return { response, poke, stop };
  } catch (err) {
    stop();
    throw asDownloadError(err, url);
  }
}

const stalled = (url: string, ms: number): string => say('download.stalled', { url, seconds: ms / 1000 });

/** A fetch failure as a DownloadError: `offline` when the host cannot be reached, else `timeout`/the error itself. */
function asDownloadError(err: unknown, url: string): DownloadError {
  if (err instanceof DownloadError) return err;
  const reason = (err as { cause?: unknown })?.cause ?? err;
  if (reason instanceof DownloadError) return reason;
  if (isOffline(err))
    return new DownloadError('offline', say('download.offline', { host: new URL(url).host, code: networkCode(err)! }), {
      cause: err,
    });
  return new DownloadError(
    'network',
    say('download.failed', { url, reason: String((reason as Error)?.message ?? reason) }),
    {
      cause: err,
    },
  );
}

/**
 * Resolves the host of `url` (the system resolver, as fetch does) before the first request: a
 * machine without the network learns it in milliseconds, without loading Node's HTTP client
 * (the first `fetch` of a process costs 0.5 to 1 s on a busy 2-core machine).
 * @throws DownloadError `offline` when the name does not resolve; `timeout` after `ms`
 */
export async function assertResolvable(url: string, ms: number): Promise<void> {
  const { hostname } = new URL(url);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DownloadError('timeout', stalled(url, ms))), ms);
  });
  try {
    await Promise.race([lookup(hostname.replace(/^\[|\]$/g, '')), timeout]);
  } catch (err) {
    throw asDownloadError(err, url);
  } finally {
    clearTimeout(timer);
  }
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
    const { response, stop } = await fetchWithStall(url, options.stallMs, { accept: '*/*' });
    try {
      if (!response.ok) throw httpError(url, response.status);
      return await response.text();
    } catch (err) {
      throw asDownloadError(err, url);
    } finally {
      stop();
    }
  }, retryOptions(options));
}

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
  const { response, poke, stop } = await fetchWithStall(url, options.stallMs, headers);
  try {
    let start = 0;
    if (response.status === 206) {
      const m = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(response.headers.get('content-range') ?? '');
      start = m ? Number(m[1]) : -1;
      if (start !== have) throw new DownloadError('http', say('download.badRange', { url }));
    } else if (response.status === 416 && have > 0) {
      // Nothing after byte `have`: the part is complete when the server's size is `have`.
      if (response.headers.get('content-range') === `bytes */${have}`) return have;
      // Else the part is not a prefix the server can continue (a different file): start over.
      rmSync(part, { force: true });
      throw new DownloadError('truncated', say('download.badRange', { url }));
    } else if (response.status !== 200) {
      throw httpError(url, response.status);
    }
    const length = Number(response.headers.get('content-length') ?? NaN);
    const total = Number.isFinite(length) ? start + length : undefined;
    const out = createWriteStream(part, { flags: start > 0 ? 'a' : 'w' });
    let bytes = start;
    options.onProgress?.(bytes, total);
    try {
      for await (const chunk of response.body ?? []) {
        poke();
        bytes += (chunk as Uint8Array).length;
        if (!out.write(chunk)) await once(out, 'drain');
        options.onProgress?.(bytes, total);
      }
    } finally {
      out.end();
      await finished(out);
    }
    if (total !== undefined && bytes < total)
      throw new DownloadError('truncated', say('download.truncated', { url, bytes, total }));
    return bytes;
  } catch (err) {
    if (err instanceof AbortError) throw err;
    throw asDownloadError(err, url);
  } finally {
    stop();
  }
}
