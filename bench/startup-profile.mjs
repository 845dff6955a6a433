// Where the CPU time of one CLI process goes, by package: runs the command `runs` times
// with `node --cpu-prof`, maps every sample of dist/lab.cjs back to its original file
// through dist/lab.cjs.map, and sums self time per npm package (or src/).
// usage: node bench/startup-profile.mjs <runs> -- <lab args...>   (prints JSON)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const { SourceMapConsumer } = require('source-map-js');

const sep = process.argv.indexOf('--');
const runs = Number(process.argv[2] ?? 5);
const args = sep >= 0 ? process.argv.slice(sep + 1) : ['--help'];
// BENCH_CLI_ROOT: a folder with bin/lab.cjs and dist/lab.cjs(.map) to profile instead of the repository's.
const cliRoot = process.env.BENCH_CLI_ROOT || root;
// bin/lab.cjs runs the bundle as a vm.Script named by its path, not a file:// URL.
const dist = `${join(cliRoot, 'dist')}/`;
/** Source maps of the bundle's files, loaded on first use. */
const maps = new Map();
function mapFor(url) {
  if (!maps.has(url)) {
    try {
      maps.set(url, new SourceMapConsumer(JSON.parse(readFileSync(`${url.replace(/^file:\/\//, '')}.map`, 'utf8'))));
    } catch {
      maps.set(url, undefined);
    }
  }
  return maps.get(url);
}

/** The package a source path belongs to: `zod`, `@kubernetes/client-node`, or `src`. */
function owner(source) {
  if (!source) return '(unmapped)';
  const i = source.lastIndexOf('node_modules/');
  if (i < 0) return source.includes('/src/') || source.startsWith('../src') ? 'src' : source;
  const parts = source.slice(i + 'node_modules/'.length).split('/');
  return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
}

const totals = new Map();
let sampled = 0;
for (let r = 0; r < runs; r++) {
  const dir = mkdtempSync(join(tmpdir(), 'cka-prof-'));
  spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', dir, join(cliRoot, 'bin', 'lab.cjs'), ...args], { cwd: root, stdio: 'ignore' });
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) continue;
  const prof = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  rmSync(dir, { recursive: true, force: true });
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const dt = new Map();
  for (let i = 0; i < prof.samples.length; i++) {
    const id = prof.samples[i];
    dt.set(id, (dt.get(id) ?? 0) + (prof.timeDeltas[i] ?? 0) / 1000);
  }
  for (const [id, ms] of dt) {
    const node = byId.get(id);
    const cf = node.callFrame;
    let key;
    if (cf.url.replace(/^file:\/\//, '').startsWith(dist)) {
      const map = mapFor(cf.url);
      key = map ? owner(map.originalPositionFor({ line: cf.lineNumber + 1, column: cf.columnNumber }).source) : '(dist, no source map)';
    } else if (!cf.url) {
      key = cf.functionName ? `(${cf.functionName})` : '(native)';
    } else if (cf.url.startsWith('node:')) {
      key =
        cf.url === 'node:vm' && cf.functionName === 'Script'
          ? 'node: reading V8 code cache (vm.Script)'
          : cf.functionName === 'createCachedData'
            ? 'node: writing V8 code cache'
            : /tls|crypto|https|net/.test(cf.url)
              ? 'node: TLS/HTTPS'
              : 'node: other built-ins';
    } else {
      key = cf.url.replace(`file://${root}/`, '');
    }
    totals.set(key, (totals.get(key) ?? 0) + ms);
    sampled += ms;
  }
}
const rows = [...totals.entries()].sort((a, b) => b[1] - a[1]).map(([k, ms]) => ({ owner: k, msPerRun: ms / runs }));
process.stdout.write(`${JSON.stringify({ runs, args, msPerRun: sampled / runs, rows })}\n`);
