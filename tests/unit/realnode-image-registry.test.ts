import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostsToml, serveImages, type ImageRegistry } from '../../src/cluster/realnode/image-registry.js';
import { MediaType, writeImageArchive, writeLayer, type ImageArchive } from '../../src/cluster/realnode/image-tar.js';

const dir = mkdtempSync(join(tmpdir(), 'cka-lab-image-registry-'));
const sha = (b: ArrayBuffer | Buffer) =>
  `sha256:${createHash('sha256')
    .update(Buffer.from(b as ArrayBuffer))
    .digest('hex')}`;

let registry: ImageRegistry;
let nginx: ImageArchive;
let pause: ImageArchive;

beforeAll(async () => {
  const layer = await writeLayer(
    [{ path: '/usr/sbin/nginx', type: 'file', content: 'nginx', mode: 0o755 }],
    join(dir, 'a.tgz'),
  );
  nginx = await writeImageArchive(join(dir, 'nginx.tar'), {
    layers: [layer],
    refs: ['nginx:latest', 'nginx:1.27'],
    runtime: { cmd: ['nginx'] },
  });
  const layer2 = await writeLayer([{ path: '/pause', type: 'file', content: 'pause' }], join(dir, 'b.tgz'));
  pause = await writeImageArchive(join(dir, 'pause.tar'), {
    layers: [layer2],
    refs: ['registry.k8s.io/pause:3.10.1'],
    runtime: {},
  });
  registry = await serveImages([join(dir, 'nginx.tar'), join(dir, 'pause.tar')]);
});

afterAll(async () => {
  await registry?.close();
  rmSync(dir, { recursive: true, force: true });
});

const get = (path: string, method = 'GET') => fetch(`${registry.url}${path}`, { method });

describe('the node image registry', () => {
  it('listens on loopback only and answers the version check', async () => {
    expect(registry.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await get('/v2/');
    expect(res.status).toBe(200);
    expect(res.headers.get('docker-distribution-api-version')).toBe('registry/2.0');
  });

  it('serves a manifest by tag for the registry named in ns, with its digest', async () => {
    const res = await get('/v2/library/nginx/manifests/1.27?ns=docker.io');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(MediaType.manifest);
    expect(res.headers.get('docker-content-digest')).toBe(nginx.manifestDigest);
    const body = await res.arrayBuffer();
    expect(sha(body)).toBe(nginx.manifestDigest);

    const head = await get('/v2/library/nginx/manifests/latest', 'HEAD'); // no ns: docker.io
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBe(body.byteLength);
    const pauseRes = await get('/v2/pause/manifests/3.10.1?ns=registry.k8s.io');
    expect(pauseRes.headers.get('docker-content-digest')).toBe(pause.manifestDigest);
  });

  it('serves every blob a manifest names, each matching its digest', async () => {
    const manifest = (await (await get(`/v2/library/nginx/manifests/${nginx.manifestDigest}`)).json()) as {
      config: { digest: string; size: number };
      layers: { digest: string; size: number }[];
    };
    for (const blob of [manifest.config, ...manifest.layers]) {
      const res = await get(`/v2/library/nginx/blobs/${blob.digest}?ns=docker.io`);
      expect(res.status).toBe(200);
      const body = await res.arrayBuffer();
      expect(body.byteLength).toBe(blob.size);
      expect(sha(body)).toBe(blob.digest);
    }
  });

  it('answers not found, like a real registry, for any other image or tag', async () => {
    const unknownTag = await get('/v2/library/nginx/manifests/9.99?ns=docker.io');
    expect(unknownTag.status).toBe(404);
    expect(((await unknownTag.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe('MANIFEST_UNKNOWN');
    expect((await get('/v2/library/ngnix/manifests/latest?ns=docker.io')).status).toBe(404);
    // nginx's tag is not served for another registry, nor pause's blobs under nginx
    expect((await get('/v2/library/nginx/manifests/1.27?ns=quay.io')).status).toBe(404);
    expect((await get(`/v2/library/nginx/blobs/${pause.configDigest}`)).status).toBe(404);
    expect((await get('/v2/library/nginx/manifests/1.27', 'DELETE')).status).toBe(405);
  });

  it('writes the containerd hosts.toml that sends every pull to it', () => {
    expect(hostsToml('http://127.0.0.1:5000')).toBe(
      'server = "http://127.0.0.1:5000"\n\n[host."http://127.0.0.1:5000"]\n  capabilities = ["pull", "resolve"]\n',
    );
  });
});
