import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseImageList, REGISTRY_SCRIPT } from '../../src/cluster/realnode/registry.js';

// `ctr -n k8s.io images ls` as containerd 2.4 prints it on the real node (trimmed to three images).
const CTR_LS = `REF                                       TYPE                                       DIGEST                                                                  SIZE      PLATFORMS   LABELS
docker.io/library/busybox:1.36            application/vnd.oci.image.manifest.v1+json sha256:7fa47b1f42523df929fe59f27c67d1685dc010e36e46812c1ee035d10c50f015 1.0 MiB   linux/amd64 io.cri-containerd.image=managed
registry.k8s.io/pause:3.10.1              application/vnd.oci.image.manifest.v1+json sha256:290d56acaafc7c8f80690889212d1420093899b84d7a835e83e6517e3fefe27f 312.0 KiB linux/amd64 io.cri-containerd.image=managed,io.cri-containerd.pinned=pinned
sha256:1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f1a2b application/vnd.oci.image.manifest.v1+json sha256:7fa47b1f42523df929fe59f27c67d1685dc010e36e46812c1ee035d10c50f015 1.0 MiB   linux/amd64 io.cri-containerd.image=managed
`;

describe('the real node registry', () => {
  it('reads the named references containerd holds, not its sha256 ones', () => {
    expect(parseImageList(CTR_LS)).toEqual({
      'docker.io/library/busybox:1.36': {
        digest: 'sha256:7fa47b1f42523df929fe59f27c67d1685dc010e36e46812c1ee035d10c50f015',
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
      },
      'registry.k8s.io/pause:3.10.1': {
        digest: 'sha256:290d56acaafc7c8f80690889212d1420093899b84d7a835e83e6517e3fefe27f',
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
      },
    });
  });

  describe('serving', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cka-lab-registry-'));
    const manifest = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json' });
    const digest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
    let child: ChildProcess;
    let base = '';

    beforeAll(async () => {
      mkdirSync(join(dir, 'blobs'));
      writeFileSync(join(dir, 'blobs', digest.slice(7)), manifest);
      const mediaType = 'application/vnd.oci.image.manifest.v1+json';
      writeFileSync(
        join(dir, 'refs.json'),
        JSON.stringify({ 'docker.io/library/nginx:latest': { digest, mediaType } }),
      );
      writeFileSync(join(dir, 'registry.cjs'), REGISTRY_SCRIPT);
      const port = await new Promise<number>((resolve) => {
        const s = createServer().listen(0, '127.0.0.1', () => {
          const p = (s.address() as import('node:net').AddressInfo).port;
          s.close(() => resolve(p));
        });
      });
      const args = [join(dir, 'registry.cjs'), '127.0.0.1', String(port), join(dir, 'refs.json'), join(dir, 'blobs')];
      child = spawn(process.execPath, args, { stdio: 'ignore' });
      base = `http://127.0.0.1:${port}`;
      for (let i = 0; i < 100; i++) {
        if (
          await fetch(`${base}/v2/`).then(
            (r) => r.ok,
            () => false,
          )
        )
          break;
        await new Promise((r) => setTimeout(r, 50));
      }
    });

    afterAll(() => {
      child?.kill();
      rmSync(dir, { recursive: true, force: true });
    });

    it('answers the version check and a manifest by tag with its type and digest, as containerd asks a mirror', async () => {
      expect((await fetch(`${base}/v2/`)).status).toBe(200);
      const head = await fetch(`${base}/v2/library/nginx/manifests/latest?ns=docker.io`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('docker-content-digest')).toBe(digest);
      expect(head.headers.get('content-type')).toBe('application/vnd.oci.image.manifest.v1+json');
      expect(head.headers.get('content-length')).toBe(String(manifest.length));
      const byDigest = await fetch(`${base}/v2/library/nginx/manifests/${digest}`);
      expect(await byDigest.text()).toBe(manifest);
      const blob = await fetch(`${base}/v2/library/nginx/blobs/${digest}`);
      expect(await blob.text()).toBe(manifest);
    });

    it('answers 404 MANIFEST_UNKNOWN for a tag or registry it does not have', async () => {
      for (const path of [
        '/v2/library/nginx/manifests/0.0-does-not-exist?ns=docker.io',
        '/v2/library/nginx/manifests/latest?ns=quay.io',
      ]) {
        const r = await fetch(`${base}${path}`);
        expect(r.status, path).toBe(404);
        expect(((await r.json()) as { errors: { code: string }[] }).errors[0]?.code).toBe('MANIFEST_UNKNOWN');
      }
      expect((await fetch(`${base}/v2/library/nginx/blobs/sha256:${'0'.repeat(64)}`)).status).toBe(404);
      expect((await fetch(`${base}/v2/library/nginx/blobs/../../refs.json`)).status).toBe(404);
    });
  });
});
