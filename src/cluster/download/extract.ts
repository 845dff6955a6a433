import { createReadStream, createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';

/**
 * Copies one regular file out of a .tar.gz archive (etcd's release tarball holds
 * `etcd-<version>-<os>-<arch>/etcd` beside etcdctl, etcdutl and documentation).
 * @param member the path inside the archive; a leading `./` in the archive is ignored
 * @throws Error (one sentence) when the archive does not hold `member` or cannot be read
 */
export async function extractMember(archive: string, member: string, dest: string): Promise<void> {
  const tar = extract();
  let found = false;
  const done = new Promise<void>((resolve, reject) => {
    tar.on('entry', (header, stream, next) => {
      const name = header.name.replace(/^\.\//, '');
      if (found || name !== member || header.type !== 'file') {
        stream.on('end', next);
        stream.resume();
        return;
      }
      found = true;
      pipeline(stream, createWriteStream(dest, { mode: 0o755 })).then(() => next(), reject);
    });
    tar.on('finish', resolve);
    tar.on('error', reject);
  });
  await Promise.all([pipeline(createReadStream(archive), createGunzip(), tar), done]);
  if (!found) throw new Error(`${archive} holds no ${member}`);
}
