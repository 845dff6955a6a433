#!/usr/bin/env node
// What each piece of start-up machinery still earns: builds the CLI once as it is and once
// without each shim of scripts/shims/ (and with other code caches in bin/lab.cjs: none,
// Node's compile cache only, V8's code cache without the checksum), then times `lab check` of every build, interleaved
// round by round in rotated order, against a running cluster. Prints JSON: medians of wall
// and CPU time, and the median of the per-round differences to the build as it is.
//
// usage: node bench/shims.mjs --kubeconfig <file> [-n <namespace>] [--rounds 20]
// The namespace gets the replicaset lab (`lab start`) if it has none yet.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const { values: opt } = parseArgs({ options: { kubeconfig: { type: 'string' }, n: { type: 'string', short: 'n', default: 'bench-shims' }, rounds: { type: 'string', default: '20' } } });
if (!opt.kubeconfig) throw new Error('usage: node bench/shims.mjs --kubeconfig <file> [-n <namespace>] [--rounds 20]');
const rounds = Number(opt.rounds);
const work = mkdtempSync(join(tmpdir(), 'cka-lab-shims-'));
const log = (m) => process.stderr.write(`[shims] ${m}\n`);

/** Drops the SWAPS entry that uses `file`. */
const dropSwap = (file) => (s) => s.split('\n').filter((l) => !l.includes(`shim: '${file}'`)).join('\n');
/** Takes `name` out of DEFERRED: client-node then imports (and the bundle holds and runs) the real package. */
const dropDeferred = (name) => (s) => s.replace(/const DEFERRED = \[([^\]]*)\];/, (_, list) => `const DEFERRED = [${list.split(', ').filter((x) => x !== `'${name}'`).join(', ')}];`);

/**
 * The builds: `bundle` edits scripts/bundle.mjs, `src` edits a source file, `bin` replaces
 * bin/lab.cjs, `env` is added to each run.
 */
const VARIANTS = {
  current: {},
  'no code cache at all (CKA_LAB_CODE_CACHE=0)': { env: { CKA_LAB_CODE_CACHE: '0' } },
  "Node's compile cache only (enableCompileCache + require)": { bin: 'compileCacheOnly' },
  'V8 code cache without the checksum (bin/lab.cjs of 1de52dc)': { bin: 'handmade' },
  'no child_process shim': { bundle: dropSwap('child_process.cjs') },
  'no assert shim (signal-exit)': { bundle: dropSwap('assert.cjs') },
  'no worker_threads shim (write-file-atomic)': { bundle: dropSwap('worker_threads.cjs') },
  'no graceful-fs shim (proper-lockfile)': { bundle: dropSwap('graceful-fs.cjs') },
  'no client-node gen/index shim': { bundle: dropSwap('client-node-gen.mjs') },
  'client-node from its index (no deep import)': {
    src: (s) => s.replace("'@kubernetes/client-node/dist/config.js'", "'@kubernetes/client-node'").replace("'@kubernetes/client-node/dist/watch.js'", "'@kubernetes/client-node'"),
  },
  'undici not deferred': { bundle: dropDeferred('undici') },
  'socks not deferred': { bundle: dropDeferred('socks') },
  'socks-proxy-agent not deferred': { bundle: dropDeferred('socks-proxy-agent') },
  'openid-client not deferred': { bundle: dropDeferred('openid-client') },
  'jsonpath-plus not deferred': { bundle: dropDeferred('jsonpath-plus') },
};

/** The standard way: Node's compile cache for every file, the bundle loaded by require. */
const COMPILE_CACHE_ONLY = `'use strict';
const path = require('node:path');
const base = process.env.XDG_CACHE_HOME || path.join(require('node:os').homedir(), '.cache');
require('node:module').enableCompileCache(path.join(base, 'cka-lab', 'compile'));
require(path.join(__dirname, '..', 'dist', 'lab.cjs'));
`;

/** The bin/lab.cjs of commit 1de52dc: V8's code cache through vm.Script, per command, without a checksum. */
function handmadeBin() {
  return spawnSync('git', ['show', '1de52dc:bin/lab.cjs'], { cwd: root, encoding: 'utf8' }).stdout;
}

function build(name, v) {
  const dir = join(work, name.replace(/[^a-z0-9]+/gi, '-'));
  mkdirSync(dir, { recursive: true });
  for (const f of ['node_modules', 'package.json', 'labs', 'manifests', 'notes']) symlinkSync(join(root, f), join(dir, f));
  cpSync(join(root, 'scripts'), join(dir, 'scripts'), { recursive: true });
  cpSync(join(root, 'src'), join(dir, 'src'), { recursive: true });
  cpSync(join(root, 'bin'), join(dir, 'bin'), { recursive: true });
  if (v.bundle) {
    const file = join(dir, 'scripts', 'bundle.mjs');
    const before = readFileSync(file, 'utf8');
    const after = v.bundle(before);
    if (after === before) throw new Error(`${name}: the edit changed nothing in scripts/bundle.mjs`);
    writeFileSync(file, after);
  }
  if (v.src) {
    let changed = false;
    for (const f of ['src/kube/config.ts', 'src/kube/watch-cache.ts']) {
      const before = readFileSync(join(dir, f), 'utf8');
      const after = v.src(before);
      changed ||= after !== before;
      writeFileSync(join(dir, f), after);
    }
    if (!changed) throw new Error(`${name}: the edit changed nothing in src/`);
  }
  if (v.bin === 'handmade') writeFileSync(join(dir, 'bin', 'lab.cjs'), handmadeBin());
  if (v.bin === 'compileCacheOnly') writeFileSync(join(dir, 'bin', 'lab.cjs'), COMPILE_CACHE_ONLY);
  const b = spawnSync(process.execPath, ['scripts/bundle.mjs'], { cwd: dir, encoding: 'utf8' });
  if (b.status !== 0) throw new Error(`${name}: build failed\n${b.stderr}`);
  return { name, bin: join(dir, 'bin', 'lab.cjs'), env: { XDG_CACHE_HOME: join(dir, '.cache'), ...v.env }, bytes: readFileSync(join(dir, 'dist', 'lab.cjs')).length };
}

/**
 * One `lab check` of build `b`: wall time (ms), and CPU time (user + system, ms, GNU time),
 * which other processes on a busy machine disturb much less than the wall time.
 */
function run(b) {
  const timeFile = join(work, 'time.txt');
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '%U %S', '-o', timeFile, process.execPath, b.bin, 'check', 'replicaset', '-n', opt.n, '--kubeconfig', opt.kubeconfig], {
      env: { ...process.env, XDG_STATE_HOME: join(work, 'state'), ...b.env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    let ms;
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', () => (ms = performance.now() - t0));
    child.on('close', (code) => {
      if (code !== 0 && code !== 1) return reject(new Error(`${b.name}: exit ${code}: ${err.slice(0, 300)}`));
      const [user, sys] = readFileSync(timeFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
      resolve({ ms, cpuMs: (user + sys) * 1000 });
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

log(`building ${Object.keys(VARIANTS).length} variants in ${work}`);
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
const builds = Object.entries(VARIANTS).map(([name, v]) => build(name, v));
const current = builds[0];
const start = spawnSync(process.execPath, [current.bin, 'start', 'replicaset', '-n', opt.n, '--no-note', '--kubeconfig', opt.kubeconfig], { env: { ...process.env, XDG_STATE_HOME: join(work, 'state') }, encoding: 'utf8' });
if (start.status !== 0 && !/already/.test(start.stderr)) log(`lab start: exit ${start.status}: ${start.stderr.trim()}`);

const times = builds.map(() => []);
const WARMUP = 3;
for (let r = 0; r < WARMUP + rounds; r++) {
  for (let k = 0; k < builds.length; k++) {
    const i = (r + k) % builds.length;
    const t = await run(builds[i]);
    if (r >= WARMUP) times[i].push(t);
  }
  if ((r + 1) % 5 === 0 && times[0].length) log(`round ${r + 1}/${WARMUP + rounds}: current ${median(times[0].map((t) => t.ms)).toFixed(1)} ms`);
}
const rows = builds.map((b, i) => ({
  variant: b.name,
  bundleBytes: b.bytes,
  medianMs: median(times[i].map((t) => t.ms)),
  // Paired: the same round's run of the current build is the reference.
  deltaMs: median(times[i].map((t, j) => t.ms - times[0][j].ms)),
  cpuMs: median(times[i].map((t) => t.cpuMs)),
  cpuDeltaMs: median(times[i].map((t, j) => t.cpuMs - times[0][j].cpuMs)),
}));
process.stdout.write(`${JSON.stringify({ node: process.version, rounds, at: new Date().toISOString(), rows }, null, 1)}\n`);
