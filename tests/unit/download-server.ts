// A release site of the download tests' own, on 127.0.0.1: it serves small files with their
// checksums and can misbehave on purpose (cut a body short, stall, ignore Range, corrupt a file).
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';

/** How the server answers one path. */
export interface Route {
  body: Buffer;
  /** Honour `Range: bytes=N-` with 206 (default true). */
  range?: boolean;
  /** Cut the first N answers off after half of the body (the Content-Length says the whole). */
  cutFirst?: number;
  /** Send the headers and then nothing (a stalled transfer), for the first N answers. */
  stallFirst?: number;
  /** Send the body in this many pieces, one every `everyMs` (a slow but steady transfer). */
  trickle?: { pieces: number; everyMs: number };
  /** Close the connection after the answer (`Connection: close`, as python -m http.server does). */
  close?: boolean;
  /** Redirect (302) to this path or URL, as release sites redirect to their CDN. */
  redirect?: string;
  /** Answer with this status and no body. */
  status?: number;
}

/** A running test server: its base URL, its routes, and the requests it saw. */
export interface TestSite {
  url: string;
  routes: Map<string, Route>;
  /** Every request: path and its Range header (or undefined). */
  requests: { path: string; range: string | undefined }[];
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 (a free port) with `routes`. */
export async function startSite(routes: Record<string, Route> = {}): Promise<TestSite> {
  const map = new Map(Object.entries(routes));
  const requests: TestSite['requests'] = [];
  const answered = new Map<string, number>();
  const sockets = new Set<import('node:net').Socket>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const range = req.headers.range;
    requests.push({ path, range });
    const route = map.get(path);
    if (!route) return void res.writeHead(404).end('not found');
    if (route.status) return void res.writeHead(route.status).end();
    if (route.redirect) return void res.writeHead(302, { location: route.redirect }).end();
    const n = (answered.get(path) ?? 0) + 1;
    answered.set(path, n);
    let body = route.body;
    if (route.close) res.setHeader('connection', 'close');
    const m = /^bytes=(\d+)-$/.exec(range ?? '');
    if (m && route.range !== false) {
      const start = Number(m[1]);
      if (start >= body.length) {
        return void res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
      }
      res.writeHead(206, {
        'content-length': body.length - start,
        'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
        'accept-ranges': 'bytes',
      });
      body = body.subarray(start);
    } else {
      res.writeHead(200, {
        'content-length': body.length,
        ...(route.range !== false ? { 'accept-ranges': 'bytes' } : {}),
      });
    }
    if (n <= (route.stallFirst ?? 0)) return void res.flushHeaders(); // and never a byte more
    if (n <= (route.cutFirst ?? 0)) {
      // Cut only once the half is on its way: on a loaded machine a cut 20 ms after write() could
      // come before any byte left, and the retry then had nothing to resume from.
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => setTimeout(() => res.socket?.destroy(), 20));
      return;
    }
    if (route.trickle) {
      const { pieces, everyMs } = route.trickle;
      const size = Math.ceil(body.length / pieces);
      let i = 0;
      const next = (): void => {
        if (res.destroyed) return;
        if (i >= body.length) return void res.end();
        res.write(body.subarray(i, (i += size)));
        setTimeout(next, everyMs);
      };
      return next();
    }
    res.end(body);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    routes: map,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Hex digest of a buffer. */
export const digest = (data: Buffer, algorithm: 'sha256' | 'sha512' = 'sha256'): string =>
  createHash(algorithm).update(data).digest('hex');

/** Some bytes that stand for a binary: `size` bytes derived from `seed`. */
export function fakeBinary(seed: string, size = 200_000): Buffer {
  const out = Buffer.alloc(size);
  let block = createHash('sha256').update(seed).digest();
  for (let i = 0; i < size; i += block.length) {
    block.copy(out, i);
    block = createHash('sha256').update(block).digest();
  }
  return out;
}

/** A .tar.gz holding `files` (path in the archive → content), like etcd's release tarball. */
export async function tarGz(files: Record<string, Buffer>): Promise<Buffer> {
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on('data', (c: unknown) => void chunks.push(c as Buffer));
  const done = new Promise<void>((resolve) => tar.on('end', resolve));
  for (const [name, content] of Object.entries(files)) tar.entry({ name, mode: 0o755 }, content);
  tar.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}
