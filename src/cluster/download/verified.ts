import { chmodSync, renameSync, rmSync } from 'node:fs';
import { say } from '../../i18n/current.js';
import { fileDigest } from './checksum.js';
import { DownloadError } from './errors.js';
import { extractMember } from './extract.js';
import { fetchToFile, type TransferOptions } from './fetch-file.js';
import type { ReleaseFile } from './manifest.js';

/**
 * Downloads one release file to `<dest>.part`, checks it against `digest` before anything uses
 * it, then renames it to `dest` (or, for an archive, extracts its `member` to `dest` and deletes
 * the archive), executable. A part left by an interrupted run is resumed.
 * @param digest the expected digest in hex, of `file.checksum.algorithm` (see expectedDigest)
 * @returns the bytes downloaded (the archive's size for an archive)
 * @throws DownloadError `checksum` when the file does not match (the part is deleted), or the
 *   transfer's DownloadError
 */
export async function verifiedDownload(
  file: ReleaseFile,
  digest: string,
  dest: string,
  options: TransferOptions,
): Promise<number> {
  const part = `${dest}.part`;
  const bytes = await fetchToFile(file.url, part, options);
  const actual = await fileDigest(part, file.checksum.algorithm);
  if (actual !== digest) {
    rmSync(part, { force: true });
    throw new DownloadError(
      'checksum',
      say('download.mismatch', { file: file.name, url: file.url, algorithm: file.checksum.algorithm }),
    );
  }
  if (file.member) {
    // Extracted beside `dest` and renamed, so an interrupted extraction never looks complete.
    const extracting = `${dest}.extract`;
    try {
      await extractMember(part, file.member, extracting);
      renameSync(extracting, dest);
    } catch (err) {
      rmSync(extracting, { force: true });
      throw new DownloadError('archive', (err as Error).message, { cause: err });
    } finally {
      rmSync(part, { force: true });
    }
  } else {
    renameSync(part, dest);
  }
  chmodSync(dest, 0o755);
  return bytes;
}
