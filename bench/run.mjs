#!/usr/bin/env node
/* global process, performance, setTimeout, clearTimeout */
// cka-lab benchmarks: `npm run bench` (builds dist/ first). Everything runs against a
// cluster of its own (LocalCluster "cka-lab-bench", cached binaries), which it takes
// down at the end. Results: bench/RESULTS.md (table) and bench/results.json (raw
// figures; the previous results.json becomes the "previous run" column).
//
// Every comparison is measured side by side: the commands compared run interleaved,
// round by round (order rotated each round), after warm-up rounds; figures are medians.
// Env: BENCH_N (rounds per comparison, default 20), BENCH_M (rounds of the longer loops,
// default max(15, 0.75 N)), BENCH_WATCH_N (scale changes, default max(30, N)),
// BENCH_UP_RUNS (cluster up/down cycles, default 5), BENCH_REALNODE_N (real-node rounds, default
// 5; BENCH_REALNODE=0 skips them; they need Linux and root), BENCH_KEEP_CLUSTER=1 (leave the
// bench cluster running), BENCH_BEFORE_CLI + BENCH_BEFORE_NODE (a folder with an earlier
// build's bin/ and dist/, and the node to run it with: measured in the same rounds as
// "before"). `--render` rewrites RESULTS.md from results.json and NOTES.md.
import { spawn } from 'node:child_process';
import {
  cpSync,
  existsSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  renameSync,
  mkdirSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { cpus, homedir, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = dirname(here);
const out = join(here, '.out');
const HARNESS = join(out, 'harness.mjs');
/**
 * The CLI as measured: a copy of bin/lab.cjs + dist/lab.cjs taken when the run starts,
 * so that other engineers rebuilding dist/ during a run do not change the code under
 * measurement half-way (the content root is still found by walking up to labs/).
 */
const CLI_ROOT = join(out, 'cli');
const LAB = join(CLI_ROOT, 'bin', 'lab.cjs');
const CLUSTER = 'cka-lab-bench';
/** Where LocalCluster keeps the bench cluster (the default state folder, as `lab` uses). */
const STATE = join(process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'cka-lab');
/**
 * XDG_STATE_HOME for the `lab` processes the bench runs: a folder of its own, so their
 * progress records (`lab check` counts attempts) do not land in the user's progress.
 */
const CLI_STATE = join(out, 'cli-state');
/** An earlier build measured side by side with this one (see the header), or undefined. */
const BEFORE = process.env.BENCH_BEFORE_CLI
  ? {
      lab: join(process.env.BENCH_BEFORE_CLI, 'bin', 'lab.cjs'),
      node: process.env.BENCH_BEFORE_NODE || process.execPath,
    }
  : undefined;
const N = Number(process.env.BENCH_N ?? 20);
const UP_RUNS = Number(process.env.BENCH_UP_RUNS ?? 5);
const WARMUP = 3;
/** Rounds of the longer loops (RSS, imports, start/reset, 50 namespaces). */
const M = Number(process.env.BENCH_M ?? Math.max(15, Math.round(N * 0.75)));
/** Rounds of the real-node loop (BENCH_REALNODE_N), and busybox Pods put on the real node in each. */
const REALNODE_N = Number(process.env.BENCH_REALNODE_N ?? 5);
const REALNODE_PODS = 2;
/** XDG_STATE_HOME of the `lab` processes of the real-node loop: their cluster is `cka-lab` there. */
const REALNODE_STATE = join(out, 'realnode-state');
/** Scale changes in the watch-latency run. */
const WATCH_N = Number(process.env.BENCH_WATCH_N ?? Math.max(30, N));

const log = (m) => process.stderr.write(`[bench] ${m}\n`);
const now = () => performance.now();

// ---------- processes ----------

/** Runs a command; resolves with exit code, wall time (ms), stdout, stderr. */
function exec(cmd, args, { env, capture = false } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const child = spawn(cmd, args, {
      cwd: root,
      env: { ...process.env, XDG_STATE_HOME: CLI_STATE, ...env },
      stdio: ['ignore', capture ? 'pipe' : 'ignore', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let ms;
    child.stdout?.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    // The time is taken when the process exits; 'close' (pipes drained) comes after.
    child.on('exit', () => (ms = now() - t0));
    child.on('close', (code) => resolve({ code, ms: ms ?? now() - t0, stdout, stderr }));
  });
}

/** Runs a harness command and returns its @@RESULT object (killed after timeoutMs). */
async function harness(command, args = {}, timeoutMs = 30 * 60_000) {
  const r = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HARNESS, command, JSON.stringify(args)], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d) => (stdout += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? signal, stdout });
    });
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('@@RESULT '));
  if (r.code !== 0 || !line) throw new Error(`harness ${command} failed (exit ${r.code})`);
  return JSON.parse(line.slice('@@RESULT '.length));
}

/** Why a start failed, from the component logs kwokctl wrote (before they are removed). */
function upFailureCause() {
  const dir = join(STATE, CLUSTER, 'kwok', 'clusters', CLUSTER, 'logs');
  if (!existsSync(dir)) return 'no component logs';
  const found = [];
  for (const f of readdirSync(dir)) {
    const lines = readFileSync(join(dir, f), 'utf8').split('\n');
    const bind = lines.find((l) => /address already in use/.test(l));
    if (bind)
      found.push(
        `${f}: ${/listen tcp [^:]*:\d+: bind: address already in use/.exec(bind)?.[0] ?? 'address already in use'}`,
      );
  }
  return found.length ? found.join('; ') : 'no bind error in the component logs';
}

/**
 * Brings the bench cluster up, retrying after a failed start. kwokctl picks each
 * component's port when it creates the cluster and the component binds it a little
 * later, so two clusters created at the same moment (other engineers' test runs on
 * this machine) can pick the same port; the loser's kwok-controller then never makes
 * the nodes Ready and `up` would wait its full 120 s. A start that is not done in
 * 45 s is killed, the cluster removed, and the start tried again (at most 3 times).
 */
async function upWithRetry(nodes, failures) {
  for (let attempt = 1; ; attempt++) {
    const t0 = now();
    try {
      const u = await harness('up', { name: CLUSTER, nodes }, 45_000);
      return { processMs: now() - t0, ...u };
    } catch (err) {
      failures.push({
        at: new Date().toISOString(),
        afterMs: now() - t0,
        error: String(err.message ?? err),
        cause: upFailureCause(),
      });
      log(`  cluster up failed (${err.message}); removing it and trying again`);
      await harness('down', { name: CLUSTER });
      if (attempt >= 3) throw err;
    }
  }
}

/**
 * Interleaved timing: `rounds` rounds after `warmup`, each running every command once,
 * in an order rotated by one per round. Returns per-command arrays of results.
 */
async function interleave(label, commands, { rounds = N, warmup = WARMUP, check, rotate = true } = {}) {
  const names = Object.keys(commands);
  const results = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < warmup + rounds; r++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[rotate ? (r + k) % names.length : k];
      const res = await commands[name](r);
      check?.(name, res);
      if (r >= warmup) results[name].push(res);
    }
    if ((r + 1) % 5 === 0 || r === warmup + rounds - 1) {
      log(
        `${label}: round ${r + 1}/${warmup + rounds} — ${names.map((n) => `${n} ${results[n].length ? median(results[n].map((x) => x.ms)).toFixed(0) : '…'} ms`).join(', ')}`,
      );
    }
  }
  return results;
}

/**
 * Copies bin/ and dist/ to bench/.out/cli (see CLI_ROOT) and checks that the copy runs;
 * another engineer's build may be rewriting dist/ at that moment, so it retries.
 * @returns the size of the JavaScript in the copy and a hash of it
 */
async function snapshotCli() {
  for (let attempt = 1; ; attempt++) {
    rmSync(CLI_ROOT, { recursive: true, force: true });
    cpSync(join(root, 'bin'), join(CLI_ROOT, 'bin'), { recursive: true });
    cpSync(join(root, 'dist'), join(CLI_ROOT, 'dist'), { recursive: true });
    const ok = await exec(process.execPath, [LAB, '--help']);
    if (ok.code === 0) break;
    if (attempt >= 10) throw new Error(`the copy of dist/ does not run: ${ok.stderr.slice(0, 300)}`);
    log('dist/ is being rebuilt; copying it again in 3 s');
    await new Promise((r) => setTimeout(r, 3000));
  }
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (/\.[mc]?js$/.test(e.name)) files.push(join(dir, e.name));
    }
  };
  walk(join(CLI_ROOT, 'dist'));
  files.sort();
  const hash = createHash('sha256');
  for (const f of files) hash.update(readFileSync(f));
  const entry = join(CLI_ROOT, 'dist', 'lab.cjs');
  return {
    files: files.length,
    bytes: files.reduce((n, f) => n + statSync(f).size, 0),
    entryBytes: existsSync(entry) ? statSync(entry).size : undefined,
    sha256: hash.digest('hex').slice(0, 12),
  };
}

// ---------- statistics ----------

const sorted = (xs) => [...xs].filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
function quantile(xs, q) {
  const s = sorted(xs);
  if (!s.length) return undefined;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}
const median = (xs) => quantile(xs, 0.5);
const p95 = (xs) => quantile(xs, 0.95);
function summary(xs) {
  return {
    n: sorted(xs).length,
    median: median(xs),
    p25: quantile(xs, 0.25),
    p75: quantile(xs, 0.75),
    p95: p95(xs),
    min: sorted(xs)[0],
    max: sorted(xs).at(-1),
  };
}
/** Median of the per-round ratios a[i]/b[i] (the rounds are paired). */
const pairedRatio = (a, b) => median(a.map((x, i) => x / b[i]));

// ---------- environment ----------

function machine() {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? 'unknown';
  const mhz = /^cpu MHz\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim();
  const meminfo = readFileSync('/proc/meminfo', 'utf8');
  const memKb = Number(/^MemTotal:\s*(\d+)/m.exec(meminfo)?.[1] ?? totalmem() / 1024);
  return {
    cpu: model,
    mhz: mhz ? Number(mhz) : undefined,
    cores: cpus().length,
    memoryGiB: memKb / 1024 / 1024,
    kernel: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(),
  };
}

/** The commit of HEAD, read from .git without running git. */
function gitCommit() {
  try {
    let git = join(root, '.git');
    // A git worktree: .git is a file naming the worktree's folder, whose commondir holds the refs.
    if (statSync(git).isFile())
      git = readFileSync(git, 'utf8')
        .trim()
        .replace(/^gitdir: /, '');
    const common = existsSync(join(git, 'commondir'))
      ? join(git, readFileSync(join(git, 'commondir'), 'utf8').trim())
      : git;
    const head = readFileSync(join(git, 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref: ')) return head;
    const ref = head.slice(5);
    if (existsSync(join(common, ref))) return readFileSync(join(common, ref), 'utf8').trim();
    const packed = readFileSync(join(common, 'packed-refs'), 'utf8');
    return (
      packed
        .split('\n')
        .find((l) => l.endsWith(` ${ref}`))
        ?.split(' ')[0] ?? `unknown (${ref})`
    );
  } catch {
    return 'unknown';
  }
}

/** The built kubectl: ~/.cache/cka-lab/bin/k8s-* /kubectl (newest if several). */
function findKubectl() {
  const base = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'cka-lab', 'bin');
  const found = (existsSync(base) ? readdirSync(base) : [])
    .filter((d) => d.startsWith('k8s-') && existsSync(join(base, d, 'kubectl')))
    .map((d) => join(base, d, 'kubectl'))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  if (!found.length)
    throw new Error(`no built kubectl under ${base}; run \`lab cluster up\` once to build the binaries`);
  return found[0];
}

// ---------- the benchmark ----------

async function main() {
  const started = new Date();
  const load0 = loadavg();
  log('building the harness (bench/build.mjs)');
  const b = await exec(process.execPath, [join(here, 'build.mjs')]);
  if (b.code !== 0) throw new Error(`bench/build.mjs failed:\n${b.stderr}`);
  const bundle = await snapshotCli();
  const kubectl = findKubectl();
  const R = {
    started: started.toISOString(),
    machine: machine(),
    node: process.version,
    commit: gitCommit(),
    bundle,
    n: N,
    warmup: WARMUP,
  };

  // --- 1. cluster up (cached binaries), own cluster name, up/down cycles ---
  log(`cluster up: ${UP_RUNS} up/down cycles of ${CLUSTER} (2 nodes, as \`lab cluster up\`)`);
  await harness('down', { name: CLUSTER });
  const ups = [];
  const upFailures = [];
  for (let i = 0; i < UP_RUNS; i++) {
    const u = await upWithRetry(2, upFailures);
    const d = await harness('down', { name: CLUSTER });
    ups.push({ ...u, downMs: d.downMs });
    log(
      `  up ${i + 1}/${UP_RUNS}: ${(u.processMs / 1000).toFixed(2)} s whole process (controlPlane ${(u.lastUp.controlPlaneMs / 1000).toFixed(2)} s, nodes ${(u.lastUp.nodesMs / 1000).toFixed(2)} s)`,
    );
  }
  R.clusterUp = ups;
  R.clusterUpFailures = upFailures;
  // The cluster for the rest: 4 kwok nodes (110 Pods each), room for 50 labs × 6 Pods.
  const up = await upWithRetry(4, upFailures);
  const KC = up.kubeconfig;
  R.info = await harness('info', { kubeconfig: KC });
  R.kubectl = kubectl;
  if (R.info.kubectl !== kubectl)
    log(`note: globbed kubectl ${kubectl} differs from binaryPath('kubectl') ${R.info.kubectl}`);

  try {
    // --- 2. lab check vs kubectl get pods vs the Killercoda-style verify script ---
    log('preparing namespace bench-rs (setup + reference solution, all checks pass)');
    await harness('prepare', { kubeconfig: KC, namespaces: ['bench-rs'], tasks: 'all', waitPass: true });
    const kenv = { KUBECTL: kubectl, KUBECONFIG: KC };
    const expectOk = (name, res) => {
      if (res.code !== 0) throw new Error(`${name} exited ${res.code}: ${res.stderr.slice(0, 500)}`);
    };
    const check = await interleave(
      'lab check',
      {
        labCheck: () => exec(process.execPath, [LAB, 'check', 'replicaset', '-n', 'bench-rs', '--kubeconfig', KC]),
        kubectlGetPods: () => exec(kubectl, ['get', 'pods', '-n', 'bench-rs', '--kubeconfig', KC]),
        verifyScript: () => exec('bash', [join(here, 'verify-replicaset.sh'), 'bench-rs'], { env: kenv }),
        labHelp: () => exec(process.execPath, [LAB, '--help']),
        nodeEmpty: () => exec(process.execPath, [join(out, 'empty.mjs')]),
        // The earlier build finds labs/ through CKA_LAB_HOME: its copy lies outside the repository.
        ...(BEFORE && {
          labCheckBefore: () =>
            exec(BEFORE.node, [BEFORE.lab, 'check', 'replicaset', '-n', 'bench-rs', '--kubeconfig', KC], {
              env: { CKA_LAB_HOME: root },
            }),
          nodeEmptyBefore: () => exec(BEFORE.node, [join(out, 'empty.mjs')]),
        }),
      },
      { check: expectOk },
    );
    if (BEFORE)
      R.before = {
        cli: process.env.BENCH_BEFORE_CLI,
        node: (await exec(BEFORE.node, ['--version'], { capture: true })).stdout.trim(),
      };
    R.check = Object.fromEntries(Object.entries(check).map(([k, v]) => [k, v.map((x) => x.ms)]));
    R.requests = await harness('requests', { kubeconfig: KC, namespaces: { pass: 'bench-rs' } });
    log('requests and TLS connections of one whole `lab check` process (preload bench/count-requests.mjs)');
    const counted = [];
    for (let i = 0; i < 7; i++) {
      const file = join(out, 'count.json');
      rmSync(file, { force: true });
      const r = await exec(
        process.execPath,
        [
          '--import',
          join(here, 'count-requests.mjs'),
          LAB,
          'check',
          'replicaset',
          '-n',
          'bench-rs',
          '--kubeconfig',
          KC,
        ],
        { env: { BENCH_COUNT_FILE: file } },
      );
      if (r.code === 0 && existsSync(file)) counted.push({ wallMs: r.ms, ...JSON.parse(readFileSync(file, 'utf8')) });
    }
    R.processRequests = counted.slice(2);
    log('transport: KubeClient request (one kept-alive connection) vs a keep-alive agent without a connection limit');
    R.transport = await harness('transport', {
      kubeconfig: KC,
      path: '/api/v1/namespaces/bench-rs/pods',
      n: 30,
      warmup: 5,
      burst: 150,
      bursts: 6,
    });
    log('CPU profile of `lab check` (5 runs, node --cpu-prof)');
    const prof = await exec(
      process.execPath,
      [join(here, 'startup-profile.mjs'), '5', '--', 'check', 'replicaset', '-n', 'bench-rs', '--kubeconfig', KC],
      { capture: true, env: { BENCH_CLI_ROOT: CLI_ROOT } },
    );
    R.profile = prof.code === 0 ? JSON.parse(prof.stdout) : undefined;

    // --- 3. peak RSS: lab check vs kubectl get pods (GNU time %M, KB) ---
    const timeBin = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
    if (timeBin) {
      const rssFile = join(out, 'rss.txt');
      const withRss = async (cmd, args, env) => {
        const r = await exec(timeBin, ['-f', '%M', '-o', rssFile, cmd, ...args], { env });
        return { ...r, rssKb: Number(readFileSync(rssFile, 'utf8').trim().split('\n').at(-1)) };
      };
      const rss = await interleave(
        'peak RSS',
        {
          labCheck: () => withRss(process.execPath, [LAB, 'check', 'replicaset', '-n', 'bench-rs', '--kubeconfig', KC]),
          kubectlGetPods: () => withRss(kubectl, ['get', 'pods', '-n', 'bench-rs', '--kubeconfig', KC]),
          nodeEmpty: () => withRss(process.execPath, [join(out, 'empty.mjs')]),
        },
        { rounds: M, warmup: 2, check: expectOk },
      );
      R.rss = Object.fromEntries(Object.entries(rss).map(([k, v]) => [k, v.map((x) => x.rssKb)]));

      // --- 4. import cost of @kubernetes/client-node: unbundled vs bundled ---
      const imp = await interleave(
        'client-node import',
        {
          nodeEmpty: () => withRss(process.execPath, [join(out, 'empty.mjs')]),
          unbundled: () => withRss(process.execPath, [join(out, 'import-unbundled.mjs')]),
          bundled: () => withRss(process.execPath, [join(out, 'import-bundled.mjs')]),
          bundledPlain: () => withRss(process.execPath, [join(out, 'import-bundled-plain.mjs')]),
        },
        { rounds: M, warmup: 2, check: expectOk },
      );
      R.imports = Object.fromEntries(
        Object.entries(imp).map(([k, v]) => [k, { ms: v.map((x) => x.ms), rssKb: v.map((x) => x.rssKb) }]),
      );
    } else {
      log('no /usr/bin/time: skipping peak RSS and import cost (apt-get install time)');
    }

    // --- 5. watch latency (in-process watchLab) ---
    log('preparing namespace bench-watch (setup + ReplicaSet with 3 replicas)');
    await harness('prepare', { kubeconfig: KC, namespaces: ['bench-watch'], tasks: ['create'], waitPass: false });
    R.watch = await harness('watch', {
      kubeconfig: KC,
      namespace: 'bench-watch',
      n: WATCH_N,
      warmup: 3,
      settleMs: 1000,
    });

    // --- 6. lab start / lab reset, whole process, fresh namespace each round ---
    const tag = Date.now().toString(36).slice(-4);
    const life = await interleave(
      'start/reset',
      {
        labStart: (r) =>
          exec(process.execPath, [LAB, 'start', 'replicaset', '-n', `bl-${tag}-${r}`, '--kubeconfig', KC]),
        labResetNamed: (r) =>
          exec(process.execPath, [LAB, 'reset', 'replicaset', '-n', `bl-${tag}-${r}`, '--kubeconfig', KC]),
        labReset: () => exec(process.execPath, [LAB, 'reset', 'replicaset', '--kubeconfig', KC]),
        kubectlGetPods: () => exec(kubectl, ['get', 'pods', '-n', 'bench-rs', '--kubeconfig', KC]),
      },
      // Not rotated: reset needs the namespace its round's start made (A B C, A B C, ...).
      { rounds: M, warmup: 2, check: expectOk, rotate: false },
    );
    R.lifecycle = Object.fromEntries(Object.entries(life).map(([k, v]) => [k, v.map((x) => x.ms)]));
    log('start/reset split (in-process startLab/resetLab, phases from the request sequence)');
    R.lifecycleSplit = await harness('lifecycle', { kubeconfig: KC, prefix: `bs-${tag}`, n: M, warmup: 2 });

    // --- 7. 50 namespaces checked concurrently ---
    log('deleting the namespaces of the previous steps');
    R.cleanup = await harness('cleanup', { kubeconfig: KC });
    const scaleNs = Array.from({ length: 50 }, (_, i) => `bench-scale-${String(i).padStart(2, '0')}`);
    log('preparing 50 lab namespaces (setup + reference solution, 300 Pods)');
    R.scalePrepare = await harness('prepare', {
      kubeconfig: KC,
      namespaces: scaleNs,
      tasks: 'all',
      waitPass: true,
      concurrency: 5,
    });
    R.scale = await harness('scale', {
      kubeconfig: KC,
      namespaces: scaleNs,
      labBin: LAB,
      labStateHome: CLI_STATE,
      n: M,
      warmup: 2,
    });
  } finally {
    if (process.env.BENCH_KEEP_CLUSTER !== '1') {
      log(`taking down ${CLUSTER}`);
      await harness('down', { name: CLUSTER });
    }
  }
  // --- 8. the real node: `lab cluster up` (kwok), `lab cluster up --real-node`, memory, `lab cluster down` ---
  // After the bench cluster is down (less load); holds the real-node turn like the real-node tests.
  if (process.env.BENCH_REALNODE !== '0') {
    log(
      `real node: ${REALNODE_N} rounds of lab cluster up, lab cluster up --real-node, ${REALNODE_PODS} Pods, lab cluster down (waits for the real-node turn)`,
    );
    rmSync(REALNODE_STATE, { recursive: true, force: true });
    R.realNode = await harness(
      'realnode',
      { labBin: LAB, stateHome: REALNODE_STATE, n: REALNODE_N, warmup: 1, pods: REALNODE_PODS, settleMs: 3000 },
      60 * 60_000,
    );
    R.realNode.loadavg = loadavg();
    rmSync(REALNODE_STATE, { recursive: true, force: true });
  }
  R.loadavg = { start: load0, end: loadavg() };
  R.finished = new Date().toISOString();
  R.finalUp = up;

  const jsonPath = join(here, 'results.json');
  let previous;
  if (existsSync(jsonPath)) {
    previous = JSON.parse(readFileSync(jsonPath, 'utf8'));
    mkdirSync(out, { recursive: true });
    renameSync(jsonPath, join(out, 'results.previous.json'));
  }
  R.previous = previous ? { started: previous.started, figures: previous.figures } : undefined;
  R.figures = figures(R);
  writeFileSync(jsonPath, `${JSON.stringify(R, null, 1)}\n`);
  writeFileSync(join(here, 'RESULTS.md'), render(R));
  log(`wrote bench/RESULTS.md and bench/results.json (${((Date.now() - started.getTime()) / 60000).toFixed(1)} min)`);
}

// ---------- figures and report ----------

const ms = (x) =>
  x === undefined
    ? '—'
    : x >= 10_000
      ? `${(x / 1000).toFixed(1)} s`
      : x >= 1000
        ? `${(x / 1000).toFixed(2)} s`
        : `${x.toFixed(x < 10 ? 1 : 0)} ms`;
const mb = (kb) => (kb === undefined ? '—' : `${(kb / 1024).toFixed(0)} MB`);
const x2 = (r) => (r === undefined ? '—' : `${r.toFixed(2)}×`);

const sumKb = (o) => Object.values(o ?? {}).reduce((n, x) => n + (x ?? 0), 0);
/** Real-node memory of one round, kB: its daemons, CoreDNS, and the shim and pause of every Pod on it. */
const realNodeKb = (r) => sumKb(r.node.daemons) + r.node.perPod.reduce((n, p) => n + p.shimKb + p.pauseKb, 0);
/** Medians over the real-node rounds of the memory totals (kB) and of their per-round ratio. */
function memoryTotals(RN) {
  const rounds = RN.rounds;
  return {
    realNode: median(rounds.map(realNodeKb)),
    controlPlane: median(rounds.map((r) => sumKb(r.controlPlane))),
    controlPlaneAfterUp: median(rounds.map((r) => sumKb(r.controlPlaneAfterUp))),
    pairedRatio: median(rounds.map((r) => realNodeKb(r) / sumKb(r.controlPlane))),
    pods: median(rounds.map((r) => r.node.perPod.length)),
  };
}

/** The headline figures: one row of the table each. */
function figures(R) {
  const f = [];
  const c = R.check;
  const checkMed = median(c.labCheck);
  const kubectlMed = median(c.kubectlGetPods);
  const verifyMed = median(c.verifyScript);
  f.push({
    id: 'check-vs-kubectl',
    figure: '`lab check replicaset` vs one `kubectl get pods` (whole process, warm cluster)',
    target: '≤ 1.5× kubectl',
    measured: `${ms(checkMed)} vs ${ms(kubectlMed)} → **${x2(checkMed / kubectlMed)}** (paired ${x2(pairedRatio(c.labCheck, c.kubectlGetPods))})`,
    value: checkMed / kubectlMed,
    meets: checkMed / kubectlMed <= 1.5,
  });
  if (c.labCheckBefore) {
    const beforeMed = median(c.labCheckBefore);
    f.push({
      id: 'check-before-after',
      figure: `\`lab check replicaset\`: the earlier build on ${R.before?.node ?? 'its node'} vs this one on ${R.node}, same rounds`,
      target: '(report)',
      measured: `${ms(beforeMed)} → ${ms(checkMed)} (paired ${x2(pairedRatio(c.labCheck, c.labCheckBefore))}); vs kubectl **${x2(beforeMed / kubectlMed)} → ${x2(checkMed / kubectlMed)}**; bare node ${ms(median(c.nodeEmptyBefore))} → ${ms(median(c.nodeEmpty))}`,
      value: checkMed / beforeMed,
      meets: undefined,
    });
  }
  f.push({
    id: 'check-vs-verify',
    figure: '`lab check replicaset` vs Killercoda-style `verify-replicaset.sh` (9 kubectl processes)',
    target: '≥ 3× faster',
    measured: `${ms(checkMed)} vs ${ms(verifyMed)} → **${x2(verifyMed / checkMed)} faster** (paired ${x2(pairedRatio(c.verifyScript, c.labCheck))})`,
    value: verifyMed / checkMed,
    meets: verifyMed / checkMed >= 3,
  });
  const w = R.watch.rows;
  const fromEvent = w.map((r) => r.fromEventMs);
  const fromAnswer = w.map((r) => r.fromPatchAnswerMs);
  f.push({
    id: 'watch',
    figure: `\`lab check --watch\`: watch event → updated report (${w.length} scale changes)`,
    target: '≤ 100 ms',
    measured: `median **${ms(median(fromEvent))}**, p95 **${ms(p95(fromEvent))}** (from PATCH answer: median ${ms(median(fromAnswer))}, p95 ${ms(p95(fromAnswer))}); p95/target ${x2(p95(fromEvent) / 100)}`,
    value: p95(fromEvent),
    meets: p95(fromEvent) <= 100,
  });
  const L = R.lifecycle;
  const startMed = median(L.labStart);
  const resetMed = median(L.labReset);
  const kMed = median(L.kubectlGetPods);
  f.push({
    id: 'start',
    figure: '`lab start replicaset` (whole process, fresh namespace, warm cluster)',
    target: '≤ 1 s',
    measured: `**${ms(startMed)}** (p95 ${ms(p95(L.labStart))}) = ${x2(startMed / kMed)} kubectl get pods (${ms(kMed)}); ${x2(startMed / 1000)} target`,
    value: startMed,
    meets: startMed <= 1000,
  });
  f.push({
    id: 'reset',
    figure: '`lab reset replicaset` (whole process: lab-replicaset emptied in place under the lab lock, then setup)',
    target: '≤ 1 s',
    measured: `**${ms(resetMed)}** (p95 ${ms(p95(L.labReset))}) = ${x2(resetMed / startMed)} start; ${x2(resetMed / 1000)} target`,
    value: resetMed,
    meets: resetMed <= 1000,
  });
  const namedMed = median(L.labResetNamed);
  f.push({
    id: 'reset-named',
    figure:
      '`lab reset replicaset -n <ns>` (whole process: empty that namespace in place: deletecollection per kind, zero grace; then setup)',
    target: '≤ 1 s',
    measured: `**${ms(namedMed)}** (p95 ${ms(p95(L.labResetNamed))}) = ${x2(namedMed / startMed)} start; ${x2(namedMed / 1000)} target`,
    value: namedMed,
    meets: namedMed <= 1000,
  });
  const upProc = R.clusterUp.map((u) => u.processMs);
  f.push({
    id: 'cluster-up',
    figure: `cluster up, cached binaries: etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok-controller with cka-lab's stages, metrics-server, cka-lab-agent and the default StorageClass, to 2 Ready kwok nodes (${R.clusterUp.length} up/down cycles, whole process)`,
    target: '≤ 10 s',
    measured: `**${ms(median(upProc))}** (max ${ms(Math.max(...upProc))}); controlPlane ${ms(median(R.clusterUp.map((u) => u.lastUp.controlPlaneMs)))}, nodes ${ms(median(R.clusterUp.map((u) => u.lastUp.nodesMs)))}; ${x2(median(upProc) / 10_000)} target`,
    value: median(upProc),
    meets: Math.max(...upProc) <= 10_000,
  });
  const RN = R.realNode;
  if (RN?.rounds?.length) {
    const rn = RN.rounds.map((r) => r.realNodeMs);
    const cu = RN.rounds.map((r) => r.upMs);
    f.push({
      id: 'realnode-up',
      figure: `\`lab cluster up --real-node\` on a running control plane, cached binaries and images: containerd, registry, kubelet, kube-proxy, the Node Ready and CoreDNS Ready (${RN.rounds.length} rounds, each \`lab cluster up\` → \`up --real-node\` → \`down\`; whole process)`,
      target: '≤ 15 s',
      measured: `**${ms(median(rn))}** (max ${ms(Math.max(...rn))}) = **${x2(median(rn) / median(cu))}** \`lab cluster up\` in the same rounds (${ms(median(cu))}; paired ${x2(pairedRatio(rn, cu))}); ${x2(median(rn) / 15_000)} target`,
      value: median(rn),
      meets: Math.max(...rn) <= 15_000,
    });
    const m = memoryTotals(RN);
    f.push({
      id: 'memory',
      figure: `memory (VmRSS) with the real node running: real node (containerd, registry, kubelet, kube-proxy, CoreDNS, shim and pause of each of its ${m.pods} Pods) vs control plane (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok-controller, metrics-server, cka-lab-agent)`,
      target: '(report)',
      measured: `${mb(m.realNode)} vs ${mb(m.controlPlane)} → **${x2(m.realNode / m.controlPlane)}** (paired ${x2(m.pairedRatio)}); control plane just after \`lab cluster up\`: ${mb(m.controlPlaneAfterUp)}`,
      value: m.realNode / m.controlPlane,
      meets: undefined,
    });
  }
  const S = R.scale.rounds;
  const conc = S.map((r) => r.concurrentMs);
  const seq = S.map((r) => r.sequentialMs);
  const cli = S.map((r) => r.cliAllMs);
  const perCheck = median(S.map((r) => r.requestsPerCheck));
  const kinds = new Set(Object.keys(S[0]?.byKind ?? {}).filter((k) => !k.endsWith(' namespace')));
  f.push({
    id: 'scale',
    figure: '50 lab namespaces checked concurrently, one API server (in-process, one client)',
    target: 'one list per kind per check run',
    measured: `**${ms(median(conc))}** total (${ms(median(conc) / 50)} per lab) = ${x2(median(seq) / median(conc))} faster than one after another (${ms(median(seq))}); \`lab check --all\` process ${ms(median(cli))}; **${perCheck} requests per check run** (${[...kinds].join(', ')} + 1 namespace GET), 300 Pods`,
    value: perCheck,
    meets: perCheck <= kinds.size + 1 && S.every((r) => r.allPass),
  });
  if (R.rss) {
    const lab = median(R.rss.labCheck);
    const k = median(R.rss.kubectlGetPods);
    f.push({
      id: 'rss',
      figure: 'peak RSS of `lab check` vs `kubectl get pods`',
      target: '(report)',
      measured: `${mb(lab)} vs ${mb(k)} → **${x2(lab / k)}** (bare node: ${mb(median(R.rss.nodeEmpty))})`,
      value: lab / k,
      meets: undefined,
    });
  }
  if (R.imports) {
    const I = R.imports;
    const base = median(I.nodeEmpty.ms);
    const baseRss = median(I.nodeEmpty.rssKb);
    const u = median(I.unbundled.ms) - base;
    const bu = median(I.bundled.ms) - base;
    const ur = median(I.unbundled.rssKb) - baseRss;
    const br = median(I.bundled.rssKb) - baseRss;
    f.push({
      id: 'import',
      figure:
        'import of @kubernetes/client-node (KubeConfig + Watch): unbundled vs bundled as dist/ does, above bare node',
      target: '(report)',
      measured: `time +${ms(u)} vs +${ms(bu)} → **${x2(u / bu)}**; RSS +${mb(ur)} vs +${mb(br)} → **${x2(ur / br)}**`,
      value: u / bu,
      meets: undefined,
    });
  }
  return f;
}

function render(R) {
  const m = R.machine;
  const prev = new Map((R.previous?.figures ?? []).map((f) => [f.id, f]));
  const verdict = (v) => (v === undefined ? 'report' : v ? '**meets**' : '**misses**');
  const lines = [];
  const P = (s = '') => lines.push(s);
  P('# cka-lab benchmarks');
  P();
  P('Generated by `npm run bench` (bench/run.mjs); raw figures in bench/results.json. Do not edit by hand.');
  P();
  P(
    `- **When**: ${R.started} – ${R.finished}; load average ${R.loadavg.start.map((x) => x.toFixed(2)).join(' / ')} at start, ${R.loadavg.end.map((x) => x.toFixed(2)).join(' / ')} at end (1/5/15 min)`,
  );
  P(
    `- **Machine**: ${m.cpu}${m.mhz ? ` (${m.mhz.toFixed(0)} MHz)` : ''}, ${m.cores} cores, ${m.memoryGiB.toFixed(1)} GiB RAM, Linux ${m.kernel}`,
  );
  P(
    `- **Versions**: node ${R.node}; Kubernetes ${R.info.kubernetesServer} (pinned ${R.info.kubernetesPinned}); kwok ${R.info.kwok}; cka-lab commit ${R.commit} (HEAD; the working tree may hold uncommitted changes)`,
  );
  P(
    `- **CLI measured**: \`node bin/lab.cjs\` from a copy of bin/ and dist/ taken at the start of the run (${R.bundle.files} JavaScript files, ${(R.bundle.bytes / 1e6).toFixed(2)} MB, bundle dist/lab.cjs ${((R.bundle.entryBytes ?? 0) / 1e6).toFixed(2)} MB; sha256 of all ${R.bundle.sha256}); its V8 code cache (and Node's compile cache of dist/vendor) is written by the warm-up rounds, with XDG_STATE_HOME pointing at bench/.out/cli-state so progress records stay out of the user's state`,
  );
  P(
    `- **Cluster**: own LocalCluster \`cka-lab-bench\` (${R.info.nodes} kwok nodes, ${R.info.podCapacityPerNode} Pods each), taken down at the end; kubectl ${R.kubectl}`,
  );
  P(
    `- **Method**: compared commands run interleaved round by round (order rotated each round, except start → reset -n → reset → kubectl, which must stay in that order), ${R.warmup} warm-up rounds (2 for the shorter loops), then N rounds: N=${R.n} for lab check, ${R.lifecycle.labStart.length} for start/reset, RSS and imports. Wall time with performance.now() around spawn → exit. Figures are medians; "paired" is the median of per-round ratios.`,
  );
  P();
  P(`| figure | target | measured (median, ratio) | verdict |${R.previous ? ' previous run |' : ''}`);
  P(`|---|---|---|---|${R.previous ? '---|' : ''}`);
  for (const f of R.figures) {
    const p = prev.get(f.id);
    P(
      `| ${f.figure} | ${f.target} | ${f.measured} | ${verdict(f.meets)} |${R.previous ? ` ${p ? `${p.measured.replace(/\*\*/g, '')} (${p.meets === undefined ? 'report' : p.meets ? 'meets' : 'misses'})` : '—'} |` : ''}`,
    );
  }
  P();
  if (R.previous) P(`Previous run: ${R.previous.started}.`);
  P();

  // Details
  P('## Details');
  P();
  P('### Whole-process times (lab check loop)');
  P();
  P('| command | median | p25–p75 | p95 | min |');
  P('|---|---|---|---|---|');
  const names = {
    labCheck: '`lab check replicaset -n bench-rs --kubeconfig …`',
    kubectlGetPods: '`kubectl get pods -n bench-rs`',
    verifyScript: '`bash bench/verify-replicaset.sh bench-rs`',
    labHelp: '`lab --help` (bundle load, no cluster)',
    nodeEmpty: '`node empty.mjs` (bare node)',
    labCheckBefore: `\`lab check …\`, earlier build (${R.before?.cli ?? ''}) on node ${R.before?.node ?? ''}`,
    nodeEmptyBefore: `\`node empty.mjs\` on node ${R.before?.node ?? ''}`,
  };
  for (const [k, v] of Object.entries(R.check)) {
    const s = summary(v);
    P(`| ${names[k] ?? k} | ${ms(s.median)} | ${ms(s.p25)}–${ms(s.p75)} | ${ms(s.p95)} | ${ms(s.min)} |`);
  }
  P();
  const reqPass = R.requests?.pass;
  if (reqPass)
    P(
      `Requests of one \`lab check replicaset\` run (passing namespace, KubeClient onRequest): ${reqPass.requests} — ${reqPass.paths.map((p) => `\`${p}\``).join(', ')}.`,
    );
  P();

  if (R.processRequests?.length) {
    const C = R.processRequests;
    const last = C[C.length - 1];
    const firstAt = median(C.map((c) => c.requests[0]?.atMs));
    const lastAt = median(C.map((c) => c.requests.at(-1)?.atMs));
    const exitAt = median(C.map((c) => c.exitAtMs));
    P(
      `One whole \`lab check\` process, counted with a preload (\`node --import bench/count-requests.mjs\`, ${C.length} runs, medians; times from when the preload ran, i.e. after node's own start-up): ${last.requests.length} requests over ${last.tlsConnections} TLS connections — ${last.requests.map((q) => `\`${q.method} ${q.path.replace('bench-rs', '<ns>')}\` at ${q.atMs} ms`).join(', ')} (last run). First request at ${ms(firstAt)} (loading the CLI, reading the kubeconfig), last request sent at ${ms(lastAt)}, exit at ${ms(exitAt)}; wall time of these runs ${ms(median(C.map((c) => c.wallMs)))}.`,
    );
    P();
  }
  if (R.transport) {
    const T = R.transport;
    P('### Transport: one request');
    P();
    const conn = T.connections
      ? ` In the one-at-a-time loop KubeClient opened ${T.connections.kubeClient} TLS connections for ${T.requests.kubeClient} requests; the keep-alive agent ${T.connections.keepAlive} for ${T.requests.keepAlive}.`
      : '';
    P(
      `KubeClient.request compared with the same GET (\`/api/v1/namespaces/bench-rs/pods\`, 6 Pods) over a keep-alive https.Agent with the same TLS settings and no connection limit, interleaved, in-process. KubeClient sends all requests over one connection (maxSockets 1), so a burst queues on it while the other agent opens a connection per concurrent request.${conn}`,
    );
    P();
    P('| | KubeClient.request | keep-alive agent | ratio |');
    P('|---|---|---|---|');
    P(
      `| one request at a time (${T.single.kubeClient.length}) | ${ms(median(T.single.kubeClient))} | ${ms(median(T.single.keepAlive))} | ${x2(median(T.single.kubeClient) / median(T.single.keepAlive))} |`,
    );
    P(
      `| ${T.burstSize} at once (${T.burst.kubeClient.length} bursts) | ${ms(median(T.burst.kubeClient))} | ${ms(median(T.burst.keepAlive))} | ${x2(median(T.burst.kubeClient) / median(T.burst.keepAlive))} |`,
    );
    P();
  }
  if (R.profile) {
    P(
      `### CPU profile of one \`lab check\` process (node --cpu-prof, ${R.profile.runs} runs, self time per run, mapped through the source maps of dist/)`,
    );
    P();
    P(
      `Sampled ${ms(R.profile.msPerRun)} per run (profiling slows the process down; compare the rows with each other, not with the wall times above).`,
    );
    P();
    P('| where | self time per run |');
    P('|---|---|');
    for (const row of R.profile.rows.slice(0, 12)) P(`| ${row.owner} | ${ms(row.msPerRun)} |`);
    P();
  }
  P('### Cluster up split (LocalCluster.lastUp, and component logs)');
  P();
  P(
    '`controlPlaneMs` is one `kwokctl create cluster --wait` call (etcd, kube-apiserver, kube-controller-manager, kube-scheduler, kwok-controller with the stages, metrics-server, cka-lab-agent together) and the default StorageClass applied after it, so LocalCluster.lastUp cannot split etcd+apiserver from the controllers; the timeline columns come from the component logs kwokctl writes (the first lines of metrics-server and the agent) and a /readyz probe, in ms after `kwokctl create` started.',
  );
  P();
  P(
    '| run | process | binaries | controlPlane (kwokctl create) | nodes (scale + Ready) | etcd start → ready | apiserver start → /readyz | controller-manager start → leader | scheduler start → leader | metrics-server start | agent start | down |',
  );
  P('|---|---|---|---|---|---|---|---|---|---|---|---|');
  R.clusterUp.forEach((u, i) => {
    const t = u.timeline ?? {};
    P(
      `| ${i + 1} | ${ms(u.processMs)} | ${ms(u.lastUp.binariesMs)} | ${ms(u.lastUp.controlPlaneMs)} | ${ms(u.lastUp.nodesMs)} | ${ms(t.etcdStartMs)} → ${ms(t.etcdReadyMs)} | ${ms(t.apiserverStartMs)} → ${ms(t.apiserverReadyzMs)} | ${ms(t.controllerManagerStartMs)} → ${ms(t.controllerManagerLeaderMs)} | ${ms(t.schedulerStartMs)} → ${ms(t.schedulerLeaderMs)} | ${ms(t.metricsServerStartMs)} | ${ms(t.agentStartMs)} | ${ms(u.downMs)} |`,
    );
  });
  P();

  const fails = R.clusterUpFailures ?? [];
  P(
    fails.length
      ? `Failed starts in this run (killed after 45 s, removed, retried): ${fails.length} — ${fails.map((f) => `${f.at}: ${f.cause ?? f.error}`).join('; ')}. Not counted in the medians.`
      : 'No failed cluster start in this run.',
  );
  P();
  if (R.realNode) renderRealNode(R.realNode, P);
  P('### lab start / lab reset');
  P();
  P('| command | median | p25–p75 | p95 |');
  P('|---|---|---|---|');
  for (const [k, v] of Object.entries(R.lifecycle)) {
    const s = summary(v);
    P(`| ${k} | ${ms(s.median)} | ${ms(s.p25)}–${ms(s.p75)} | ${ms(s.p95)} |`);
  }
  P();
  const rounds = R.lifecycleSplit.rounds;
  const col = (get) => ms(median(rounds.map(get)));
  P(
    `In-process split (the real startLab/resetLab, ${rounds.length} rounds; phases read from the request sequence, medians):`,
  );
  P();
  const hasDefault = rounds.every((r) => r.resetDefault);
  const dcol = (get) => (hasDefault ? col(get) : '—');
  P('| phase | start (fresh namespace) | reset -n (named) | reset (default) |');
  P('|---|---|---|---|');
  P(
    `| total in-process | ${col((r) => r.start.totalMs)} | ${col((r) => r.reset.totalMs)} | ${dcol((r) => r.resetDefault.totalMs)} |`,
  );
  P(
    `| old namespace: delete (+ wait until gone for -n) | — | ${col((r) => r.reset.deleteWaitMs)} (its Pods gone after ${col((r) => r.reset.podsGoneMs)}; ${median(rounds.map((r) => r.reset.namespacePolls))} GETs, 200 ms apart) | ${dcol((r) => r.resetDefault.findAndDeleteOldMs)} (find the active namespace, DELETE, pick the next name; no wait) |`,
  );
  P(
    `| namespace create + wait for the \`default\` ServiceAccount | ${col((r) => r.start.namespaceMs)} (SA wait ${col((r) => r.start.serviceAccountWaitMs)}, ${median(rounds.map((r) => r.start.serviceAccountPolls))} GETs) | ${col((r) => r.reset.setup.namespaceMs)} (SA wait ${col((r) => r.reset.setup.serviceAccountWaitMs)}) | ${dcol((r) => r.resetDefault.setup.namespaceMs)} (SA wait ${dcol((r) => r.resetDefault.setup.serviceAccountWaitMs)}) |`,
  );
  P(
    `| apply setup manifests | ${col((r) => r.start.applyMs)} | ${col((r) => r.reset.setup.applyMs)} | ${dcol((r) => r.resetDefault.setup.applyMs)} |`,
  );
  P(
    `| wait for setup Pods Ready | ${col((r) => r.start.podsReadyMs)} (${median(rounds.map((r) => r.start.podPolls))} GETs, 150 ms between rounds) | ${col((r) => r.reset.setup.podsReadyMs)} | ${dcol((r) => r.resetDefault.setup.podsReadyMs)} |`,
  );
  P(
    `| requests | ${median(rounds.map((r) => r.start.requests))} | ${median(rounds.map((r) => r.reset.requests))} | ${hasDefault ? median(rounds.map((r) => r.resetDefault.requests)) : '—'} |`,
  );
  P();
  P(
    `Process overhead (whole process − in-process median): start ${ms(median(R.lifecycle.labStart) - median(rounds.map((r) => r.start.totalMs)))}, reset -n ${ms(median(R.lifecycle.labResetNamed) - median(rounds.map((r) => r.reset.totalMs)))}${hasDefault ? `, reset ${ms(median(R.lifecycle.labReset) - median(rounds.map((r) => r.resetDefault.totalMs)))}` : ''}.`,
  );
  P();

  P('### Watch latency');
  P();
  const w = R.watch.rows;
  P(
    `${w.length} changes (scale 4 ↔ 5 through the scale subresource, 1 s apart, after 3 warm-up changes); ${R.watch.events} watch events and ${R.watch.reports} reports in all.`,
  );
  P();
  P('| measured from | median | p95 | max |');
  P('|---|---|---|---|');
  for (const [k, label] of [
    ['fromEventMs', 'watch event arrival (parsed, before the cache) → onReport'],
    ['fromPatchAnswerMs', 'PATCH answer → onReport'],
    ['fromPatchSentMs', 'PATCH sent → onReport'],
    ['eventAfterSendMs', 'PATCH sent → watch event arrival'],
    ['patchRoundTripMs', 'PATCH round trip'],
  ]) {
    const s = summary(w.map((r) => r[k]));
    P(`| ${label} | ${ms(s.median)} | ${ms(s.p95)} | ${ms(s.max)} |`);
  }
  P();

  P('### 50 namespaces');
  P();
  const S = R.scale.rounds;
  P(
    `${S.length} rounds; each: A = 50 \`checkLab\` concurrently on one KubeClient, B = the same one after another, C = \`lab check --all -o json\` as a process (it checked ${S[0]?.cliChecked} namespaces). Preparing the 50 namespaces took ${ms(R.scalePrepare.prepareMs)}.`,
  );
  P();
  P('| run | median | p95 | requests |');
  P('|---|---|---|---|');
  P(
    `| A concurrent | ${ms(median(S.map((r) => r.concurrentMs)))} | ${ms(p95(S.map((r) => r.concurrentMs)))} | ${median(S.map((r) => r.requestsConcurrent))} |`,
  );
  P(
    `| B sequential | ${ms(median(S.map((r) => r.sequentialMs)))} | ${ms(p95(S.map((r) => r.sequentialMs)))} | ${median(S.map((r) => r.requestsSequential))} |`,
  );
  P(
    `| C \`lab check --all\` process | ${ms(median(S.map((r) => r.cliAllMs)))} | ${ms(p95(S.map((r) => r.cliAllMs)))} | — |`,
  );
  P();
  P(
    `Requests by kind in one concurrent round: ${Object.entries(S[0]?.byKind ?? {})
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ')}.`,
  );
  P();

  if (R.rss) {
    P('### Peak RSS (GNU time %M)');
    P();
    P('| command | median | min | max |');
    P('|---|---|---|---|');
    for (const [k, v] of Object.entries(R.rss)) {
      const s = summary(v);
      P(`| ${names[k] ?? k} | ${mb(s.median)} | ${mb(s.min)} | ${mb(s.max)} |`);
    }
    P();
  }
  if (R.imports) {
    P('### @kubernetes/client-node import cost (whole process, GNU time)');
    P();
    P('| probe | wall median | peak RSS median |');
    P('|---|---|---|');
    const labels = {
      nodeEmpty: 'bare node (empty module)',
      unbundled: 'unbundled: `import { KubeConfig, Watch }` resolved from node_modules',
      bundled: "bundled with the CLI's esbuild options (scripts/bundle.mjs nodeBundle: client-node trimmed)",
      bundledPlain: 'bundled with plain esbuild options (no trimming)',
    };
    for (const [k, v] of Object.entries(R.imports))
      P(`| ${labels[k] ?? k} | ${ms(median(v.ms))} | ${mb(median(v.rssKb))} |`);
    P();
  }
  P('## Notes');
  P();
  P(notes());
  return `${lines.join('\n')}\n`;
}

/** The real-node details: the rounds with their phases, and the memory of each component. */
function renderRealNode(RN, P) {
  P('### Real node up (`lab cluster up --real-node`) and memory of each component');
  P();
  if (RN.skipped) {
    P(`Not measured: ${RN.skipped} (the real node needs Linux and root).`);
    P();
    return;
  }
  const rounds = RN.rounds;
  P(
    `${rounds.length} rounds after 1 warm-up round, all whole processes of the CLI under test with XDG_STATE_HOME of the bench's own (its cluster \`cka-lab\`, 2 kwok nodes): \`lab cluster up\` from nothing, \`lab cluster up --real-node\` on that control plane (binaries and images cached), ${RN.pods} busybox Pods put on the real node, a ${ms(RN.settleMs ?? 3000)} pause, the memory read, then \`lab cluster down\` (stops the node, undoes its changes to the machine, deletes the cluster). Run after the bench cluster was taken down, holding the real-node turn (tests/cluster/realnode-turn.ts; waited ${ms(RN.turnWaitMs)} for it). Phases of \`up --real-node\` from when its progress lines arrived. Load average at the end: ${(RN.loadavg ?? []).map((x) => x.toFixed(2)).join(' / ')}.`,
  );
  P();
  P(
    '| round | `lab cluster up` | `up --real-node` | CLI start + control plane already running | preflight, binaries + images found | bridge, rules, containerd, image import, registry | kubelet, kube-proxy → Node Ready | CoreDNS Ready | exit | 2 Pods Ready | `lab cluster down` |',
  );
  P('|---|---|---|---|---|---|---|---|---|---|---|');
  rounds.forEach((r, i) => {
    const p = r.phases ?? {};
    P(
      `| ${i + 1} | ${ms(r.upMs)} | ${ms(r.realNodeMs)} | ${ms(p.controlPlaneCheckMs)} | ${ms(p.preflightBinariesImagesMs)} | ${ms(p.networkContainerdImportRegistryMs)} | ${ms(p.kubeletProxyNodeReadyMs)} | ${ms(p.corednsMs)} | ${ms(p.exitMs)} | ${ms(r.podsReadyMs)} | ${ms(r.downMs)} |`,
    );
  });
  const med = (get) => ms(median(rounds.map(get)));
  P(
    `| median | ${med((r) => r.upMs)} | ${med((r) => r.realNodeMs)} | ${med((r) => r.phases?.controlPlaneCheckMs)} | ${med((r) => r.phases?.preflightBinariesImagesMs)} | ${med((r) => r.phases?.networkContainerdImportRegistryMs)} | ${med((r) => r.phases?.kubeletProxyNodeReadyMs)} | ${med((r) => r.phases?.corednsMs)} | ${med((r) => r.phases?.exitMs)} | ${med((r) => r.podsReadyMs)} | ${med((r) => r.downMs)} |`,
  );
  P();
  const fails = RN.failures ?? [];
  P(
    fails.length
      ? `Failed rounds (taken down and run again; not in the medians): ${fails.length} — ${fails.map((f) => `round ${f.round} at ${f.at}: ${f.error.replace(/\.$/, '')}`).join('; ')}.`
      : 'No failed round.',
  );
  P();
  P(
    `Memory: VmRSS from /proc/<pid>/status, medians over the ${rounds.length} rounds (min–max). Control-plane pids from kwokctl's pid files, the real node's daemons from its journal, CoreDNS as the \`/coredns -conf\` process under a shim, and per Pod the containerd-shim-runc-v2 (one per Pod) and its pause process.`,
  );
  P();
  P('| component | just after `lab cluster up` | with the real node and its Pods running |');
  P('|---|---|---|');
  const cell = (xs) => (sorted(xs).length ? `${mb(median(xs))} (${mb(sorted(xs)[0])}–${mb(sorted(xs).at(-1))})` : '—');
  // In the order kwokctl starts them (src/cluster/local/components.ts COMPONENTS), unknown ones last.
  const order = [
    'etcd',
    'kube-apiserver',
    'kube-controller-manager',
    'kube-scheduler',
    'kwok-controller',
    'metrics-server',
    'cka-lab-agent',
  ];
  const rank = (n) => (order.includes(n) ? order.indexOf(n) : order.length);
  const cpNames = Object.keys(rounds[0]?.controlPlane ?? {}).sort((a, b) => rank(a) - rank(b));
  for (const n of cpNames)
    P(
      `| ${n} | ${cell(rounds.map((r) => r.controlPlaneAfterUp?.[n]))} | ${cell(rounds.map((r) => r.controlPlane[n]))} |`,
    );
  P(
    `| **control plane** | **${mb(median(rounds.map((r) => sumKb(r.controlPlaneAfterUp))))}** | **${mb(median(rounds.map((r) => sumKb(r.controlPlane))))}** |`,
  );
  for (const n of Object.keys(rounds[0]?.node.daemons ?? {}))
    P(`| real node: ${n} | — | ${cell(rounds.map((r) => r.node.daemons[n]))} |`);
  const shims = rounds.flatMap((r) => r.node.perPod.map((p) => p.shimKb));
  const pauses = rounds.flatMap((r) => r.node.perPod.map((p) => p.pauseKb));
  const containers = rounds.flatMap((r) =>
    r.node.perPod.flatMap((p) => p.containers.filter((c) => /sleep/.test(c.argv0 ?? '')).map((c) => c.rssKb)),
  );
  const pods = median(rounds.map((r) => r.node.perPod.length));
  P(
    `| real node: containerd-shim-runc-v2, per Pod (${pods} Pods: CoreDNS + ${RN.pods} busybox) | — | ${cellKb(shims)} |`,
  );
  P(`| real node: pause, per Pod | — | ${cellKb(pauses)} |`);
  P(`| **real node** (daemons, CoreDNS, ${pods} × (shim + pause)) | — | **${mb(median(rounds.map(realNodeKb)))}** |`);
  P(`| (a busybox \`sleep\` container, the workload: not counted) | — | ${cellKb(containers)} |`);
  P();
  const t = memoryTotals(RN);
  P(
    `Real node / control plane: ${x2(t.realNode / t.controlPlane)} (paired ${x2(t.pairedRatio)}); the real node and the control plane together ${mb(t.realNode + t.controlPlane)}.`,
  );
  P();
}

/** A cell of small sizes (shims, pause): median and range with one decimal, in MB. */
function cellKb(xs) {
  const s = sorted(xs);
  if (!s.length) return '—';
  const f = (kb) => `${(kb / 1024).toFixed(1)} MB`;
  return `${f(median(s))} (${f(s[0])}–${f(s.at(-1))})`;
}

/** bench/NOTES.md: the interpretation written after looking at the figures, read at render time. */
function notes() {
  try {
    return readFileSync(join(here, 'NOTES.md'), 'utf8').trim();
  } catch {
    return '(none)';
  }
}

// `node bench/run.mjs --render`: rewrite RESULTS.md from results.json (after editing NOTES.md).
if (process.argv.includes('--render')) {
  const R = JSON.parse(readFileSync(join(here, 'results.json'), 'utf8'));
  writeFileSync(join(here, 'RESULTS.md'), render(R));
  log('rewrote bench/RESULTS.md from bench/results.json');
  process.exit(0);
}

await main().catch((err) => {
  process.stderr.write(`[bench] failed: ${err.stack ?? err}\n`);
  process.exit(1);
});
