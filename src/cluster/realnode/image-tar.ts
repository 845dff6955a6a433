/**
 * Writes container images as OCI image-layout tarballs that `ctr -n k8s.io images import`
 * (containerd 2.x) tags with full names, with no registry.
 *
 * The tarball (OCI Image Layout 1.0.0, https://github.com/opencontainers/image-spec/blob/main/image-layout.md):
 * - `oci-layout`: `{"imageLayoutVersion":"1.0.0"}`; its presence makes containerd read the tar
 *   as OCI rather than as a `docker save` archive (core/images/archive/importer.go, ImportIndex);
 * - `index.json`: an image index with one manifest descriptor per reference, all pointing at the
 *   same manifest, each annotated with `io.containerd.image.name` (the full normalised reference,
 *   e.g. `docker.io/library/nginx:1.27`) and `org.opencontainers.image.ref.name` (the tag, `1.27`).
 *   Without `--base-name`, ctr's image store takes the containerd annotation unchanged as the
 *   image name (core/transfer/image/imagestore.go, imageName with AddRefPrefix: a name holding
 *   `/`, `:` or `@` is kept whole); the OCI annotation alone, being only a tag, would be named
 *   `import-<date>:1.27`;
 * - `blobs/sha256/<hex>`: the manifest, the config and the layers, each named by the sha256 of
 *   its bytes. Layers are gzip-compressed tars; the config lists the sha256 of each uncompressed
 *   tar in `rootfs.diff_ids`, which containerd checks when it unpacks.
 *
 * Output is reproducible: entries are sorted, owned by the uid/gid given (root by default) and
 * dated 1970-01-01, so the same inputs give the same digests and layers shared by several images
 * (the common base) are stored once by containerd.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { posix } from 'node:path';
import { Transform, type Readable, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { pack, type Pack } from 'tar-stream';
import { normaliseImage } from '../local/stages.js';

/** OCI media types (image-spec v1.1 media-types.md). */
export const MediaType = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
} as const;

/** The annotation containerd reads for the full image name (containerd's images.AnnotationImageName). */
export const CONTAINERD_NAME_ANNOTATION = 'io.containerd.image.name';
/** The OCI annotation for a reference name; by the spec's advice it holds only the tag. */
export const OCI_REF_ANNOTATION = 'org.opencontainers.image.ref.name';

/** The one timestamp of every entry, so digests depend on content only. */
const EPOCH = new Date(0);

/** One file system entry of a layer. Paths are absolute in the image (`/usr/bin/x`). */
export type LayerEntry =
  | { path: string; type: 'dir'; mode?: number; uid?: number; gid?: number }
  | { path: string; type: 'file'; mode?: number; uid?: number; gid?: number; source: string }
  | { path: string; type: 'file'; mode?: number; uid?: number; gid?: number; content: string | Buffer }
  | { path: string; type: 'symlink'; target: string };

/** A written blob: its digest (`sha256:<hex>`), size in bytes and the file holding it. */
export interface Blob {
  digest: string;
  size: number;
  file: string;
}

/** A layer blob plus the digest of its uncompressed tar (the config's diff_id). */
export interface LayerBlob extends Blob {
  diffId: string;
}

/** The runtime part of an image config (image-spec config.md, field `config`). */
export interface ImageRuntimeConfig {
  entrypoint?: string[];
  cmd?: string[];
  env?: string[];
  workingDir?: string;
  /** `name`, `uid`, `uid:gid` or `name:group`, resolved by the runtime against /etc/passwd in the image. */
  user?: string;
  /** `80/tcp`, `53/udp`... */
  exposedPorts?: string[];
  stopSignal?: string;
  labels?: Record<string, string>;
}

/** What {@link writeImageArchive} wrote. */
export interface ImageArchive {
  /** Digest of the manifest: what `ctr images ls` shows as DIGEST. */
  manifestDigest: string;
  configDigest: string;
  /** Size of the tarball in bytes. */
  size: number;
}

/** `x64` -> `amd64` like Go's GOARCH, which containerd matches platforms against. */
export function ociArch(nodeArch: string = process.arch): string {
  return ({ x64: 'amd64', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le', s390x: 's390x' } as Record<string, string>)[
    nodeArch
  ]!;
}

/** The tag of a normalised reference (`docker.io/library/nginx:1.27` -> `1.27`). */
export function refTag(ref: string): string {
  const normalized = normaliseImage(ref);
  const lastPart = normalized.slice(normalized.lastIndexOf('/') + 1);
  return lastPart.slice(lastPart.indexOf(':') + 1);
}

const sha256Tap = (hash: Hash): Transform =>
  new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });

/** Adds every missing parent folder of the entries (mode 0755, root) and sorts them by path. */
function withParents(entries: readonly LayerEntry[]): LayerEntry[] {
  const byPath = new Map<string, LayerEntry>();
  for (const e of entries) {
    const p = posix.normalize(e.path);
    if (!p.startsWith('/') || p === '/') throw new Error(`layer entry path must be absolute and not /: ${e.path}`);
    byPath.set(p, { ...e, path: p }); // a later entry for the same path wins
  }
  for (const p of [...byPath.keys()]) {
    for (let d = posix.dirname(p); d !== '/'; d = posix.dirname(d)) {
      if (!byPath.has(d)) byPath.set(d, { path: d, type: 'dir' });
    }
  }
  // Plain string order puts every folder before what is inside it.
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Writes one entry into the tar pack, resolving once it is fully written. */
async function addEntry(tar: Pack, e: LayerEntry): Promise<void> {
  const name = e.path.slice(1);
  const owner = e.type === 'symlink' ? { uid: 0, gid: 0 } : { uid: e.uid ?? 0, gid: e.gid ?? 0 };
  const common = { name, mtime: EPOCH, ...owner, uname: '', gname: '' };
  if (e.type === 'dir') {
    await new Promise<void>((ok, fail) =>
      tar.entry({ ...common, type: 'directory', mode: e.mode ?? 0o755 }, (err) => (err ? fail(err) : ok())),
    );
  } else if (e.type === 'symlink') {
    await new Promise<void>((ok, fail) =>
      tar.entry({ ...common, type: 'symlink', linkname: e.target, mode: 0o777 }, (err) => (err ? fail(err) : ok())),
    );
  } else if ('content' in e) {
    const body = Buffer.from(e.content);
    await new Promise<void>((ok, fail) =>
      tar.entry({ ...common, type: 'file', mode: e.mode ?? 0o644, size: body.length }, body, (err) =>
        err ? fail(err) : ok(),
      ),
    );
  } else {
    const st = await stat(e.source);
    if (!st.isFile()) throw new Error(`${e.source} is not a regular file`);
    const header = { ...common, type: 'file' as const, mode: e.mode ?? st.mode & 0o7777, size: st.size };
    await new Promise<void>((ok, fail) => {
      const sink = tar.entry(header, (err) => (err ? fail(err) : ok()));
      const source = createReadStream(e.source);
      source.on('error', fail);
      source.pipe(sink as unknown as Writable);
    });
  }
}

/**
 * Writes a gzip-compressed layer tar of `entries` to `file` (via `file.partial`). Parent
 * folders missing from `entries` are added (0755, root). Symlink targets are stored as given.
 * @returns the blob digest and size (of the gzip file) and the diff_id (sha256 of the plain tar)
 * @throws Error when a source file is missing or not a regular file, or a path is not absolute
 */
export async function writeLayer(entries: readonly LayerEntry[], file: string): Promise<LayerBlob> {
  const sorted = withParents(entries);
  const diff = createHash('sha256');
  const digest = createHash('sha256');
  await writeTarFile(
    file,
    async (tar) => {
      for (const e of sorted) await addEntry(tar, e);
    },
    sha256Tap(diff),
    createGzip({ level: 6 }),
    sha256Tap(digest),
  );
  const size = (await stat(file)).size;
  return { digest: `sha256:${digest.digest('hex')}`, size, file, diffId: `sha256:${diff.digest('hex')}` };
}

/** An OCI descriptor (image-spec descriptor.md). */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
  platform?: { architecture: string; os: string };
}

/** The image config JSON (image-spec config.md) for `layers` and `runtime`. */
export function imageConfig(layers: readonly LayerBlob[], runtime: ImageRuntimeConfig, arch = ociArch()): object {
  const config: Record<string, unknown> = {};
  if (runtime.user) config.User = runtime.user;
  if (runtime.exposedPorts?.length)
    config.ExposedPorts = Object.fromEntries(runtime.exposedPorts.map((p) => [p.includes('/') ? p : `${p}/tcp`, {}]));
  if (runtime.env?.length) config.Env = runtime.env;
  if (runtime.entrypoint?.length) config.Entrypoint = runtime.entrypoint;
  if (runtime.cmd?.length) config.Cmd = runtime.cmd;
  if (runtime.workingDir) config.WorkingDir = runtime.workingDir;
  if (runtime.labels && Object.keys(runtime.labels).length) config.Labels = runtime.labels;
  if (runtime.stopSignal) config.StopSignal = runtime.stopSignal;
  return {
    architecture: arch,
    os: 'linux',
    config,
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    history: layers.map(() => ({ created_by: 'cka-lab (src/cluster/realnode/images.ts)' })),
  };
}

const jsonBlob = (value: unknown): { data: Buffer; digest: string } => {
  const data = Buffer.from(JSON.stringify(value));
  return { data, digest: `sha256:${createHash('sha256').update(data).digest('hex')}` };
};

/**
 * Writes an OCI image-layout tarball (see the module comment) holding one image with the
 * given layers (bottom first) and runtime config, named by every reference in `refs`
 * (normalised: `nginx:1.27` is stored as `docker.io/library/nginx:1.27`). Written to
 * `file.partial` and renamed, so a crash leaves no half tarball under `file`.
 * @throws Error when `refs` is empty or a reference is a digest; whatever the file system throws
 */
export async function writeImageArchive(
  file: string,
  image: { layers: readonly LayerBlob[]; runtime: ImageRuntimeConfig; refs: readonly string[]; arch?: string },
): Promise<ImageArchive> {
  if (!image.refs.length) throw new Error('an image needs at least one reference');
  const arch = image.arch ?? ociArch();
  const config = jsonBlob(imageConfig(image.layers, image.runtime, arch));
  const manifest = jsonBlob({
    schemaVersion: 2,
    mediaType: MediaType.manifest,
    config: { mediaType: MediaType.config, digest: config.digest, size: config.data.length },
    layers: image.layers.map((l) => ({ mediaType: MediaType.layerGzip, digest: l.digest, size: l.size })),
  });
  const manifests: Descriptor[] = image.refs.map((ref) => {
    if (ref.includes('@')) throw new Error(`a reference by digest cannot name an imported image: ${ref}`);
    const full = normaliseImage(ref);
    return {
      mediaType: MediaType.manifest,
      digest: manifest.digest,
      size: manifest.data.length,
      annotations: { [CONTAINERD_NAME_ANNOTATION]: full, [OCI_REF_ANNOTATION]: refTag(full) },
      platform: { architecture: arch, os: 'linux' },
    };
  });
  const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: MediaType.index, manifests }));

  await writeTarFile(file, async (tar) => {
    const put = (name: string, body: Buffer) =>
      new Promise<void>((ok, fail) =>
        tar.entry({ name, mode: 0o644, mtime: EPOCH, type: 'file' }, body, (err) => (err ? fail(err) : ok())),
      );
    await put('oci-layout', Buffer.from(JSON.stringify({ imageLayoutVersion: '1.0.0' })));
    await put('index.json', index);
    const blobPath = (digest: string) => `blobs/sha256/${digest.slice('sha256:'.length)}`;
    await put(blobPath(manifest.digest), manifest.data);
    await put(blobPath(config.digest), config.data);
    const seen = new Set<string>();
    for (const layer of image.layers) {
      if (seen.has(layer.digest)) continue;
      seen.add(layer.digest);
      await addEntry(tar, { path: `/${blobPath(layer.digest)}`, type: 'file', mode: 0o644, source: layer.file });
    }
  });
  return { manifestDigest: manifest.digest, configDigest: config.digest, size: (await stat(file)).size };
}

/**
 * Writes a tar to `file` through `transforms` (hash taps, gzip): `fill` adds the entries; the tar is
 * written to `<file>.partial` and renamed at the end, so a failed write leaves no file behind.
 * @throws whatever `fill` or the streams throw (the partial file is removed first)
 */
async function writeTarFile(
  file: string,
  fill: (tar: Pack) => Promise<void>,
  ...transforms: NodeJS.ReadWriteStream[]
): Promise<void> {
  const tar = pack();
  const partial = `${file}.partial`;
  const written = pipeline([tar as unknown as Readable, ...transforms, createWriteStream(partial)]);
  try {
    await fill(tar);
    tar.finalize();
    await written;
  } catch (err) {
    tar.destroy(err as Error);
    await written.catch(() => undefined);
    await rm(partial, { force: true });
    throw err;
  }
  await rename(partial, file);
}
