/**
 * Why a download did not give a verified file. `offline` and `timeout` before any byte arrived
 * mean the release site cannot be reached from here (the caller builds instead, without waiting).
 * - `offline`: no route to the host (DNS, refused or unreachable connection)
 * - `timeout`: nothing arrived for the stall timeout (headers or body)
 * - `network`: the connection broke off (the transfer is resumed when retried)
 * - `http`: an answer other than 200/206
 * - `truncated`: the body ended before its Content-Length
 * - `archive`: a release archive does not hold the binary the manifest names
 * - `checksum`: the file does not match its published checksum (the file is deleted), or the
 *   checksum document holds none for it
 */
export type DownloadFailure = 'offline' | 'timeout' | 'network' | 'http' | 'truncated' | 'archive' | 'checksum';

/** A download that failed; `message` is one sentence for a person (the reason, no advice). */
export class DownloadError extends Error {
  constructor(
    readonly kind: DownloadFailure,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DownloadError';
  }
}

/** Error codes of Node's network stack that mean the host cannot be reached at all. */
const OFFLINE_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The Node error code behind a failed `fetch` (its `cause`, or the cause's cause), if any. */
export function networkCode(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 4; e = e.cause as typeof e, i++)
    if (typeof e.code === 'string') return e.code;
  return undefined;
}

/** Whether a failed `fetch` means that the host cannot be reached (no DNS, refused, unreachable). */
export const isOffline = (err: unknown): boolean => OFFLINE_CODES.has(networkCode(err) ?? '');
