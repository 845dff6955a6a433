import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { extract } from 'tar-stream';
import {
  CONTAINERD_NAME_ANNOTATION,
  MediaType,
  OCI_REF_ANNOTATION,
  refTag,
  writeImageArchive,
  writeLayer,
} from '../../src/cluster/realnode/image-tar.js';

const dir = mkdtempSync(join(tmpdir(), 'cka-lab-image-tar-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface TarEntry {
  name: string;
  type: string;
  mode: number;
  uid: number;
  linkname: string | null;
  mtime: number;
  body: Buffer;
}

/** Every entry of a tar (in order), with its content. */
async function readTar(data: Buffer): Promise<TarEntry[]> {
  const out: TarEntry[] = [];
  const ex = extract();
  const done = new Promise<void>((ok, fail) => {
    ex.on('finish', ok);
    ex.on('error', fail);
  });
  ex.on('entry', (h, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => void chunks.push(c as Buffer));
    stream.on('end', () => {
      out.push({
        name: h.name,
        type: h.type ?? 'file',
        mode: h.mode ?? 0,
        uid: h.uid ?? 0,
        linkname: h.linkname ?? null,
        mtime: h.mtime?.getTime() ?? -1,
        body: Buffer.concat(chunks),
      });
      next();
    });
    stream.resume();
  });
  ex.end(data);
  await done;
  return out;
}

const sha = (b: Buffer) => `sha256:${createHash('sha256').update(b).digest('hex')}`;

describe('image references', () => {
  it('takes the tag of a normalised reference for the OCI annotation', () => {
    expect(refTag('localhost:5000/app')).toBe('latest');
    expect(refTag('registry.k8s.io/coredns/coredns:v1.15.0')).toBe('v1.15.0');
    expect(refTag('busybox')).toBe('latest');
  });
});

describe('writeLayer', () => {
  it('writes a sorted, reproducible gzip tar whose digests match its bytes', async () => {
    const src = join(dir, 'hello.txt');
    writeFileSync(src, 'hello\n', { mode: 0o755 });
    const entries = [
      { path: '/usr/bin/hello', type: 'file' as const, source: src },
      { path: '/etc/motd', type: 'file' as const, content: 'hi\n', mode: 0o600, uid: 101, gid: 101 },
      { path: '/bin/sh', type: 'symlink' as const, target: '/usr/bin/hello' },
      { path: '/tmp', type: 'dir' as const, mode: 0o1777 },
    ];
    const a = await writeLayer(entries, join(dir, 'a.tgz'));
    const b = await writeLayer([...entries].reverse(), join(dir, 'b.tgz'));
    expect(b.digest).toBe(a.digest); // order of the input and time of writing do not matter

    const gz = readFileSync(a.file);
    expect(a.digest).toBe(sha(gz));
    expect(a.size).toBe(gz.length);
    const plain = gunzipSync(gz);
    expect(a.diffId).toBe(sha(plain));

    const tar = await readTar(plain);
    expect(tar.map((e) => e.name)).toEqual([
      'bin',
      'bin/sh',
      'etc',
      'etc/motd',
      'tmp',
      'usr',
      'usr/bin',
      'usr/bin/hello',
    ]);
    const byName = Object.fromEntries(tar.map((e) => [e.name, e]));
    expect(byName['usr/bin/hello']).toMatchObject({ type: 'file', mode: 0o755, uid: 0, mtime: 0 });
    expect(byName['usr/bin/hello']!.body.toString()).toBe('hello\n');
    expect(byName['etc/motd']).toMatchObject({ mode: 0o600, uid: 101 });
    expect(byName['bin/sh']).toMatchObject({ type: 'symlink', linkname: '/usr/bin/hello' });
    expect(byName.tmp).toMatchObject({ type: 'directory', mode: 0o1777 });
  });

  it('fails on a missing source file', async () => {
    await expect(
      writeLayer([{ path: '/x', type: 'file', source: join(dir, 'missing') }], join(dir, 'c.tgz')),
    ).rejects.toThrow(/ENOENT/);
  });
});

describe('writeImageArchive', () => {
  it('writes an OCI layout that names every reference and whose digests all match', async () => {
    const layer = await writeLayer([{ path: '/pause', type: 'file', content: 'x', mode: 0o755 }], join(dir, 'l.tgz'));
    const refs = ['registry.k8s.io/pause:3.10.1', 'nginx:1.27', 'busybox'];
    const out = join(dir, 'image.tar');
    const archive = await writeImageArchive(out, {
      layers: [layer, layer],
      refs,
      runtime: { entrypoint: ['/pause'], user: '65535:65535', exposedPorts: ['80', '53/udp'], env: ['A=b'] },
      arch: 'amd64',
    });
    const file = readFileSync(out);
    expect(archive.size).toBe(file.length);
    const tar = await readTar(file);
    const byName = new Map(tar.map((e) => [e.name, e.body]));
    expect(tar.map((e) => e.name).slice(0, 2)).toEqual(['oci-layout', 'index.json']);
    expect(JSON.parse(byName.get('oci-layout')!.toString())).toEqual({ imageLayoutVersion: '1.0.0' });

    // Every blob is stored under the sha256 of its own bytes.
    const blobs = tar.filter((e) => e.name.startsWith('blobs/'));
    expect(blobs.length).toBe(3); // manifest, config, one layer (stored once though listed twice)
    for (const b of blobs) expect(`sha256:${b.name.slice('blobs/sha256/'.length)}`).toBe(sha(b.body));
    const blob = (digest: string) => byName.get(`blobs/sha256/${digest.slice(7)}`)!;

    const index = JSON.parse(byName.get('index.json')!.toString());
    expect(index).toMatchObject({ schemaVersion: 2, mediaType: MediaType.index });
    expect(index.manifests.map((m: { annotations: Record<string, string> }) => m.annotations)).toEqual([
      { [CONTAINERD_NAME_ANNOTATION]: 'registry.k8s.io/pause:3.10.1', [OCI_REF_ANNOTATION]: '3.10.1' },
      { [CONTAINERD_NAME_ANNOTATION]: 'docker.io/library/nginx:1.27', [OCI_REF_ANNOTATION]: '1.27' },
      { [CONTAINERD_NAME_ANNOTATION]: 'docker.io/library/busybox:latest', [OCI_REF_ANNOTATION]: 'latest' },
    ]);
    for (const m of index.manifests) {
      expect(m).toMatchObject({ mediaType: MediaType.manifest, digest: archive.manifestDigest });
      expect(m.platform).toEqual({ architecture: 'amd64', os: 'linux' });
      expect(m.size).toBe(blob(m.digest).length);
    }

    const manifest = JSON.parse(blob(archive.manifestDigest).toString());
    expect(manifest.config).toEqual({
      mediaType: MediaType.config,
      digest: archive.configDigest,
      size: blob(archive.configDigest).length,
    });
    expect(manifest.layers).toEqual([
      { mediaType: MediaType.layerGzip, digest: layer.digest, size: layer.size },
      { mediaType: MediaType.layerGzip, digest: layer.digest, size: layer.size },
    ]);
    for (const l of manifest.layers) expect(sha(blob(l.digest))).toBe(l.digest);

    const config = JSON.parse(blob(archive.configDigest).toString());
    expect(config).toMatchObject({ architecture: 'amd64', os: 'linux' });
    expect(config.rootfs).toEqual({ type: 'layers', diff_ids: [layer.diffId, layer.diffId] });
    expect(config.rootfs.diff_ids[0]).toBe(sha(gunzipSync(blob(layer.digest))));
    expect(config.config).toEqual({
      User: '65535:65535',
      ExposedPorts: { '80/tcp': {}, '53/udp': {} },
      Env: ['A=b'],
      Entrypoint: ['/pause'],
    });
  });

  it('refuses an image with no reference or a reference by digest', async () => {
    const layer = await writeLayer([{ path: '/a', type: 'dir' }], join(dir, 'm.tgz'));
    await expect(writeImageArchive(join(dir, 'x.tar'), { layers: [layer], refs: [], runtime: {} })).rejects.toThrow(
      /at least one reference/,
    );
    await expect(
      writeImageArchive(join(dir, 'y.tar'), { layers: [layer], refs: ['nginx@sha256:00'], runtime: {} }),
    ).rejects.toThrow(/by digest/);
  });
});
