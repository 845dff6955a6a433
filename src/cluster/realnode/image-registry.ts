/**
 * A read-only OCI registry on loopback that serves the real node's image tarballs, so that a
 * pull containerd makes for an image cka-lab built succeeds, and any other pull fails with
 * "not found" as on a real registry. The kubelet pulls whenever the pull policy is Always, which
 * is the default for `:latest` and untagged images (`kubectl run web --image=nginx`): importing
 * the tarballs alone would leave those Pods in ErrImagePull when every pull goes to a closed port.
 *
 * Point containerd's registry configuration (certs.d/_default/hosts.toml, see {@link hostsToml})
 * at it: containerd then asks `GET /v2/<repository>/manifests/<tag>?ns=<registry host>` for every
 * registry (the `ns` query names the registry the image belongs to; containerd adds it when the
 * host serving is another one: core/remotes/docker/resolver.go, addNamespace).
 *
 * API (OCI Distribution Spec 1.1, pull only): `GET /v2/`, `GET|HEAD /v2/<name>/manifests/<tag or
 * digest>`, `GET|HEAD /v2/<name>/blobs/<digest>`; errors are JSON `{"errors":[{code,message}]}`
 * with 404 (NAME_UNKNOWN, MANIFEST_UNKNOWN, BLOB_UNKNOWN) or 405 (UNSUPPORTED).
 */
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extract } from 'tar-stream';
import { normaliseImage } from '../local/stages.js';
import { CONTAINERD_NAME_ANNOTATION, MediaType } from './image-tar.js';

/** Where one blob lies: the tarball, the byte offset of its data and its size in bytes. */
interface BlobPlace {
  tarball: string;
  start: number;
  size: number;
}

/** What the registry serves: blobs by digest, and manifests (digest, media type) by full reference. */
export interface RegistryIndex {
  blobs: Map<string, BlobPlace>;
  /** `docker.io/library/nginx:1.27` -> manifest digest. */
  tags: Map<string, { digest: string; mediaType: string }>;
  /** Repository (`docker.io/library/nginx`) -> digests it may serve (manifests, configs, layers). */
  repositories: Map<string, Set<string>>;
}

/** One manifest descriptor of index.json. */
interface IndexEntry {
  digest: string;
  mediaType: string;
  annotations?: Record<string, string>;
}

/** Reads the file list of one tarball: each file's data offset and size, and index.json's content. */
async function tarballEntries(tarball: string): Promise<{ places: Map<string, BlobPlace>; index?: Buffer }> {
  const places = new Map<string, BlobPlace>();
  let index: Buffer | undefined;
  const ex = extract();
  const done = new Promise<void>((ok, fail) => {
    ex.on('finish', ok);
    ex.on('error', fail);
  });
  ex.on('entry', (header, stream, next) => {
    // `offset` is where the entry's 512-byte header starts; its data follows.
    places.set(header.name, { tarball, start: stream.offset + 512, size: header.size ?? 0 });
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => {
      if (header.name === 'index.json') chunks.push(c as Buffer);
    });
    stream.on('end', () => {
      if (header.name === 'index.json') index = Buffer.concat(chunks);
      next();
    });
  });
  const file = createReadStream(tarball);
  file.on('error', (err) => ex.destroy(err));
  file.pipe(ex as unknown as NodeJS.WritableStream);
  await done;
  return { places, index };
}

/** Reads a byte range of a file. */
const readRange = async (place: BlobPlace): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  if (place.size === 0) return Buffer.alloc(0);
  for await (const c of createReadStream(place.tarball, { start: place.start, end: place.start + place.size - 1 }))
    chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

/**
 * Indexes image tarballs written by image-tar.ts (OCI layouts whose index.json names each
 * manifest with `io.containerd.image.name`).
 * @throws Error when a tarball cannot be read or has no index.json
 */
export async function indexTarballs(tarballs: readonly string[]): Promise<RegistryIndex> {
  const index: RegistryIndex = { blobs: new Map(), tags: new Map(), repositories: new Map() };
  for (const tarball of tarballs) {
    const { places, index: raw } = await tarballEntries(tarball);
    if (!raw) throw new Error(`${tarball} has no index.json; it is not an OCI image layout`);
    const digests = new Set<string>();
    for (const [name, place] of places) {
      const m = /^blobs\/sha256\/([0-9a-f]{64})$/.exec(name);
      if (m) {
        index.blobs.set(`sha256:${m[1]}`, place);
        digests.add(`sha256:${m[1]}`);
      }
    }
    const { manifests } = JSON.parse(raw.toString()) as { manifests: IndexEntry[] };
    for (const m of manifests) {
      const name = m.annotations?.[CONTAINERD_NAME_ANNOTATION];
      if (!name) continue;
      const full = normaliseImage(name);
      index.tags.set(full, { digest: m.digest, mediaType: m.mediaType });
      const repository = full.slice(0, full.lastIndexOf(':'));
      const allowed = index.repositories.get(repository) ?? new Set<string>();
      for (const d of digests) allowed.add(d);
      index.repositories.set(repository, allowed);
    }
  }
  return index;
}

function fail(res: ServerResponse, status: number, code: string, message: string): void {
  const body = JSON.stringify({ errors: [{ code, message }] });
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

/** Answers one request from `index` (exported for tests; {@link serveImages} wires it to a server). */
export async function handle(index: RegistryIndex, req: IncomingMessage, res: ServerResponse): Promise<void> {
  res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
  if (req.method !== 'GET' && req.method !== 'HEAD') return fail(res, 405, 'UNSUPPORTED', 'this registry is read-only');
  const url = new URL(req.url ?? '/', 'http://registry');
  if (url.pathname === '/v2/' || url.pathname === '/v2') {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 2 });
    return void res.end(req.method === 'HEAD' ? undefined : '{}');
  }
  const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
  if (!m) return fail(res, 404, 'NOT_FOUND', 'no such endpoint');
  const [, name, kind, ref] = m as unknown as [string, string, string, string];
  const host = url.searchParams.get('ns') ?? 'docker.io';
  const repository = normaliseImage(`${host}/${name}`).replace(/:latest$/, '');
  const allowed = index.repositories.get(repository);
  if (!allowed) return fail(res, 404, 'NAME_UNKNOWN', `repository ${repository} is not known`);

  let digest = ref;
  let mediaType = 'application/octet-stream';
  if (kind === 'manifests') {
    const tagged = ref.startsWith('sha256:') ? undefined : index.tags.get(`${repository}:${ref}`);
    if (tagged) ({ digest, mediaType } = tagged);
    else if (ref.startsWith('sha256:')) mediaType = MediaType.manifest;
    if (!allowed.has(digest)) return fail(res, 404, 'MANIFEST_UNKNOWN', `manifest ${repository}:${ref} is not known`);
  } else if (!allowed.has(digest)) {
    return fail(res, 404, 'BLOB_UNKNOWN', `blob ${digest} is not known`);
  }
  const place = index.blobs.get(digest)!;
  res.writeHead(200, { 'Content-Type': mediaType, 'Content-Length': place.size, 'Docker-Content-Digest': digest });
  if (req.method === 'HEAD') return void res.end();
  res.end(await readRange(place));
}

/** A running registry: its base URL (`http://127.0.0.1:<port>`) and how to stop it. */
export interface ImageRegistry {
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Serves the tarballs on 127.0.0.1 (only) at `port` (0: one the kernel picks).
 * @throws Error when a tarball cannot be indexed or the port is taken
 */
export async function serveImages(tarballs: readonly string[], port = 0): Promise<ImageRegistry> {
  const index = await indexTarballs(tarballs);
  const server = createServer((req, res) => {
    handle(index, req, res).catch((err: unknown) => {
      if (!res.headersSent) fail(res, 500, 'UNKNOWN', (err as Error).message);
      else res.destroy();
    });
  });
  await new Promise<void>((ok, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => ok());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

/**
 * containerd's hosts.toml (docs/hosts.md) sending every pull of a registry to `url` over plain
 * HTTP; written as certs.d/_default/hosts.toml it covers every registry.
 */
export const hostsToml = (url: string): string =>
  `server = "${url}"\n\n[host."${url}"]\n  capabilities = ["pull", "resolve"]\n`;
