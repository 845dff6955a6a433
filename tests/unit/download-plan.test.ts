import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chooseSource } from '../../src/cluster/download/binary-source.js';
import { loadReleaseManifest, planRelease } from '../../src/cluster/download/manifest.js';
import { BINARIES, etcdVersion, KWOK_VERSION, kubeVersion } from '../../src/cluster/local/binaries.js';

const versions = { kube: kubeVersion(), etcd: etcdVersion(), kwok: KWOK_VERSION };
const manifest = loadReleaseManifest();

describe('cluster/releases.yaml', () => {
  it('pins the versions of build/kube/go.mod', () => {
    expect(versions).toEqual({ kube: 'v1.35.4', etcd: 'v3.6.5', kwok: 'v0.8.0' });
  });

  it('gives every binary of the set for linux/amd64, at the official URLs with their checksums', () => {
    const plan = planRelease(manifest, BINARIES, 'linux/amd64', versions);
    expect(plan.missing).toEqual([]);
    expect(plan.files.map((f) => f.name)).toEqual([...BINARIES]);
    const byName = Object.fromEntries(plan.files.map((f) => [f.name, f]));
    expect(byName['kube-apiserver']).toEqual({
      name: 'kube-apiserver',
      url: 'https://dl.k8s.io/release/v1.35.4/bin/linux/amd64/kube-apiserver',
      checksum: {
        algorithm: 'sha256',
        format: 'hex',
        url: 'https://dl.k8s.io/release/v1.35.4/bin/linux/amd64/kube-apiserver.sha256',
      },
    });
    expect(byName.etcd).toEqual({
      name: 'etcd',
      url: 'https://github.com/etcd-io/etcd/releases/download/v3.6.5/etcd-v3.6.5-linux-amd64.tar.gz',
      checksum: {
        algorithm: 'sha256',
        format: 'sums',
        url: 'https://github.com/etcd-io/etcd/releases/download/v3.6.5/SHA256SUMS',
        entry: 'etcd-v3.6.5-linux-amd64.tar.gz',
      },
      member: 'etcd-v3.6.5-linux-amd64/etcd',
    });
    expect(byName.kwokctl).toEqual({
      name: 'kwokctl',
      url: 'https://github.com/kubernetes-sigs/kwok/releases/download/v0.8.0/kwokctl-linux-amd64',
      checksum: {
        algorithm: 'sha256',
        format: 'github-digest',
        url: 'https://api.github.com/repos/kubernetes-sigs/kwok/releases/tags/v0.8.0',
        entry: 'kwokctl-linux-amd64',
      },
    });
  });

  it('gives linux/arm64 too', () => {
    const plan = planRelease(manifest, BINARIES, 'linux/arm64', versions);
    expect(plan.missing).toEqual([]);
    expect(plan.files.find((f) => f.name === 'kubectl')?.url).toBe(
      'https://dl.k8s.io/release/v1.35.4/bin/linux/arm64/kubectl',
    );
  });

  it('says what darwin lacks: Kubernetes publishes no darwin server binaries', () => {
    for (const platform of ['darwin/arm64', 'darwin/amd64'] as const) {
      const plan = planRelease(manifest, BINARIES, platform, versions);
      expect(plan.files).toEqual([]);
      expect(plan.missing).toEqual(['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd']);
    }
  });

  it('points every source at a mirror, <mirror>/<source>/...', () => {
    const plan = planRelease(manifest, BINARIES, 'linux/amd64', versions, 'http://127.0.0.1:9/m/');
    const urls = plan.files.flatMap((f) => [f.url, f.checksum.url]);
    expect(urls.every((u) => u.startsWith('http://127.0.0.1:9/m/'))).toBe(true);
    expect(plan.files[0]!.url).toBe('http://127.0.0.1:9/m/kubernetes/v1.35.4/bin/linux/amd64/kube-apiserver');
    expect(plan.files.find((f) => f.name === 'kwok')?.checksum.url).toBe(
      'http://127.0.0.1:9/m/github-api/kubernetes-sigs/kwok/releases/tags/v0.8.0',
    );
  });

  it('names the file and the field of a broken manifest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cka-lab-releases-'));
    try {
      const file = join(dir, 'releases.yaml');
      writeFileSync(file, 'sources: {}\nfiles:\n  - name: kubectl\n    platforms: [linux/amd64]\n    url: x\n');
      expect(() => loadReleaseManifest(file)).toThrow(`${file}: files.0.checksum: Invalid key`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('build or download', () => {
  const linux = planRelease(manifest, BINARIES, 'linux/amd64', versions);
  const darwin = planRelease(manifest, BINARIES, 'darwin/arm64', versions);

  it('downloads where every file is published', () => {
    expect(chooseSource(false, linux, 'linux/amd64').source).toBe('download');
  });

  it('builds when --build asks for it', () => {
    expect(chooseSource(true, linux, 'linux/amd64')).toEqual({
      source: 'build',
      reason: '--build asks for a build from source',
    });
  });

  it('builds where a file is not published, and says which', () => {
    expect(chooseSource(false, darwin, 'darwin/arm64')).toEqual({
      source: 'build',
      reason:
        'The releases publish no darwin/arm64 builds of kube-apiserver, kube-controller-manager, kube-scheduler, etcd',
    });
  });
});
