#!/usr/bin/env node
// Entry point for `lab` and `kubectl-lab`: runs dist/lab.cjs (built by `npm run build`).
//
// Start-up is most of what a `lab check` costs, and compiling the bundle is much of that.
// Node's compile cache (module.enableCompileCache) stores only what V8 compiles before the
// bundle runs, and the bundle's commands are functions compiled lazily when they run, so it
// saves almost nothing on the bundle (bench/RESULTS.md). This file therefore keeps V8's code
// cache of the bundle per command in <XDG cache>/cka-lab/v8/, written after a run that had
// none (or had it rejected) from every function compiled by then, and checksummed: V8 does
// not check the data itself, and a damaged file would abort every run. Node's compile cache
// is on for the files the bundle requires (dist/vendor). CKA_LAB_CODE_CACHE=0 turns both off.
// With --debug the bundle runs as a plain require, with source maps on, so stack traces
// show src/ files.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');

const bundle = path.join(__dirname, '..', 'dist', 'lab.cjs');
/** The Node 24 that `npm install` puts in node_modules (devDependency `node`), for an older `node` on PATH. */
const pinnedNode = path.join(__dirname, '..', 'node_modules', 'node', 'bin', 'node');
const cacheRoot = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'cka-lab');

const stat = fs.statSync(bundle, { throwIfNoEntry: false });
if (Number(process.versions.node.split('.')[0]) < 22 && fs.existsSync(pinnedNode)) {
  // Run by a Node too old for the bundle (`npm link` on a machine with Node 20): run it again on Node 24.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {}); // the child handles them
  const run = require('node:child_process').spawnSync(pinnedNode, [__filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = run.status ?? (run.signal ? 128 + (os.constants.signals[run.signal] ?? 0) : 1);
} else if (!stat) {
  process.stderr.write(`error: cka-lab is not built (${bundle} is missing); run \`npm install\` or \`npm run build\` in ${path.dirname(__dirname)}.\n`);
  process.exitCode = 2;
} else if (process.argv.includes('--debug')) {
  process.setSourceMapsEnabled(true);
  require(bundle);
} else if (process.env.CKA_LAB_CODE_CACHE === '0') {
  require(bundle);
} else {
  enableCompileCache();
  runCached(stat);
}

/** Node's compile cache, for the files the bundle requires; one that cannot be used is only a slower start. */
function enableCompileCache() {
  try {
    require('node:module').enableCompileCache?.(path.join(cacheRoot, 'compile'));
  } catch {
    // A read-only or missing home: run uncached.
  }
}

/**
 * Runs the bundle through V8's code cache; `stat` (of the bundle) keys the cache. The file
 * holds a SHA-256 of the bundle's source and the cache data, then the data: anything else
 * (damaged, truncated, another bundle) is not given to V8, and the run writes it again.
 */
function runCached(stat) {
  const vm = require('node:vm');
  const { createHash } = require('node:crypto');
  // The Module class itself: requiring node:module would load more than a check needs.
  const Module = module.constructor;
  // esbuild writes ASCII only (it escapes the rest), so latin1 reads it faster than utf8.
  const source = fs.readFileSync(bundle, 'latin1');
  const command = process.argv.slice(2).find((a) => /^[a-z]+$/.test(a)) || 'none';
  // One folder per installed copy, so two copies never evict each other's caches.
  const copy = createHash('sha256').update(bundle).digest('hex').slice(0, 12);
  const key = `${command}-${process.version}-${process.arch}-${stat.size}-${Math.floor(stat.mtimeMs)}.bin`;
  const cacheFile = path.join(cacheRoot, 'v8', copy, key);
  const sum = (data) => createHash('sha256').update(source, 'latin1').update(data).digest();
  let cachedData;
  try {
    const file = fs.readFileSync(cacheFile);
    const data = file.subarray(32);
    if (file.length > 32 && sum(data).equals(file.subarray(0, 32))) cachedData = data;
  } catch {
    // No cache yet for this command, Node and bundle.
  }
  // The bundle has no import(): scripts/bundle.mjs turns every one into require().
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
  if (!cachedData || script.cachedDataRejected) process.once('exit', () => saveCache(script, cacheFile, sum));
  const mod = { exports: {}, filename: bundle, id: bundle };
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
}

/** Writes the checksummed code cache atomically; a cache that cannot be written is only a slower start. */
function saveCache(script, cacheFile, sum) {
  try {
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    const data = script.createCachedData();
    fs.writeFileSync(tmp, Buffer.concat([sum(data), data]));
    fs.renameSync(tmp, cacheFile);
    // This copy's caches of this command for older builds or other Node versions are dead weight now.
    const dir = path.dirname(cacheFile);
    const prefix = `${path.basename(cacheFile).split('-')[0]}-`;
    for (const f of fs.readdirSync(dir)) if (f.startsWith(prefix) && f !== path.basename(cacheFile) && f.endsWith('.bin')) fs.rmSync(path.join(dir, f), { force: true });
  } catch {
    // Read-only home, full disk: run uncached next time too.
  }
}
