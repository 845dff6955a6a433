#!/usr/bin/env node
/* global process, performance */
// Quick side-by-side of `lab check` against `kubectl get pods` (and optionally a second build):
// the commands run interleaved round by round, order rotated, after warm-up rounds; prints
// medians and the paired ratio (median of per-round ratios). For a look between full
// `npm run bench` runs, on a cluster and namespace you prepared (a passing replicaset lab).
// usage: node bench/check-pair.mjs --kubeconfig <file> -n <ns> [--rounds N] [--lab <bin/lab.cjs>]...
//   [--kubectl <path>]   (every --lab is measured; the first is the one the ratio is given for)
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const { values } = parseArgs({
  options: {
    kubeconfig: { type: 'string' },
    n: { type: 'string', short: 'n', default: 'bench-rs' },
    rounds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    lab: { type: 'string', multiple: true, default: ['bin/lab.cjs'] },
    kubectl: { type: 'string', default: 'kubectl' },
  },
});
const kc = values.kubeconfig;
if (!kc) throw new Error('--kubeconfig is required');

const cpuFile = join(mkdtempSync(join(tmpdir(), 'check-pair-')), 'cpu');
/**
 * Wall time (ms) of one process from spawn to exit, and its CPU time (user + system, ms, from
 * GNU time: less disturbed than wall time by other processes on a loaded machine); rejects on a
 * non-zero exit.
 */
function time(cmd, args) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn('/usr/bin/time', ['-o', cpuFile, '-f', '%U %S', cmd, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => {
      const wall = performance.now() - t0;
      if (code !== 0) return reject(new Error(`${cmd} ${code}: ${err}`));
      const [user, sys] = readFileSync(cpuFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
      resolve({ wall, cpu: (user + sys) * 1000 });
    });
  });
}

const cmds = {
  ...Object.fromEntries(
    values.lab.map((lab, i) => [
      `lab${i}`,
      () => time(process.execPath, [lab, 'check', 'replicaset', '-n', values.n, '--kubeconfig', kc]),
    ]),
  ),
  kubectl: () => time(values.kubectl, ['get', 'pods', '-n', values.n, '--kubeconfig', kc]),
};
const names = Object.keys(cmds);
const res = Object.fromEntries(names.map((n) => [n, []]));
const rounds = Number(values.rounds);
const warm = Number(values.warmup);
for (let r = 0; r < warm + rounds; r++) {
  const order = names.map((_, i) => names[(i + r) % names.length]);
  for (const n of order) {
    const ms = await cmds[n]();
    if (r >= warm) res[n].push(ms);
  }
}
const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const out = {};
for (const n of names) {
  out[n] = {
    medianMs: +median(res[n].map((r) => r.wall)).toFixed(1),
    cpuMedianMs: +median(res[n].map((r) => r.cpu)).toFixed(1),
  };
}
const k = res.kubectl;
for (const n of names.filter((x) => x !== 'kubectl')) {
  const r = res[n];
  out[n].lab = values.lab[Number(n.slice(3))];
  out[n].ratio = +(median(r.map((x) => x.wall)) / median(k.map((x) => x.wall))).toFixed(3);
  out[n].paired = +median(r.map((x, i) => x.wall / k[i].wall)).toFixed(3);
  out[n].cpuPaired = +median(r.map((x, i) => x.cpu / k[i].cpu)).toFixed(3);
  if (n !== 'lab0') {
    // This build against the first --lab, in the same rounds: wall and CPU time, median of per-round ratios.
    out[n].lab0Paired = +median(res.lab0.map((x, i) => x.wall / r[i].wall)).toFixed(3);
    out[n].lab0CpuPaired = +median(res.lab0.map((x, i) => x.cpu / r[i].cpu)).toFixed(3);
  }
}
console.log(JSON.stringify({ rounds, loadavg: (await import('node:os')).loadavg(), ...out }, null, 1));
