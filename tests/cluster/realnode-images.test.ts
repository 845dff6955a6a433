/**
 * The real node's images, end to end: cka-lab builds them (cluster/node-images.yaml), a throwaway
 * containerd (the node's own build, on a unix socket in a temp folder, CRI off) imports them with
 * `ctr images import` under their full names, and each imported image runs: its root file system
 * is mounted from containerd's snapshot (`ctr images mount`) and its server started in fresh
 * namespaces (no network but its own loopback, own PIDs), then asked over loopback.
 * Needs root (containerd, mounts, namespaces), like every real-node test.
 */
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extract } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureNodeBinaries, nodeBinaryPath } from '../../src/cluster/realnode/binaries.js';
import { ensureNodeImages, type NodeImage } from '../../src/cluster/realnode/images.js';
import { realNodeTurn } from './realnode-turn.js';
import { hostsToml, serveImages } from '../../src/cluster/realnode/image-registry.js';
import { normaliseImage } from '../../src/cluster/local/stages.js';
import { stderrLog } from '../../src/util/log.js';
import { until } from './helpers.js';

/** A cold build of the node's binaries takes 5 to 15 minutes on 2 cores, of the images about a minute. */
const BUILD_MS = 40 * 60_000;

const tmp = mkdtempSync(join(tmpdir(), 'cka-lab-images-'));
const socket = join(tmp, 'containerd.sock');
let images: NodeImage[] = [];
let containerd: ReturnType<typeof execa> | undefined;
let buildMs = 0;

const ctr = (...args: string[]) =>
  execa(nodeBinaryPath('ctr'), ['--address', socket, '--namespace', 'k8s.io', ...args], {
    all: true,
    timeout: 120_000,
  });

/** The files of a tarball, by name. */
async function tarFiles(file: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const ex = extract();
  const done = new Promise<void>((ok, fail) => ex.on('finish', ok).on('error', fail));
  ex.on('entry', (h, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (c: unknown) => void chunks.push(c as Buffer));
    stream.on('end', () => {
      files.set(h.name, Buffer.concat(chunks));
      next();
    });
  });
  ex.end(readFileSync(file));
  await done;
  return files;
}

const image = (name: string): NodeImage => {
  const found = images.find((i) => i.refs.some((r) => normaliseImage(r).startsWith(`${name}:`)));
  if (!found) throw new Error(`no image ${name}`);
  return found;
};

/**
 * Runs `script` with busybox sh inside the root file system of the imported image `ref`, in new
 * mount, network and PID namespaces (loopback only; every process ends with the script).
 */
async function runInImage(ref: string, script: string, shell = '/bin/sh -c'): Promise<string> {
  const target = join(tmp, 'mnt', createHash('sha256').update(ref).digest('hex').slice(0, 12));
  mkdirSync(target, { recursive: true });
  await ctr('images', 'mount', '--rw', ref, target);
  try {
    // /proc and /dev are what a runtime gives every container; the image has neither.
    const inner = `${shell} '${script.replace(/'/g, `'\\''`)}'`; // single quotes: the outer sh expands nothing
    const outer =
      `set -e; mkdir -p ${target}/proc ${target}/dev; mount -t proc proc ${target}/proc; ` +
      `mount --rbind /dev ${target}/dev; mount --make-rslave ${target}/dev; ` +
      `exec chroot ${target} ${inner}`;
    const res = await execa('unshare', ['--mount', '--net', '--pid', '--fork', '--kill-child', 'sh', '-c', outer], {
      all: true,
      reject: false,
      timeout: 45_000, // before the test's own time runs out, so the finally below unmounts
    });
    return res.all ?? '';
  } finally {
    await ctr('images', 'unmount', '--rm', target).catch(() => undefined);
  }
}

/**
 * Waits (in the image's shell) for `probe` to succeed, then prints its output. Servers write to
 * a file here: their /dev/stdout would be the socket Node gives a child, which cannot be reopened
 * (a container's is a pipe).
 */
const waitFor = (probe: string) =>
  `i=0; until ${probe} >/tmp/probe 2>&1; do i=$((i+1)); [ $i -gt 100 ] && break; sleep 0.2; done; cat /tmp/probe`;

describe('real node images', () => {
  // The throwaway containerd below mounts and runs processes on the host: it takes its turn with the
  // real-node tests, whose host snapshots would otherwise see them.
  let endTurn: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    endTurn = await realNodeTurn();
    const bin = await ensureNodeBinaries(stderrLog());
    const started = Date.now();
    images = await ensureNodeImages(stderrLog(), { corednsBinary: join(bin, 'coredns') });
    buildMs = Date.now() - started;

    writeFileSync(
      join(tmp, 'config.toml'),
      `version = 3
root = '${tmp}/root'
state = '${tmp}/state'
disabled_plugins = ['io.containerd.grpc.v1.cri', 'io.containerd.cri.v1.runtime', 'io.containerd.internal.v1.opt',
  'io.containerd.nri.v1.nri', 'io.containerd.snapshotter.v1.btrfs', 'io.containerd.snapshotter.v1.zfs',
  'io.containerd.snapshotter.v1.devmapper', 'io.containerd.tracing.processor.v1.otlp', 'io.containerd.internal.v1.tracing']
[grpc]
  address = '${socket}'
[ttrpc]
  address = ''
[metrics]
  address = ''
`,
    );
    containerd = execa(nodeBinaryPath('containerd'), ['--config', join(tmp, 'config.toml')], {
      all: true,
      reject: false,
      buffer: true,
    });
    await until(
      () =>
        ctr('version').then(
          () => true,
          () => false,
        ),
      (up) => up,
      30_000,
    );
  }, BUILD_MS);

  afterAll(async () => {
    try {
      await stopContainerd();
    } finally {
      await endTurn?.();
    }
  });

  async function stopContainerd(): Promise<void> {
    containerd?.kill('SIGTERM');
    await containerd?.catch(() => undefined);
    // containerd 2.x's mount manager may leave a mount of its own under the state folder.
    const mounts = readFileSync('/proc/self/mounts', 'utf8')
      .split('\n')
      .map((line) => line.split(' ')[1] ?? '')
      .filter((m) => m.startsWith(`${tmp}/`))
      .sort((a, b) => b.length - a.length);
    for (const m of mounts) await execa('umount', [m], { reject: false });
    rmSync(tmp, { recursive: true, force: true });
  }

  it('writes each image as an OCI layout whose index names every reference of its recipe', async () => {
    const rows: string[] = [];
    for (const img of images) {
      const files = await tarFiles(img.tarball);
      expect(JSON.parse(files.get('oci-layout')!.toString())).toEqual({ imageLayoutVersion: '1.0.0' });
      const index = JSON.parse(files.get('index.json')!.toString()) as {
        manifests: { annotations: Record<string, string> }[];
      };
      expect(index.manifests.map((m) => m.annotations['io.containerd.image.name'])).toEqual(
        img.refs.map(normaliseImage),
      );
      rows.push(`${img.refs[0]}: ${statSync(img.tarball).size} bytes`);
    }
    expect(images.map((i) => i.refs[0])).toEqual(
      expect.arrayContaining(['registry.k8s.io/pause:3.10.1', 'busybox:latest', 'nginx:latest', 'redis:latest']),
    );
    console.log(`images ready in ${buildMs} ms:\n${rows.join('\n')}`);
  });

  it('ctr images import names them in containerd as the labs and the kubelet ask for them', async () => {
    const started = Date.now();
    for (const img of images) await ctr('images', 'import', img.tarball);
    const importMs = Date.now() - started;
    const listed = (await ctr('images', 'ls', '-q')).stdout.split('\n').filter(Boolean).sort();
    expect(listed).toEqual(images.flatMap((i) => i.refs.map(normaliseImage)).sort());
    for (const ref of ['docker.io/library/nginx:1.27', 'registry.k8s.io/coredns/coredns:v1.15.0'])
      expect(listed).toContain(ref);
    // Every blob is in the content store and every layer unpacked (diff_ids checked by containerd).
    const check = (await ctr('images', 'check')).stdout.split('\n').slice(1).filter(Boolean);
    expect(check.length).toBe(listed.length);
    for (const line of check) expect(line).toMatch(/\scomplete \(\d+\/\d+\).*\strue\s*$/);
    console.log(`imported ${images.length} images in ${importMs} ms`);
  });

  it('pulls through the loopback registry: a built image by tag, and "not found" for any other', async () => {
    const registry = await serveImages(images.map((i) => i.tarball));
    try {
      const hosts = join(tmp, 'certs.d', '_default');
      mkdirSync(hosts, { recursive: true });
      writeFileSync(join(hosts, 'hosts.toml'), hostsToml(registry.url));
      const pull = (ref: string) =>
        execa(
          nodeBinaryPath('ctr'),
          [
            '--address',
            socket,
            '--namespace',
            'pulls',
            'images',
            'pull',
            '--local',
            '--hosts-dir',
            join(tmp, 'certs.d'),
            ref,
          ],
          { all: true, reject: false, timeout: 120_000 },
        );
      const ok = await pull('docker.io/library/nginx:latest');
      expect(ok.exitCode, ok.all).toBe(0);
      const pause = await pull('registry.k8s.io/pause:3.10.1');
      expect(pause.exitCode, pause.all).toBe(0);
      const typo = await pull('docker.io/library/ngnix:latest');
      expect(typo.exitCode).not.toBe(0);
      expect(typo.all).toMatch(/not found/);
    } finally {
      await registry.close();
    }
  });

  it('nginx serves its welcome page on port 80, logging the request to stdout', async () => {
    const out = await runInImage(
      normaliseImage(image('docker.io/library/nginx').refs[0]!),
      `ip link set lo up; /docker-entrypoint.sh nginx -g 'daemon off;' >/tmp/out 2>&1 & ` +
        `${waitFor('wget -qO- http://127.0.0.1/')}; sleep 0.2; cat /tmp/out`,
    );
    expect(out).toContain('<title>Welcome to nginx!</title>');
    expect(out).toMatch(/"GET \/ HTTP\/1\.1" 200/);
  });

  it('nginx-unprivileged serves on 8080 as uid 101', async () => {
    const out = await runInImage(
      normaliseImage(image('docker.io/nginxinc/nginx-unprivileged').refs[0]!),
      `ip link set lo up; su -s /bin/sh -c "/docker-entrypoint.sh nginx -g 'daemon off;' >/tmp/log 2>&1" nginx & ` +
        `${waitFor('wget -qO- http://127.0.0.1:8080/')}; ps -o user,args | grep '[n]ginx: worker'`,
    );
    expect(out).toContain('<title>Welcome to nginx!</title>');
    expect(out).toMatch(/^nginx\s+nginx: worker process/m);
  });

  it('httpd serves "It works!" on port 80 with Debian apache2 and its modules', async () => {
    const out = await runInImage(
      normaliseImage(image('docker.io/library/httpd').refs[0]!),
      `ip link set lo up; cd /usr/local/apache2; PATH=/usr/local/apache2/bin:$PATH httpd-foreground >/tmp/out 2>&1 & ` +
        `${waitFor('wget -qO- http://127.0.0.1/')}; sleep 0.2; cat /tmp/out`,
    );
    expect(out).toContain('<h1>It works!</h1>');
    expect(out).not.toMatch(/must be installed|error while loading/);
  });

  it('redis answers PING on 6379, as user redis with protected mode off', async () => {
    const out = await runInImage(
      normaliseImage(image('docker.io/library/redis').refs[0]!),
      `ip link set lo up; cd /data; docker-entrypoint.sh redis-server >/dev/null & ${waitFor('redis-cli ping')}; ` +
        `redis-cli config get protected-mode | tail -1; ps -o user,args | grep '[r]edis-server'`,
    );
    expect(out).toMatch(/^PONG$/m);
    expect(out).toMatch(/^no$/m);
    expect(out).toMatch(/^redis\s+redis-server \*:6379/m);
  });

  it('memcached answers on 11211 as user memcache', async () => {
    const out = await runInImage(
      normaliseImage(image('docker.io/library/memcached').refs[0]!),
      `ip link set lo up; su -s /bin/sh -c 'docker-entrypoint.sh memcached' memcache & ` +
        waitFor(`sh -c 'printf "version\\r\\nquit\\r\\n" | nc 127.0.0.1 11211 | grep VERSION'`),
    );
    expect(out).toMatch(/^VERSION 1\.6\.\d+/m);
  });

  it('busybox has a shell and its applets', async () => {
    const out = await runInImage('docker.io/library/busybox:1.36', 'echo ok; ls /bin/sh; wget --help 2>&1 | head -1');
    expect(out).toMatch(/^ok$/m);
    expect(out).toContain('BusyBox v1.');
  });

  it('pause and coredns (no shell inside) run', async () => {
    expect(await runInImage('registry.k8s.io/pause:3.10.2', '-v', '/pause')).toMatch(/^pause\.c /m);
    expect(await runInImage('registry.k8s.io/coredns/coredns:v1.15.0', '-version', '/coredns')).toMatch(
      /^CoreDNS-1\.15\.0$/m,
    );
  });
});
