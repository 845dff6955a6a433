import type { IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { say } from '../../i18n/current.js';
import { DownloadError, isOffline, networkCode } from './errors.js';

/** Redirects followed before giving up (release sites redirect once or twice, to their CDN). */
const MAX_REDIRECTS = 5;

/** An answer to {@link getWithStall}: the response (body unread) and its stall timer. */
export interface StalledGet {
  response: IncomingMessage;
  /** Pushes the stall timer on; call it for every body chunk. */
  poke(): void;
  /** Stops the timer (when the body is read or given up). */
  stop(): void;
  /** The timeout error when the timer fired, else undefined: the reason a body read broke off. */
  stalled(): DownloadError | undefined;
}

/**
 * GETs `url` with node:http(s), following redirects, with a stall timer: the request is aborted
 * when no headers or body bytes arrive for `stallMs`. Node's `fetch` is not used: the undici it
 * bundles (Node 24.21) can crash the process with an uncatchable assertion when a server closes
 * the connection while a body is read under backpressure (nodejs/undici#5360).
 * @throws DownloadError `offline` when the host cannot be reached, `timeout`, or `network`
 */
export async function getWithStall(url: string, stallMs: number, headers: Record<string, string>): Promise<StalledGet> {
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let fired: DownloadError | undefined;
  const poke = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      fired = new DownloadError('timeout', say('download.stalled', { url, seconds: stallMs / 1000 }));
      abort.abort(fired);
    }, stallMs);
  };
  const stop = (): void => clearTimeout(timer);
  poke();
  try {
    const response = await follow(url, headers, abort.signal, MAX_REDIRECTS);
    poke();
    return { response, poke, stop, stalled: () => fired };
  } catch (err) {
    stop();
    throw asDownloadError(fired ?? err, url);
  }
}

/** One GET; a 3xx with a Location is followed (with the same headers, Range included). */
function follow(
  url: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  left: number,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(target, { headers, signal }, (response) => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location && left > 0) {
        response.resume();
        follow(new URL(location, target).toString(), headers, signal, left - 1).then(resolve, reject);
        return;
      }
      resolve(response);
    });
    req.on('error', reject);
    req.end();
  });
}

/**
 * A failed request as a DownloadError: `offline` when the host cannot be reached, the
 * DownloadError itself (a stall), else `network` with the reason.
 */
export function asDownloadError(err: unknown, url: string): DownloadError {
  if (err instanceof DownloadError) return err;
  const cause = (err as { cause?: unknown } | undefined)?.cause;
  if (cause instanceof DownloadError) return cause;
  if (isOffline(err)) {
    const host = new URL(url).host;
    return new DownloadError('offline', say('download.offline', { host, code: networkCode(err)! }), { cause: err });
  }
  const reason = err instanceof Error ? err.message : String(err);
  return new DownloadError('network', say('download.failed', { url, reason }), { cause: err });
}
