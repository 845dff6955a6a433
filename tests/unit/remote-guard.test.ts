import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { delimiter, join, relative } from 'node:path';
import { exitCodeOf } from '../../src/cli/exit-codes.js';
import { UsageError } from '../../src/errors.js';
import { connect } from '../../src/cluster/connect.js';
import { isLoopbackHost } from '../../src/cluster/safety.js';
import type { KubeTarget } from '../../src/kube/config.js';
import { xdgDir } from '../../src/util/paths.js';

// The "remote" host is this machine's own non-loopback address when it has one, with a
// listener that counts connections: the guard must refuse before a single byte goes there.
// Without such an interface, a documentation address (nothing answers there) stands in.
const external = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
const REMOTE_IP = external ?? '203.0.113.10';
let listener: Server | undefined;
let connections = 0;
let port = 6443;

const dir = mkdtempSync(join(tmpdir(), 'remote-guard-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const silent = { info() {}, warn() {}, debug() {}, error() {} } as never;
let n = 0;

/** Writes a kubeconfig with one context per cluster entry, returns its path. */
function kubeconfig(
  clusters: { name: string; server: string; proxy?: string }[],
  current?: string,
  where = join(dir, `k${++n}`),
): string {
  mkdirSync(where, { recursive: true });
  const file = join(where, 'kubeconfig');
  const lines = ['apiVersion: v1', 'kind: Config', 'clusters:'];
  for (const c of clusters) {
    lines.push(`- name: ${c.name}`, '  cluster:', `    server: ${c.server}`, '    insecure-skip-tls-verify: true');
    if (c.proxy) lines.push(`    proxy-url: ${c.proxy}`);
  }
  lines.push('users:', '- name: u', '  user:', '    token: secret', 'contexts:');
  for (const c of clusters) lines.push(`- name: ${c.name}`, '  context:', `    cluster: ${c.name}`, '    user: u');
  if (current) lines.push(`current-context: ${current}`);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** Runs the real connect() path (load, then guard) and returns the refusal, or undefined when let through. */
async function refusal(
  target: KubeTarget,
  env: Record<string, string | undefined> = {},
): Promise<UsageError | undefined> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(env)) v === undefined ? delete process.env[k] : (process.env[k] = v);
  try {
    await connect(target, silent);
    return undefined;
  } catch (err) {
    if (err instanceof UsageError) return err;
    throw err;
  } finally {
    for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
  }
}

/** Asserts a one-sentence UsageError (exit 2). */
function expectRefused(err: UsageError | undefined, mentions: string): void {
  expect(err, 'refused').toBeInstanceOf(UsageError);
  expect(exitCodeOf(err)).toBe(2);
  expect(err!.message).not.toContain('\n');
  expect(err!.message).toMatch(/^The context ".*\.$/);
  expect(err!.message.split('; ').length).toBe(2);
  expect(err!.message).toContain(mentions);
  expect(err!.message).toContain('pass --allow-remote');
}

/** A name from /etc/hosts whose every entry is a loopback address (e.g. the machine's name), if any. */
function hostsLoopbackName(): string | undefined {
  let text: string;
  try {
    text = readFileSync('/etc/hosts', 'utf8');
  } catch {
    return undefined;
  }
  const seen = new Map<string, boolean>();
  for (const line of text.split('\n')) {
    const [ip, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (!ip || names.length === 0) continue;
    const loop = /^127\./.test(ip) || ip === '::1';
    for (const name of names) seen.set(name, (seen.get(name) ?? true) && loop);
  }
  return [...seen].find(
    ([name, loop]) => loop && name !== 'localhost' && !name.endsWith('.localhost') && /^[a-z][a-z0-9.-]*$/i.test(name),
  )?.[0];
}

beforeAll(async () => {
  if (!external) return;
  listener = createServer((s) => {
    connections++;
    s.destroy();
  });
  await new Promise<void>((done) => listener!.listen(0, external, done));
  port = (listener.address() as { port: number }).port;
});
afterAll(() => listener?.close());
afterEach(() => {
  // Not one connection reached the "remote" host, whatever the test.
  expect(connections).toBe(0);
});

describe('the remote-context guard', () => {
  const remote = () => `https://${REMOTE_IP}:${port}`;

  it('refuses a remote context that comes from the second file in KUBECONFIG', async () => {
    // The first file is cka-lab's own (in its state folder) and local; the selected context is in the second.
    const own = kubeconfig(
      [{ name: 'lab', server: 'https://127.0.0.1:6443' }],
      undefined,
      join(xdgDir('state'), 'guard-first'),
    );
    const other = kubeconfig([{ name: 'prod', server: remote() }], 'prod');
    expectRefused(await refusal({}, { KUBECONFIG: [own, other].join(delimiter) }), `"prod" points at ${remote()}`);
    // Also when the first file names the current context and the second defines it, or --context picks it.
    const pointer = kubeconfig([{ name: 'lab2', server: 'https://127.0.0.1:6443' }], 'prod2');
    const target = kubeconfig([{ name: 'prod2', server: remote() }]);
    expectRefused(await refusal({}, { KUBECONFIG: [pointer, target].join(delimiter) }), '"prod2"');
    expectRefused(await refusal({ context: 'prod2' }, { KUBECONFIG: [pointer, target].join(delimiter) }), '"prod2"');
    // The local context of the same files is fine.
    expect(await refusal({ context: 'lab2' }, { KUBECONFIG: [pointer, target].join(delimiter) })).toBeUndefined();
  });

  it('trusts no context name: kind-prod and minikube-production with a remote server are refused', async () => {
    for (const name of ['kind-prod', 'minikube-production', 'docker-desktop', 'k3d-x', 'kwok-cka-lab']) {
      expectRefused(
        await refusal({ kubeconfig: kubeconfig([{ name, server: remote() }], name) }),
        `"${name}" points at`,
      );
    }
  });

  it('refuses names that only look like loopback addresses', async () => {
    for (const server of [
      'https://127.0.0.1.attacker.example:6443',
      'https://localhost.attacker.example',
      'https://127.0.0.1.nip.io.invalid',
    ]) {
      expectRefused(await refusal({ kubeconfig: kubeconfig([{ name: 'c', server }], 'c') }), 'points at');
    }
  });

  it('refuses a proxy-url to a remote host, even with a 127.0.0.1 server', async () => {
    for (const proxy of [
      `http://${REMOTE_IP}:${port}`,
      `socks5://${REMOTE_IP}:${port}`,
      `http://user:pw@${REMOTE_IP}:${port}`,
      'not a url',
    ]) {
      const err = await refusal({
        kubeconfig: kubeconfig([{ name: 'c', server: 'https://127.0.0.1:6443', proxy }], 'c'),
      });
      expectRefused(err, 'through the proxy');
      expect(err!.message).not.toContain('pw@');
    }
    // A proxy on this machine is this machine.
    expect(
      await refusal({
        kubeconfig: kubeconfig(
          [{ name: 'c', server: 'https://127.0.0.1:6443', proxy: 'socks5://127.0.0.1:1080' }],
          'c',
        ),
      }),
    ).toBeUndefined();
  });

  it("compares cka-lab's own kubeconfig paths as paths, not text prefixes", async () => {
    const state = xdgDir('state');
    // A sibling folder whose name starts with the state folder's name.
    const sibling = kubeconfig([{ name: 'c', server: remote() }], 'c', `${state}-evil`);
    expectRefused(await refusal({ kubeconfig: sibling }), 'points at');
    // A folder inside the state folder reached through "..".
    const dotdot = kubeconfig([{ name: 'c', server: remote() }], 'c', join(dir, 'dotdot'));
    expectRefused(await refusal({ kubeconfig: `${state}/${relative(state, dotdot)}` }), 'points at');
    // A symlink inside the state folder to a file outside it.
    mkdirSync(join(state, 'links'), { recursive: true });
    symlinkSync(sibling, join(state, 'links', 'kubeconfig'));
    expectRefused(await refusal({ kubeconfig: join(state, 'links', 'kubeconfig') }), 'points at');
    // A kubeconfig cka-lab wrote (the k3s driver's server may be a Docker host) is trusted.
    const own = kubeconfig([{ name: 'k3s', server: remote() }], 'k3s', join(state, 'k3s'));
    expect(await refusal({ kubeconfig: own })).toBeUndefined();
    // ... but not when another file joins it in KUBECONFIG.
    const stranger = kubeconfig([{ name: 'x', server: 'https://127.0.0.1:1' }]);
    expectRefused(await refusal({}, { KUBECONFIG: [own, stranger].join(delimiter) }), '"k3s" points at');
  });

  it('refuses 0.0.0.0 and :: (unspecified, not loopback) and other private addresses', async () => {
    for (const server of [
      'https://0.0.0.0:6443',
      'https://[::]:6443',
      'https://10.0.0.1:6443',
      'https://[::ffff:10.0.0.1]:6443',
      'https://128.0.0.1',
    ]) {
      expectRefused(await refusal({ kubeconfig: kubeconfig([{ name: 'c', server }], 'c') }), 'points at');
    }
  });

  it('lets local servers through: 127.0.0.0/8, [::1], IPv4-mapped, localhost, *.localhost', async () => {
    for (const server of [
      'https://127.0.0.1:6443',
      'https://127.45.6.7:6443',
      'https://[::1]:6443',
      'https://[0:0:0:0:0:0:0:1]:6443',
      'https://[::ffff:127.0.0.1]:6443',
      'https://0x7f.1:6443',
      'https://localhost:6443',
      'https://LOCALHOST:6443',
      'https://api.cka.localhost:6443',
      'http://127.0.0.1:8080',
    ]) {
      expect(
        await refusal({ kubeconfig: kubeconfig([{ name: 'kind-prod', server }], 'kind-prod') }),
        server,
      ).toBeUndefined();
    }
  });

  it('lets through a name that resolves only to loopback addresses, unless an environment proxy would carry it away', async () => {
    const name = hostsLoopbackName();
    // These machines name themselves in /etc/hosts on 127.0.0.1 (runsc, vm); a machine without such a name fails here
    // rather than skip, so the rule is always exercised where CI runs.
    expect(name, '/etc/hosts has no loopback-only name besides localhost').toBeDefined();
    if (!name) return;
    expect(await isLoopbackHost(name)).toBe(true);
    const file = kubeconfig([{ name: 'c', server: `https://${name}:6443` }], 'c');
    const clean = { HTTPS_PROXY: undefined, https_proxy: undefined, NO_PROXY: undefined, no_proxy: undefined };
    expect(await refusal({ kubeconfig: file }, clean)).toBeUndefined();
    expectRefused(
      await refusal({ kubeconfig: file }, { ...clean, HTTPS_PROXY: `http://${REMOTE_IP}:${port}` }),
      'through the proxy',
    );
    expectRefused(
      await refusal(
        { kubeconfig: file },
        { ...clean, https_proxy: `http://${REMOTE_IP}:${port}`, NO_PROXY: 'other.example,10.0.0.0/8' },
      ),
      'through the proxy',
    );
    expect(
      await refusal(
        { kubeconfig: file },
        { ...clean, HTTPS_PROXY: `http://${REMOTE_IP}:${port}`, NO_PROXY: `example.com, ${name}` },
      ),
    ).toBeUndefined();
    expect(
      await refusal({ kubeconfig: file }, { ...clean, HTTPS_PROXY: `http://${REMOTE_IP}:${port}`, no_proxy: '*' }),
    ).toBeUndefined();
    expect(await refusal({ kubeconfig: file }, { ...clean, HTTPS_PROXY: 'http://127.0.0.1:3128' })).toBeUndefined();
    // A loopback literal is never proxied (as in Go, hence kubectl).
    const literal = kubeconfig([{ name: 'c', server: 'https://127.0.0.1:6443' }], 'c');
    expect(
      await refusal({ kubeconfig: literal }, { ...clean, HTTPS_PROXY: `http://${REMOTE_IP}:${port}` }),
    ).toBeUndefined();
  });

  it('lets every refused target through with --allow-remote, still without contacting it', async () => {
    const files = [
      kubeconfig([{ name: 'kind-prod', server: remote() }], 'kind-prod'),
      kubeconfig([{ name: 'c', server: 'https://127.0.0.1.attacker.example:6443' }], 'c'),
      kubeconfig([{ name: 'c', server: 'https://127.0.0.1:6443', proxy: `http://${REMOTE_IP}:${port}` }], 'c'),
      kubeconfig([{ name: 'c', server: remote() }], 'c', `${xdgDir('state')}-evil2`),
    ];
    for (const file of files) {
      expect(await refusal({ kubeconfig: file })).toBeInstanceOf(UsageError);
      expect(await refusal({ kubeconfig: file, allowRemote: true })).toBeUndefined();
    }
    const own = kubeconfig(
      [{ name: 'lab', server: 'https://127.0.0.1:6443' }],
      undefined,
      join(xdgDir('state'), 'guard-allow'),
    );
    const other = kubeconfig([{ name: 'prod', server: remote() }], 'prod');
    expect(await refusal({ allowRemote: true }, { KUBECONFIG: [own, other].join(delimiter) })).toBeUndefined();
  });
});
