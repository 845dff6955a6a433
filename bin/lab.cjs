#!/usr/bin/env node
// Entry point for `lab` and `kubectl-lab`: runs dist/lab.cjs (built by `npm run build`).
//
// Start-up is most of what a `lab check` costs, and compiling the bundle is much of that, so
// the bundle runs with Node's compile cache on (module.enableCompileCache, Node >= 22.1),
// kept in <XDG cache>/cka-lab/compile/. Node checksums each cache entry and keys it by the
// source, so a damaged or stale entry is ignored and rewritten, never run. Set
// CKA_LAB_CODE_CACHE=0 to run without it. With --debug, stack traces point into src/
// through dist/lab.cjs.map.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const bundle = path.join(__dirname, '..', 'dist', 'lab.cjs');
/** The Node 24 that `npm install` puts in node_modules (devDependency `node`), for an older `node` on PATH. */
const pinnedNode = path.join(__dirname, '..', 'node_modules', 'node', 'bin', 'node');

if (Number(process.versions.node.split('.')[0]) < 22 && fs.existsSync(pinnedNode)) {
  // Run by a Node too old for the bundle (`npm link` on a machine with Node 20): run it again on Node 24.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => {}); // the child handles them
  const run = require('node:child_process').spawnSync(pinnedNode, [__filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = run.status ?? (run.signal ? 128 + (require('node:os').constants.signals[run.signal] ?? 0) : 1);
} else if (!fs.existsSync(bundle)) {
  process.stderr.write(`error: cka-lab is not built (${bundle} is missing); run \`npm install\` or \`npm run build\` in ${path.dirname(__dirname)}.\n`);
  process.exitCode = 2;
} else {
  if (process.env.CKA_LAB_CODE_CACHE !== '0') enableCompileCache();
  if (process.argv.includes('--debug')) process.setSourceMapsEnabled(true);
  require(bundle);
}

/** Turns on Node's compile cache; a cache that cannot be used is only a slower start. */
function enableCompileCache() {
  const { enableCompileCache: enable } = require('node:module');
  if (typeof enable !== 'function') return; // Node < 22.1
  const base = process.env.XDG_CACHE_HOME || path.join(require('node:os').homedir(), '.cache');
  try {
    enable(path.join(base, 'cka-lab', 'compile'));
  } catch {
    // A read-only or missing home: run uncached.
  }
}
