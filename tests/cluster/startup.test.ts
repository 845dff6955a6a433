import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { execa } from 'execa';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentRoot } from '../../src/util/paths.js';
import { dropNamespace, freshNamespace, testClient } from './helpers.js';

// What `lab check` loads decides most of what it costs (bench/ measures the time). These
// tests pin down the loading itself, so a stray static import shows up as a failure here.

const root = contentRoot();
const bin = join(root, 'bin', 'lab.cjs');
const kubeconfig = inject('kubeconfig');
const client = testClient();
const ns = freshNamespace('startup');
const work = mkdtempSync(join(tmpdir(), 'startup-'));
/** A preload that writes, at exit, the built-in modules and files the process loaded. */
const preload = join(work, 'loaded.cjs');
writeFileSync(
  preload,
  `process.on('exit', () => require('fs').writeFileSync(process.env.LOADED_FILE, JSON.stringify({ builtins: process.moduleLoadList, files: Object.keys(require.cache) })));\n`,
);

const labCheck = (env: Record<string, string>, ...pre: string[]) =>
  execa('node', [...pre, bin, 'check', 'replicaset', '-n', ns, '--kubeconfig', kubeconfig], { env, reject: false });

beforeAll(async () => {
  expect((await execa('node', [bin, 'start', 'replicaset', '-n', ns, '--no-note', '--kubeconfig', kubeconfig])).exitCode).toBe(0);
});
afterAll(() => dropNamespace(client, ns));

describe('what a `lab check` process loads', () => {
  it('loads no vendored package and none of the heavy built-ins, once the lab is in the validated-lab cache', async () => {
    const file = join(work, 'loaded.json');
    const cacheHome = join(work, 'cache-a');
    await labCheck({ XDG_CACHE_HOME: cacheHome }); // the first run parses the lab file (zod, yaml) and caches it
    const run = await labCheck({ LOADED_FILE: file, XDG_CACHE_HOME: cacheHome }, '-r', preload);
    expect(run.exitCode).toBe(1); // the setup state fails its checks
    const { builtins, files } = JSON.parse(readFileSync(file, 'utf8')) as { builtins: string[]; files: string[] };
    // Each of these costs milliseconds of start-up, and a check needs none of them.
    for (const heavy of ['child_process', 'worker_threads', 'assert', 'readline', 'perf_hooks', 'internal/fs/promises', 'zlib', 'http2']) {
      expect(builtins, heavy).not.toContain(`NativeModule ${heavy}`);
    }
    // Only bin/lab.cjs and the bundle (besides the preload itself): no dist/vendor file is required.
    expect(files.filter((f) => f.startsWith(root)).map((f) => f.slice(root.length))).toEqual(['/bin/lab.cjs', '/dist/lab.cjs']);
  });

  it("keeps Node's compile cache, and runs the same with it, without it, or with every cache file damaged", async () => {
    const cacheHome = join(work, 'cache-b');
    const first = await labCheck({ XDG_CACHE_HOME: cacheHome });
    const compile = join(cacheHome, 'cka-lab', 'compile');
    // One folder per Node version and V8 flags, one file per compiled module.
    const [version] = readdirSync(compile);
    expect(version).toMatch(new RegExp(`^${process.version}-${process.arch}-`));
    const dir = join(compile, version!);
    const files = readdirSync(dir).map((f) => join(dir, f));
    expect(files.length).toBeGreaterThan(0);
    const bundleEntry = files.find((f) => readFileSync(f).length > 10_000);
    expect(bundleEntry, 'a cache entry for dist/lab.cjs').toBeDefined();

    const cached = await labCheck({ XDG_CACHE_HOME: cacheHome });
    // Bytes flipped in the middle of every cache file: the hand-made V8 cache this replaced
    // aborted every later run with a native fatal error (exit 133) until it was deleted.
    const damagedBytes = new Map<string, Buffer>();
    for (const f of files) {
      const bytes = readFileSync(f);
      const mid = bytes.length >> 1;
      for (let i = mid; i < Math.min(mid + 64, bytes.length); i++) bytes[i]! ^= 0xff;
      writeFileSync(f, bytes);
      damagedBytes.set(f, bytes);
    }
    const damaged = await labCheck({ XDG_CACHE_HOME: cacheHome });
    const uncached = await labCheck({ XDG_CACHE_HOME: cacheHome, CKA_LAB_CODE_CACHE: '0' });
    for (const run of [cached, damaged, uncached]) {
      expect(run.exitCode).toBe(first.exitCode);
      expect(run.stdout).toBe(first.stdout);
      expect(run.stderr).toBe('');
    }
    // Node found the damage (each entry is checksummed) and wrote the entry again.
    expect(readFileSync(bundleEntry!).equals(damagedBytes.get(bundleEntry!)!)).toBe(false);
  });

  it('points stack traces at src/ with --debug, through the source map next to the bundle', async () => {
    const missing = join(work, 'no-such-kubeconfig');
    const run = await execa('node', [bin, 'check', 'replicaset', '--kubeconfig', missing, '--debug'], { reject: false });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toMatch(/at loadKubeConfig \(.*src\/kube\/config\.ts:\d+:\d+\)/);
    const plain = await execa('node', [bin, 'check', 'replicaset', '--kubeconfig', missing], { reject: false });
    expect(plain.stderr).not.toMatch(/\n\s+at /); // one sentence, no stack, without --debug
  });

  it('says in one sentence how to build it when dist/ is missing', async () => {
    const copy = join(work, 'unbuilt');
    mkdirSync(join(copy, 'bin'), { recursive: true });
    copyFileSync(bin, join(copy, 'bin', 'lab.cjs'));
    const run = await execa('node', [join(copy, 'bin', 'lab.cjs'), 'list'], { reject: false });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(`error: cka-lab is not built (${join(copy, 'dist', 'lab.cjs')} is missing); run \`npm install\` or \`npm run build\` in ${copy}.`);
  });
});
