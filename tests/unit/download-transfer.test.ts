import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedDigest } from '../../src/cluster/download/checksum.js';
import { DownloadError } from '../../src/cluster/download/errors.js';
import { fetchText, fetchToFile, type TransferOptions } from '../../src/cluster/download/fetch-file.js';
import type { ReleaseFile } from '../../src/cluster/download/manifest.js';
import { verifiedDownload } from '../../src/cluster/download/verified.js';
import { digest, fakeBinary, startSite, tarGz, type TestSite } from './download-server.js';

const good = fakeBinary('good');
const big = fakeBinary('big', 8_000_000);
const fast: TransferOptions = { stallMs: 1000, retries: 3, backoffMs: 10 };
let site: TestSite;
let etcdTar: Buffer;
const etcdBinary = fakeBinary('etcd', 50_000);

beforeAll(async () => {
  etcdTar = await tarGz({
    'etcd-v3.6.5-linux-amd64/README.md': Buffer.from('readme'),
    'etcd-v3.6.5-linux-amd64/etcd': etcdBinary,
    'etcd-v3.6.5-linux-amd64/etcdctl': fakeBinary('etcdctl', 1000),
  });
  site = await startSite({
    '/good': { body: good },
    '/corrupt': { body: Buffer.concat([good.subarray(0, 1000), Buffer.from('X'), good.subarray(1001)]) },
    '/truncated': { body: good, cutFirst: 1 },
    '/norange': { body: good, range: false, cutFirst: 1 },
    '/slow': { body: good, stallFirst: 99 },
    '/slow-once': { body: good, stallFirst: 1 },
    '/trickle': { body: good, trickle: { pieces: 8, everyMs: 100 } },
    '/complete': { body: good },
    '/close': { body: big, close: true },
    '/release/kube-apiserver': { body: good, redirect: '/cdn/kube-apiserver' },
    '/cdn/kube-apiserver': { body: good, cutFirst: 1 },
    '/missing': { body: good, status: 404 },
    '/busy': { body: good, status: 503 },
    '/etcd.tar.gz': { body: etcdTar },
  });
});
afterAll(() => site.close());

const root = mkdtempSync(join(tmpdir(), 'cka-lab-download-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const tmp = (): string => mkdtempSync(join(root, 't-'));
const file = (path: string, extra: Partial<ReleaseFile> = {}): ReleaseFile => ({
  name: 'kube-apiserver',
  url: `${site.url}${path}`,
  checksum: { algorithm: 'sha256', format: 'hex', url: `${site.url}${path}.sha256` },
  ...extra,
});
const rangesOf = (path: string) => site.requests.filter((r) => r.path === path).map((r) => r.range);

describe('a verified download', () => {
  it('keeps a good file, executable, and leaves no .part behind', async () => {
    const dest = join(tmp(), 'kube-apiserver');
    const bytes = await verifiedDownload(file('/good'), digest(good), dest, fast);
    expect(bytes).toBe(good.length);
    expect(readFileSync(dest).equals(good)).toBe(true);
    expect(statSync(dest).mode & 0o111).toBe(0o111);
    expect(existsSync(`${dest}.part`)).toBe(false);
  });

  it('deletes a file that does not match its checksum and says so in one sentence', async () => {
    const dest = join(tmp(), 'kube-apiserver');
    const error = await verifiedDownload(file('/corrupt'), digest(good), dest, fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as DownloadError).kind).toBe('checksum');
    expect((error as Error).message).toBe(
      `kube-apiserver from ${site.url}/corrupt does not match the sha256 checksum its release publishes, so the file was deleted`,
    );
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(`${dest}.part`)).toBe(false);
  });

  it('resumes a body cut short with an HTTP Range request from where it broke off', async () => {
    const dest = join(tmp(), 'kube-apiserver');
    const progress: number[] = [];
    await verifiedDownload(file('/truncated'), digest(good), dest, {
      ...fast,
      onProgress: (b) => progress.push(b),
    });
    expect(readFileSync(dest).equals(good)).toBe(true);
    const ranges = rangesOf('/truncated');
    expect(ranges).toHaveLength(2);
    expect(ranges[0]).toBeUndefined();
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(ranges[1] ?? '')?.[1]);
    expect(resumedAt).toBeGreaterThan(0); // the half already on disk was not fetched again
    expect(resumedAt).toBeLessThan(good.length);
    expect(Math.max(...progress)).toBe(good.length);
  });

  it('follows a redirect to a CDN, and resumes there through the same redirect', async () => {
    const dest = join(tmp(), 'kube-apiserver');
    await verifiedDownload(file('/release/kube-apiserver'), digest(good), dest, fast);
    expect(readFileSync(dest).equals(good)).toBe(true);
    expect(rangesOf('/release/kube-apiserver')).toHaveLength(2);
    expect(rangesOf('/cdn/kube-apiserver')[1]).toMatch(/^bytes=\d+-$/);
  });

  it('starts over when the server ignores Range (200 instead of 206)', async () => {
    const dest = join(tmp(), 'kube-apiserver');
    await verifiedDownload(file('/norange'), digest(good), dest, fast);
    expect(readFileSync(dest).equals(good)).toBe(true);
    expect(rangesOf('/norange')[1]).toMatch(/^bytes=\d+-$/); // asked, got the whole file, wrote it afresh
  });

  it('keeps a complete part of an interrupted run without fetching it again (416 with its size)', async () => {
    const dest = join(tmp(), 'kube-apiserver');
    writeFileSync(`${dest}.part`, good);
    await verifiedDownload(file('/complete'), digest(good), dest, fast);
    expect(readFileSync(dest).equals(good)).toBe(true);
    expect(rangesOf('/complete')).toEqual([`bytes=${good.length}-`]);
  });

  it('reads a large body from a server that closes the connection after it (HTTP/1.0 style)', async () => {
    const dest = join(tmp(), 'kube-apiserver');
    // Slow progress callbacks keep the body under backpressure while the server closes: the case
    // in which Node 24's fetch crashed once here (nodejs/undici#5360), so the downloads use node:http.
    const busy = (): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    await verifiedDownload(file('/close'), digest(big), dest, { ...fast, onProgress: busy });
    expect(readFileSync(dest).equals(big)).toBe(true);
  });

  it('lets a slow but steady transfer run longer than the stall timeout', async () => {
    const dest = join(tmp(), 'kube-apiserver');
    const started = Date.now();
    await verifiedDownload(file('/trickle'), digest(good), dest, { stallMs: 300, retries: 0, backoffMs: 10 });
    expect(Date.now() - started).toBeGreaterThan(600);
    expect(readFileSync(dest).equals(good)).toBe(true);
  });

  it('gives up a stalled transfer after the stall timeout, and retries it', async () => {
    const started = Date.now();
    const error = await fetchToFile(`${site.url}/slow`, join(tmp(), 'x.part'), {
      stallMs: 300,
      retries: 1,
      backoffMs: 10,
    }).catch((e: unknown) => e);
    const ms = Date.now() - started;
    expect((error as DownloadError).kind).toBe('timeout');
    expect((error as Error).message).toBe(`${site.url}/slow sent nothing for 0.3 s`);
    expect(ms).toBeGreaterThanOrEqual(600); // two attempts of 300 ms
    expect(ms).toBeLessThan(3000);
    const dest = join(tmp(), 'kube-apiserver');
    await verifiedDownload(file('/slow-once'), digest(good), dest, { ...fast, stallMs: 300 });
    expect(readFileSync(dest).equals(good)).toBe(true);
  });

  it('does not retry a 404, and retries a 503 with backoff', async () => {
    const before = rangesOf('/missing').length;
    const error = await fetchToFile(`${site.url}/missing`, join(tmp(), 'x.part'), fast).catch((e: unknown) => e);
    expect((error as DownloadError).kind).toBe('http');
    expect((error as Error).message).toBe(`${site.url}/missing answered HTTP 404`);
    expect(rangesOf('/missing').length - before).toBe(1);
    await fetchToFile(`${site.url}/busy`, join(tmp(), 'x.part'), { ...fast, retries: 2 }).catch(() => undefined);
    expect(rangesOf('/busy')).toHaveLength(3);
  });

  it('calls a closed port offline at once, without retrying', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    const started = Date.now();
    const error = await fetchText(`http://127.0.0.1:${closed}/SHA256SUMS`, {
      stallMs: 3000,
      retries: 3,
      backoffMs: 500,
    }).catch((e: unknown) => e);
    expect((error as DownloadError).kind).toBe('offline');
    expect((error as Error).message).toBe(`The release site 127.0.0.1:${closed} cannot be reached (ECONNREFUSED)`);
    expect(Date.now() - started).toBeLessThan(400); // no backoff of 500 ms: not retried
  });

  it('extracts the binary from a release tarball after checking the tarball', async () => {
    const dest = join(tmp(), 'etcd');
    const etcd = file('/etcd.tar.gz', { name: 'etcd', member: 'etcd-v3.6.5-linux-amd64/etcd' });
    await verifiedDownload(etcd, digest(etcdTar), dest, fast);
    expect(readFileSync(dest).equals(etcdBinary)).toBe(true);
    expect(statSync(dest).mode & 0o111).toBe(0o111);
    expect(existsSync(`${dest}.part`)).toBe(false);
    const wrong = { ...etcd, member: 'etcd-v3.6.5-linux-amd64/nothing' };
    const error = await verifiedDownload(wrong, digest(etcdTar), join(tmp(), 'etcd'), fast).catch((e: unknown) => e);
    expect((error as DownloadError).kind).toBe('archive');
  });
});

describe('checksum documents', () => {
  const sha = digest(good);
  const sha512 = digest(good, 'sha512');
  const source = (
    format: 'hex' | 'sums' | 'github-digest',
    entry?: string,
    algorithm: 'sha256' | 'sha512' = 'sha256',
  ) => ({
    algorithm,
    format,
    url: 'https://example.test/sums',
    ...(entry ? { entry } : {}),
  });

  it("reads dl.k8s.io's bare digest, sha256 and sha512", () => {
    expect(expectedDigest(source('hex'), `${sha}\n`)).toBe(sha);
    expect(expectedDigest(source('hex', undefined, 'sha512'), sha512.toUpperCase())).toBe(sha512);
    expect(() => expectedDigest(source('hex', undefined, 'sha512'), sha)).toThrow(
      'https://example.test/sums holds no sha512 for the file',
    );
  });

  it("reads the line of its file in etcd's SHA256SUMS", () => {
    const sums = [
      `${'0'.repeat(64)}  etcd-v3.6.5-darwin-arm64.zip`,
      `${sha}  etcd-v3.6.5-linux-amd64.tar.gz`,
      `${'1'.repeat(64)} *etcd-v3.6.5-linux-arm64.tar.gz`,
    ].join('\n');
    expect(expectedDigest(source('sums', 'etcd-v3.6.5-linux-amd64.tar.gz'), sums)).toBe(sha);
    expect(expectedDigest(source('sums', 'etcd-v3.6.5-linux-arm64.tar.gz'), sums)).toBe('1'.repeat(64));
    expect(() => expectedDigest(source('sums', 'etcd-v3.6.5-linux-s390x.tar.gz'), sums)).toThrow(
      'holds no sha256 for etcd-v3.6.5-linux-s390x.tar.gz',
    );
  });

  it("reads an asset's digest from GitHub's release JSON", () => {
    const release = JSON.stringify({
      tag_name: 'v0.8.0',
      assets: [
        { name: 'kwok-linux-amd64', digest: `sha256:${sha}`, size: 1 },
        { name: 'kwokctl-linux-amd64', digest: null, size: 1 },
      ],
    });
    expect(expectedDigest(source('github-digest', 'kwok-linux-amd64'), release)).toBe(sha);
    expect(() => expectedDigest(source('github-digest', 'kwokctl-linux-amd64'), release)).toThrow(
      'holds no sha256 for kwokctl-linux-amd64',
    );
    expect(() => expectedDigest(source('github-digest', 'kwok-linux-amd64'), '<html>')).toThrow(
      'is not GitHub release JSON',
    );
  });
});
