#!/usr/bin/env node
// Entry point for `lab` and `kubectl-lab`: runs dist/lab.cjs (built by `npm run build`).
//
// Start-up is most of what a `lab check` costs, and compiling the bundle is much of that:
// Node 20 has no compile cache (module.enableCompileCache came in Node 22), so this file
// keeps V8's own code cache per command in <XDG cache>/cka-lab/v8/. It is written after a
// run that had none (or had it rejected: another Node, another bundle), from every
// function compiled by then. Set CKA_LAB_CODE_CACHE=0 to run without it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const vm = require('node:vm');
// The Module class itself: requiring node:module would load the ES module loader too.
const Module = module.constructor;

const bundle = path.join(__dirname, '..', 'dist', 'lab.cjs');

const stat = fs.statSync(bundle, { throwIfNoEntry: false });
if (!stat) {
  process.stderr.write(`error: cka-lab is not built (${bundle} is missing); run \`npm install\` or \`npm run build\` in ${path.dirname(__dirname)}.\n`);
  process.exitCode = 2;
} else if (process.env.CKA_LAB_CODE_CACHE === '0') {
  require(bundle);
} else {
  runCached(stat);
}

/** Runs the bundle through the code cache; `stat` (of the bundle) keys the cache. */
function runCached(stat) {
  // esbuild writes ASCII only (it escapes the rest), so latin1 reads it faster than utf8.
  const source = fs.readFileSync(bundle, 'latin1');
  const command = process.argv.slice(2).find((a) => /^[a-z]+$/.test(a)) || 'none';
  const cacheRoot = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  // One folder per installed copy, so two copies never evict each other's caches.
  const copy = require('node:crypto').createHash('sha256').update(bundle).digest('hex').slice(0, 12);
  const key = `${command}-${process.version}-${process.arch}-${stat.size}-${Math.floor(stat.mtimeMs)}.bin`;
  const cacheFile = path.join(cacheRoot, 'cka-lab', 'v8', copy, key);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // No cache yet for this command, Node and bundle.
  }
  // The bundle has no import(): scripts/bundle.mjs turns every one into require().
  const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
  if (!cachedData || script.cachedDataRejected) process.once('exit', () => saveCache(script, cacheFile));
  const mod = { exports: {}, filename: bundle, id: bundle };
  script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(bundle), mod, bundle, path.dirname(bundle));
}

/** Writes the code cache atomically; a cache that cannot be written is only a slower start. */
function saveCache(script, cacheFile) {
  try {
    fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, script.createCachedData());
    fs.renameSync(tmp, cacheFile);
    // This copy's caches of this command for older builds or other Node versions are dead weight now.
    const dir = path.dirname(cacheFile);
    const prefix = `${path.basename(cacheFile).split('-')[0]}-`;
    for (const f of fs.readdirSync(dir)) if (f.startsWith(prefix) && f !== path.basename(cacheFile) && f.endsWith('.bin')) fs.rmSync(path.join(dir, f), { force: true });
  } catch {
    // Read-only home, full disk: run uncached next time too.
  }
}
