import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { downloadBinaries } from '../../src/cluster/download/binary-source.js';
import { hostPlatform, type Platform } from '../../src/cluster/download/manifest.js';
import { lineProgress } from '../../src/cluster/download/progress.js';
import {
  BINARIES,
  binaryPath,
  BUILD_ENV,
  downloadedBinaryDir,
  ensureBinaries,
  etcdVersion,
  KWOK_VERSION,
  kubeVersion,
} from '../../src/cluster/local/binaries.js';
import { memoryLog } from '../../src/util/log.js';
import { digest, fakeBinary, startSite, tarGz, type Route, type TestSite } from './download-server.js';

const versions = { kube: kubeVersion(), etcd: etcdVersion(), kwok: KWOK_VERSION };
const fast = { probeMs: 1000, transfer: { stallMs: 1000, retries: 2, backoffMs: 10 } };
const binaries = Object.fromEntries(BINARIES.map((b) => [b, fakeBinary(b, 100_000)]));

/** The routes of a mirror (CKA_LAB_DOWNLOAD_MIRROR layout) that holds the whole set for `platform`. */
async function mirrorRoutes(platform: Platform): Promise<Record<string, Route>> {
  const [os, arch] = platform.split('/');
  const { kube, etcd, kwok } = versions;
  const routes: Record<string, Route> = {};
  for (const b of ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl']) {
    routes[`/m/kubernetes/${kube}/bin/${os}/${arch}/${b}`] = { body: binaries[b]! };
    routes[`/m/kubernetes/${kube}/bin/${os}/${arch}/${b}.sha256`] = { body: Buffer.from(digest(binaries[b]!)) };
  }
  const tarball = `etcd-${etcd}-${os}-${arch}.tar.gz`;
  const tar = await tarGz({ [`etcd-${etcd}-${os}-${arch}/etcd`]: binaries.etcd! });
  routes[`/m/etcd/${etcd}/${tarball}`] = { body: tar };
  routes[`/m/etcd/${etcd}/SHA256SUMS`] = {
    body: Buffer.from(`${'0'.repeat(64)}  other.zip\n${digest(tar)}  ${tarball}\n`),
  };
  const assets = [];
  for (const b of ['kwok', 'kwokctl']) {
    routes[`/m/kwok/${kwok}/${b}-${os}-${arch}`] = { body: binaries[b]! };
    assets.push({ name: `${b}-${os}-${arch}`, digest: `sha256:${digest(binaries[b]!)}` });
  }
  routes[`/m/github-api/kubernetes-sigs/kwok/releases/tags/${kwok}`] = {
    body: Buffer.from(JSON.stringify({ assets })),
  };
  return routes;
}

let site: TestSite;
beforeAll(async () => {
  site = await startSite(await mirrorRoutes('linux/amd64'));
  for (const [path, route] of Object.entries(await mirrorRoutes(hostPlatform()))) site.routes.set(path, route);
});
afterAll(() => site.close());

const root = mkdtempSync(join(tmpdir(), 'cka-lab-download-set-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const tmp = (): string => mkdtempSync(join(root, 't-'));
const mirror = (): string => `${site.url}/m`;

/** A port nothing listens on. */
const closedPort = (): Promise<number> =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

describe('downloading the set', () => {
  it('downloads and verifies every binary from a mirror, one line per file', async () => {
    const dir = join(tmp(), 'set');
    const log = memoryLog();
    const ok = await downloadBinaries(dir, BINARIES, versions, false, log, {
      mirror: mirror(),
      platform: 'linux/amd64',
      timings: fast,
      progress: lineProgress(log),
    });
    expect(ok).toBe(true);
    for (const b of BINARIES) expect(readFileSync(join(dir, b)).equals(binaries[b]!), b).toBe(true);
    expect(existsSync(`${dir}.partial`)).toBe(false);
    expect(log.lines[0]).toBe(
      'Downloading the official release binaries (Kubernetes v1.35.4, etcd v3.6.5, kwok v0.8.0) for linux/amd64...',
    );
    expect(
      log.lines.filter((l) => /^\S+: [\d.]+ MB in [\d.]+ s \([\d.]+ MB\/s\), checksum verified$/.test(l)),
    ).toHaveLength(7);
    expect(log.lines.at(-1)).toMatch(
      new RegExp(`^Downloaded and verified 7 binaries \\([\\d.]+ MB\\) in [\\d.]+ s; cached in ${dir}\\.$`),
    );
  });

  it('falls back to the build at once when the release site cannot be reached', async () => {
    const port = await closedPort();
    const dir = join(tmp(), 'set');
    const log = memoryLog();
    const started = performance.now();
    const ok = await downloadBinaries(dir, BINARIES, versions, false, log, {
      mirror: `http://127.0.0.1:${port}`,
      platform: 'linux/amd64',
    });
    const ms = performance.now() - started;
    expect(ok).toBe(false);
    expect(ms).toBeLessThan(1000);
    expect(log.lines.at(-1)).toBe(
      `The release site 127.0.0.1:${port} cannot be reached (ECONNREFUSED); building the binaries from the Go modules instead.`,
    );
    expect(existsSync(dir)).toBe(false);
  });

  it('falls back at once when the site name does not resolve (.invalid, RFC 6761)', async () => {
    const log = memoryLog();
    const started = performance.now();
    const ok = await downloadBinaries(join(tmp(), 'set'), BINARIES, versions, false, log, {
      mirror: 'https://mirror.cka-lab.invalid/m',
      platform: 'linux/amd64',
    });
    const ms = performance.now() - started;
    expect(ok).toBe(false);
    expect(ms).toBeLessThan(1000);
    expect(log.lines.at(-1)).toMatch(
      /^The release site mirror\.cka-lab\.invalid cannot be reached \((ENOTFOUND|EAI_AGAIN)\); building the binaries from the Go modules instead\.$/,
    );
  });

  it('falls back after the probe timeout when the site accepts but never answers', async () => {
    const hung = await startSite({
      '/m/kubernetes/v1.35.4/bin/linux/amd64/kube-apiserver.sha256': { body: Buffer.from('x'), stallFirst: 99 },
    });
    const log = memoryLog();
    const started = performance.now();
    const ok = await downloadBinaries(join(tmp(), 'set'), BINARIES, versions, false, log, {
      mirror: `${hung.url}/m`,
      platform: 'linux/amd64',
      timings: { ...fast, probeMs: 300 },
    });
    const ms = performance.now() - started;
    await hung.close();
    expect(ok).toBe(false);
    expect(ms).toBeGreaterThanOrEqual(300);
    expect(ms).toBeLessThan(1500); // one probe, no retries
    expect(log.lines.at(-1)).toMatch(/sent nothing for 0\.3 s; building the binaries from the Go modules instead\.$/);
  });

  it('deletes a file that does not match, warns, builds; the next run keeps the files verified before', async () => {
    const path = '/m/kubernetes/v1.35.4/bin/linux/amd64/kube-scheduler';
    const real = site.routes.get(path)!;
    site.routes.set(path, { body: fakeBinary('tampered', 100_000) });
    const dir = join(tmp(), 'set');
    const log = memoryLog();
    const setup = { mirror: mirror(), platform: 'linux/amd64' as const, timings: fast, progress: lineProgress(log) };
    try {
      expect(await downloadBinaries(dir, BINARIES, versions, false, log, setup)).toBe(false);
    } finally {
      site.routes.set(path, real);
    }
    expect(log.lines.at(-1)).toBe(
      `kube-scheduler from ${site.url}${path} does not match the sha256 checksum its release publishes, ` +
        'so the file was deleted; building the binaries from the Go modules instead.',
    );
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(join(`${dir}.partial`, 'kube-scheduler'))).toBe(false);
    expect(existsSync(join(`${dir}.partial`, 'kube-scheduler.part'))).toBe(false);
    expect(existsSync(join(`${dir}.partial`, 'kube-apiserver'))).toBe(true);

    const before = site.requests.length;
    expect(await downloadBinaries(dir, BINARIES, versions, false, memoryLog(), setup)).toBe(true);
    const fetched = site.requests.slice(before).map((r) => r.path.split('/').pop());
    expect(fetched).not.toContain('kube-apiserver'); // kept from the first run
    expect(fetched).toContain('kube-scheduler');
    expect(readFileSync(join(dir, 'kube-scheduler')).equals(binaries['kube-scheduler']!)).toBe(true);
  });

  it('asks nothing of the network when --build is given', async () => {
    const before = site.requests.length;
    const log = memoryLog();
    const ok = await downloadBinaries(join(tmp(), 'set'), BINARIES, versions, true, log, { mirror: mirror() });
    expect(ok).toBe(false);
    expect(site.requests.length).toBe(before);
    expect(log.lines).toEqual([
      '--build asks for a build from source; building the binaries from the Go modules instead.',
    ]);
  });
});

describe('ensureBinaries', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('downloads into a cache folder of its own, which binaryPath then uses; a second run asks nothing', async () => {
    process.env.XDG_CACHE_HOME = tmp();
    process.env.CKA_LAB_DOWNLOAD_MIRROR = mirror();
    const log = memoryLog();
    const dir = await ensureBinaries(log);
    expect(dir).toBe(downloadedBinaryDir());
    expect(dir).toMatch(/\/cka-lab\/bin\/k8s-v1\.35\.4_kwok-v0\.8\.0_download-[0-9a-f]{8}$/);
    expect(binaryPath('kubectl')).toBe(join(dir, 'kubectl'));
    expect(readFileSync(binaryPath('kwokctl')).equals(binaries.kwokctl!)).toBe(true);
    const before = site.requests.length;
    const again = memoryLog();
    expect(await ensureBinaries(again)).toBe(dir);
    expect(site.requests.length).toBe(before);
    expect(again.lines).toEqual([]);
  });

  it('builds when --build asks for it, and when nothing can be downloaded (here: no Go either)', async () => {
    process.env.XDG_CACHE_HOME = tmp();
    process.env.PATH = tmp(); // no `go` on it: the build path ends in the no-Go error
    process.env.CKA_LAB_DOWNLOAD_MIRROR = mirror();
    process.env[BUILD_ENV] = '1';
    const log = memoryLog();
    await expect(ensureBinaries(log)).rejects.toThrow('Go is needed to build the local cluster');
    expect(log.lines[0]).toBe(
      '--build asks for a build from source; building the binaries from the Go modules instead.',
    );

    delete process.env[BUILD_ENV];
    process.env.CKA_LAB_DOWNLOAD_MIRROR = `http://127.0.0.1:${await closedPort()}`;
    const offline = memoryLog();
    await expect(ensureBinaries(offline)).rejects.toThrow('Go is needed to build the local cluster');
    expect(offline.lines.at(-1)).toMatch(
      /cannot be reached \(ECONNREFUSED\); building the binaries from the Go modules instead\.$/,
    );
  });
});
