// Preload for one CLI process (node --import ./bench/count-requests.mjs bin/lab.js ...):
// records every HTTP(S) request the process makes and every TLS connection it opens,
// and writes them as JSON to $BENCH_COUNT_FILE when the process exits. No hook in src/
// is needed: the bundle calls https.request and tls.connect through the module objects.
import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { writeFileSync } from 'node:fs';

const t0 = performance.now();
const requests = [];
let tlsConnections = 0;

for (const [mod, scheme] of [[http, 'http'], [https, 'https']]) {
  const original = mod.request;
  mod.request = function (...args) {
    const a = args[0];
    const url = a instanceof URL ? a : typeof a === 'string' ? new URL(a) : undefined;
    const opts = url ? args[1] : a;
    const path = url ? url.pathname + url.search : opts?.path;
    requests.push({ atMs: Math.round(performance.now() - t0), method: opts?.method ?? 'GET', scheme, path });
    return original.apply(this, args);
  };
}
const connect = tls.connect;
tls.connect = function (...args) {
  tlsConnections++;
  return connect.apply(this, args);
};

process.on('exit', () => {
  if (process.env.BENCH_COUNT_FILE) writeFileSync(process.env.BENCH_COUNT_FILE, JSON.stringify({ requests, tlsConnections, exitAtMs: Math.round(performance.now() - t0) }));
});
