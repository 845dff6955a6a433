import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { ChecksumSource } from './manifest.js';

/** Hex digits of each algorithm's digest. */
const HEX_LENGTH = { sha256: 64, sha512: 128 } as const;

/**
 * The expected digest of one file, read from the checksum document its release publishes.
 * - `hex`: dl.k8s.io's `<file>.sha256`/`.sha512`, the digest alone (a trailing file name is allowed)
 * - `sums`: `sha256sum`/`shasum -a 256` lines `<digest>  <name>` (or `<digest> *<name>`); the
 *   line of `source.entry`
 * - `github-digest`: GitHub's release JSON (REST "Get a release"), the asset named
 *   `source.entry`, whose `digest` is `sha256:<hex>`
 * @returns the digest in lower-case hex
 * @throws Error (one sentence) when the document holds no digest of the right length for the file
 */
export function expectedDigest(source: ChecksumSource, document: string): string {
  const length = HEX_LENGTH[source.algorithm];
  const isDigest = (s: string | undefined): s is string => !!s && new RegExp(`^[0-9a-fA-F]{${length}}$`).test(s);
  let digest: string | undefined;
  if (source.format === 'hex') {
    digest = document.trim().split(/\s+/)[0];
  } else if (source.format === 'sums') {
    for (const line of document.split('\n')) {
      const m = /^([0-9a-fA-F]+)\s+\*?(.+?)\s*$/.exec(line.trim());
      if (m && m[2] === source.entry) digest = m[1];
    }
  } else {
    let release: { assets?: { name?: string; digest?: string | null }[] };
    try {
      release = JSON.parse(document) as typeof release;
    } catch {
      throw new Error(`${source.url} is not GitHub release JSON`);
    }
    const asset = release.assets?.find((a) => a.name === source.entry);
    const [algorithm, hex] = (asset?.digest ?? '').split(':');
    if (algorithm === source.algorithm) digest = hex;
  }
  if (!isDigest(digest))
    throw new Error(`${source.url} holds no ${source.algorithm} for ${source.entry ?? 'the file'}`);
  return digest.toLowerCase();
}

/**
 * The digest of a file on disk, streamed (release binaries are up to ~100 MB).
 * @returns lower-case hex
 */
export async function fileDigest(path: string, algorithm: 'sha256' | 'sha512'): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
