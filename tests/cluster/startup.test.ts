import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { execa } from 'execa';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
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
afterAll(() => rmSync(work, { recursive: true, force: true }));
/** A preload that writes, at exit, the built-in modules and files the process loaded. */
const preload = join(work, 'loaded.cjs');
writeFileSync(
  preload,
  `process.on('exit', () => require('fs').writeFileSync(process.env.LOADED_FILE, JSON.stringify({ builtins: process.moduleLoadList, files: Object.keys(require.cache) })));\n`,
);

const labCheck = (env: Record<string, string>, ...pre: string[]) =>
  execa('node', [...pre, bin, 'check', 'replicaset', '-n', ns, '--kubeconfig', kubeconfig], { env, reject: false });

beforeAll(async () => {
  expect(
    (await execa('node', [bin, 'start', 'replicaset', '-n', ns, '--no-note', '--kubeconfig', kubeconfig])).exitCode,
  ).toBe(0);
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
    for (const heavy of [
      'child_process',
      'worker_threads',
      'assert',
      'readline',
      'perf_hooks',
      'internal/fs/promises',
      'zlib',
      'http2',
    ]) {
      expect(builtins, heavy).not.toContain(`NativeModule ${heavy}`);
    }
    // Only bin/lab.cjs and the preload itself: the bundle runs as a vm.Script, and no dist/vendor file is required.
    expect(files.filter((f) => f.startsWith(root)).map((f) => f.slice(root.length))).toEqual(['/bin/lab.cjs']);
  });

  it('keeps the code caches, and runs the same with them, without them, or with every cache file damaged', async () => {
    const cacheHome = join(work, 'cache-b');
    const env = { XDG_CACHE_HOME: cacheHome };
    const list = () => execa('node', [bin, 'list'], { env, reject: false });
    const first = await labCheck(env);
    const firstList = await list(); // requires dist/vendor/cli-table3.cjs: Node's compile cache
    const v8 = join(cacheHome, 'cka-lab', 'v8');
    const [copy] = readdirSync(v8);
    const written = readdirSync(join(v8, copy!));
    expect(written).toEqual([
      expect.stringMatching(new RegExp(`^check-${process.version}-${process.arch}-\\d+-\\d+\\.bin$`)),
      expect.stringMatching(/^list-/),
    ]);
    const checkCache = join(v8, copy!, written[0]!);
    const compile = join(cacheHome, 'cka-lab', 'compile');
    const files = [
      ...written.map((f) => join(v8, copy!, f)),
      ...readdirSync(compile, { recursive: true })
        .map((f) => join(compile, String(f)))
        .filter((f) => statSync(f).isFile()),
    ];
    expect(files.length).toBeGreaterThan(2);

    const cached = await labCheck(env);
    // Bytes flipped in the middle of every cache file: before the checksum, V8 took a damaged
    // code cache and aborted every later run with a native fatal error (exit 133).
    const damagedCheckCache = (() => {
      for (const f of files) {
        const bytes = readFileSync(f);
        const mid = bytes.length >> 1;
        for (let i = mid; i < Math.min(mid + 64, bytes.length); i++) bytes[i]! ^= 0xff;
        writeFileSync(f, bytes);
      }
      return readFileSync(checkCache);
    })();
    const damaged = await labCheck(env);
    const damagedList = await list();
    const uncached = await labCheck({ ...env, CKA_LAB_CODE_CACHE: '0' });
    for (const run of [cached, damaged, uncached]) {
      expect(run.exitCode).toBe(first.exitCode);
      expect(run.stdout).toBe(first.stdout);
      expect(run.stderr).toBe('');
    }
    expect([damagedList.exitCode, damagedList.stdout, damagedList.stderr]).toEqual([
      firstList.exitCode,
      firstList.stdout,
      firstList.stderr,
    ]);
    // The damaged cache was not used, and the run wrote a good one in its place.
    const rewritten = readFileSync(checkCache);
    expect(rewritten.equals(damagedCheckCache)).toBe(false);
    expect(rewritten.length).toBeGreaterThan(1000);
  });

  it('points stack traces at src/ with --debug, through the source map next to the bundle', async () => {
    const missing = join(work, 'no-such-kubeconfig');
    const run = await execa('node', [bin, 'check', 'replicaset', '--kubeconfig', missing, '--debug'], {
      reject: false,
    });
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
    expect(run.stderr).toBe(
      `error: cka-lab is not built (${join(copy, 'dist', 'lab.cjs')} is missing); run \`npm install\` or \`npm run build\` in ${copy}.`,
    );
  });
});
