import { realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterError } from '../../errors.js';
import { poll } from '../../util/poll.js';
import { record } from './host.js';
import type { NodeLayout } from './layout.js';
import { startDaemon } from './processes.js';

/**
 * The real node's own registry: a read-only OCI distribution endpoint on 127.0.0.1 that serves the
 * images imported into containerd, and nothing else. A Pod whose image is `nginx` or `nginx:latest`
 * gets `imagePullPolicy: Always` from the API server, so the kubelet asks containerd to pull it
 * every time, and containerd asks a registry even for an image it has; this registry answers
 * for the imported images (and containerd finds every blob in its own store), and answers 404
 * `MANIFEST_UNKNOWN` for any other, so a pull of an image that does not exist fails the way Docker
 * Hub makes it fail (`... not found`). Nothing leaves the machine.
 *
 * It runs as a small Node.js daemon (this Node binary) with the script {@link REGISTRY_SCRIPT};
 * blobs are read from containerd's content store, tags from `refs.json` (written at start).
 * Endpoints (OCI distribution-spec v1.1, "Pulling"): `GET /v2/`, `GET|HEAD /v2/<name>/manifests/<tag
 * or digest>` (the registry from containerd's `ns` query, docker.io by default) and
 * `GET|HEAD /v2/<name>/blobs/<digest>`.
 */
export const REGISTRY_SCRIPT = String.raw`'use strict';
const http = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const [, , host, port, refsFile, blobDir] = process.argv;
const notFound = (res, code, message) => {
  const body = JSON.stringify({ errors: [{ code, message }] });
  res.writeHead(404, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
};
const blobFile = (digest) => (/^sha256:[a-f0-9]{64}$/.test(digest) ? path.join(blobDir, digest.slice(7)) : undefined);
const send = (req, res, file, headers) => {
  let size;
  try {
    size = fs.statSync(file).size;
  } catch {
    return false;
  }
  res.writeHead(200, { ...headers, 'Content-Length': size });
  if (req.method === 'HEAD') res.end();
  else fs.createReadStream(file).pipe(res);
  return true;
};
http
  .createServer((req, res) => {
    const url = new URL(req.url, 'http://registry');
    res.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
    if (req.method !== 'GET' && req.method !== 'HEAD') return notFound(res, 'UNSUPPORTED', 'read-only registry');
    if (url.pathname === '/v2/' || url.pathname === '/v2') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': 2 });
      return res.end(req.method === 'HEAD' ? undefined : '{}');
    }
    const m = /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname);
    if (!m) return notFound(res, 'NAME_UNKNOWN', 'repository name not known to registry');
    const [, name, kind, reference] = m;
    if (kind === 'blobs') {
      const file = blobFile(reference);
      const headers = { 'Content-Type': 'application/octet-stream', 'Docker-Content-Digest': reference };
      if (!file || !send(req, res, file, headers))
        notFound(res, 'BLOB_UNKNOWN', 'blob unknown to registry');
      return;
    }
    let refs = {};
    try {
      refs = JSON.parse(fs.readFileSync(refsFile, 'utf8'));
    } catch {}
    // containerd names the registry in ?ns= when it asks a mirror; without it, any registry's image of that name.
    const ns = url.searchParams.get('ns');
    const tagged = ns
      ? refs[ns + '/' + name + ':' + reference]
      : Object.entries(refs).find(([ref]) => ref.endsWith('/' + name + ':' + reference))?.[1];
    const target = reference.startsWith('sha256:')
      ? Object.values(refs).find((t) => t.digest === reference)
      : tagged;
    const file = target && blobFile(target.digest);
    if (!file || !send(req, res, file, { 'Content-Type': target.mediaType, 'Docker-Content-Digest': target.digest }))
      notFound(res, 'MANIFEST_UNKNOWN', 'manifest unknown');
  })
  .listen(Number(port), host);
`;

/** What `refs.json` maps each image reference (`docker.io/library/nginx:1.27`) to. */
export interface RegistryTarget {
  digest: string;
  mediaType: string;
}

/**
 * The references containerd holds, from `ctr images ls` output (columns REF TYPE DIGEST ...):
 * named references only (not `sha256:` ones).
 */
export function parseImageList(ctrOutput: string): Record<string, RegistryTarget> {
  const refs: Record<string, RegistryTarget> = {};
  for (const line of ctrOutput.split('\n').slice(1)) {
    const [ref, mediaType, digest] = line.trim().split(/\s+/);
    if (!ref || !mediaType || !digest || !ref.includes('/')) continue; // sha256:<id> names have no slash
    refs[ref] = { digest, mediaType };
  }
  return refs;
}

/**
 * Starts the registry (recorded in the journal) on 127.0.0.1:`port` for the images containerd
 * holds (`refs`), and waits until it answers.
 * @returns the registry's address, `127.0.0.1:<port>`, for containerd's hosts.toml
 * @throws ClusterError when it does not answer within 10 s
 */
export async function startRegistry(
  layout: NodeLayout,
  port: number,
  refs: Record<string, RegistryTarget>,
): Promise<string> {
  const dir = join(layout.dir, 'registry');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(dir, { recursive: true });
  const script = join(dir, 'registry.cjs');
  writeFileSync(script, REGISTRY_SCRIPT);
  const refsFile = join(dir, 'refs.json');
  writeFileSync(refsFile, JSON.stringify(refs, null, 2));
  const blobs = join(layout.dir, 'containerd', 'io.containerd.content.v1.content', 'blobs', 'sha256');
  const binary = realpathSync(process.execPath);
  const pid = startDaemon(
    binary,
    [script, '127.0.0.1', String(port), refsFile, blobs],
    join(layout.logs, 'registry.log'),
  );
  record(layout.stateDir, { kind: 'process', name: 'registry', pid, binary });
  const address = `127.0.0.1:${port}`;
  const up = await poll(
    () =>
      fetch(`http://${address}/v2/`)
        .then((r) => r.ok)
        .catch(() => false),
    { intervalMs: 100, timeoutMs: 10_000 },
  );
  if (!up)
    throw new ClusterError(
      `The real node's registry did not start; see ${join(layout.logs, 'registry.log')}, ` +
        'then run `lab cluster down`.',
    );
  return address;
}
