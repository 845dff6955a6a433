// Stands in for node:child_process in commander and @kubernetes/client-node, which require
// it at start-up (client-node's ExecAuth even keeps a reference to spawn) but spawn only for
// executable subcommands and exec credential plugins; loading it (with net, dgram and their
// internals) on first call saves start-up time.
'use strict';
let real;
const load = () => (real ??= require('node:child_process'));
const FUNCTIONS = new Set(['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork']);
module.exports = new Proxy(
  {},
  {
    get(_, name) {
      // esbuild's interop asks whether this is an ES module while importing it.
      if (name === '__esModule' || typeof name === 'symbol') return undefined;
      if (FUNCTIONS.has(name)) return (...args) => load()[name](...args);
      return load()[name];
    },
  },
);
