// In-process benchmark harness, bundled by bench/build.mjs into bench/.out/harness.mjs.
// It imports cka-lab from ../src (so it measures the same code the CLI bundle runs) and
// is driven by bench/run.mjs:  node bench/.out/harness.mjs <command> '<json args>'
// Each command prints progress on stderr and one line `@@RESULT <json>` on stdout.
/* eslint-disable @typescript-eslint/no-explicit-any -- loose JSON arguments from bench/run.mjs, and client-node and tls patched for measurement */
import { Watch } from '@kubernetes/client-node';
import { spawn } from 'node:child_process';
import https from 'node:https';
import tls from 'node:tls';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalCluster } from '../src/cluster/local/local-cluster.js';
import { KWOK_VERSION, binaryPath, kubeVersion } from '../src/cluster/local/binaries.js';
import { KubeClient } from '../src/kube/client.js';
import { loadKubeConfig } from '../src/kube/config.js';
import { deleteLabNamespace, MANAGED_BY } from '../src/kube/namespace.js';
import { loadLab } from '../src/labs/loader.js';
import type { Lab } from '../src/labs/lab.js';
import { applySolution, resetLab, startLab } from '../src/labs/lifecycle.js';
import { checkLab } from '../src/checks/check-lab.js';
import { watchLab } from '../src/checks/watch.js';
import type { LabReport } from '../src/checks/result.js';
import { memoryLog } from '../src/util/log.js';
import { livePid, readComponents } from '../src/cluster/local/components.js';
import { readJournal } from '../src/cluster/realnode/host.js';
import { processAlive } from '../src/cluster/realnode/processes.js';
import { nodeBinaryDir } from '../src/cluster/realnode/binaries.js';
import { NODE } from '../src/cluster/realnode/layout.js';
import { realNodeTurn } from '../tests/cluster/realnode-turn.js';

type Args = Record<string, any>;
const now = () => performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const note = (m: string) => process.stderr.write(`  [harness] ${m}\n`);
const RS = { apiVersion: 'apps/v1', kind: 'ReplicaSet' } as const;
const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
const NS = { apiVersion: 'v1', kind: 'Namespace' } as const;

/** A request seen by KubeClient's onRequest hook, with its start time. */
interface Seen {
  t: number;
  method: string;
  path: string;
}

function client(kubeconfig: string, seen?: Seen[]): KubeClient {
  return new KubeClient(
    loadKubeConfig({ kubeconfig }),
    seen ? { onRequest: (method, path) => seen.push({ t: now(), method, path }) } : {},
  );
}

/** Runs `fn` over items with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

/** Starts the lab in each namespace and applies the given solution tasks (none, some, all). */
async function prepare(
  kubeconfig: string,
  namespaces: string[],
  tasks: string[] | 'all' | 'none',
  waitPass: boolean,
  concurrency = 5,
): Promise<void> {
  const c = client(kubeconfig);
  const lab = await loadLab('replicaset');
  const workDir = mkdtempSync(join(tmpdir(), 'cka-bench-'));
  await pool(namespaces, concurrency, async (ns) => {
    await startLab(lab, c, ns, memoryLog(), 120_000);
    if (tasks !== 'none')
      await applySolution(
        lab,
        { client: c, namespace: ns, root: lab.root, workDir },
        tasks === 'all' ? undefined : tasks,
      );
    if (waitPass) {
      const report = await checkLab(lab, c, ns, { lang: 'en', waitMs: 120_000, workDir });
      if (!report.pass) throw new Error(`lab replicaset in ${ns} does not pass after the solution`);
    }
  });
}

const commands: Record<string, (a: Args) => Promise<unknown>> = {
  /** Brings up a LocalCluster by name; returns its kubeconfig and LocalCluster.lastUp. */
  async up(a) {
    const cluster = new LocalCluster().withName(a.name).withNodes(a.nodes ?? 2);
    const wall0 = Date.now();
    const t0 = now();
    // Observer: when the API server first answers /readyz (through kwokctl's own
    // kubeconfig, written before the components start).
    let apiserverReadyAt: number | undefined;
    let observing = true;
    const kwokKubeconfig = join(cluster.stateDir, 'kwok', 'clusters', a.name, 'kubeconfig.yaml');
    const observer = (async () => {
      while (observing && apiserverReadyAt === undefined) {
        if (existsSync(kwokKubeconfig)) {
          try {
            const probe = new KubeClient(loadKubeConfig({ kubeconfig: kwokKubeconfig }), {
              timeoutMs: 500,
              retries: 0,
            });
            await probe.request('GET', '/readyz');
            apiserverReadyAt = Date.now();
          } catch {
            // not yet
          }
        }
        await sleep(25);
      }
    })();
    const kubeconfig = await cluster.up(memoryLog());
    const upCallMs = now() - t0;
    observing = false;
    await observer;
    // The scheduler and controller-manager can win their leader leases after `up` returns (kube-system did not
    // exist at its first try); wait a little for it so the timeline is complete.
    const logs = join(cluster.stateDir, 'kwok', 'clusters', a.name, 'logs');
    const deadline = Date.now() + 15_000;
    let timeline = componentTimeline(logs, wall0 + (cluster.lastUp?.binariesMs ?? 0));
    while (
      (timeline.schedulerLeaderMs === undefined || timeline.controllerManagerLeaderMs === undefined) &&
      Date.now() < deadline
    ) {
      await sleep(200);
      timeline = componentTimeline(logs, wall0 + (cluster.lastUp?.binariesMs ?? 0));
    }
    const createWall = wall0 + (cluster.lastUp?.binariesMs ?? 0);
    return {
      kubeconfig,
      lastUp: cluster.lastUp,
      upCallMs,
      timeline: {
        ...timeline,
        apiserverReadyzMs: apiserverReadyAt === undefined ? undefined : apiserverReadyAt - createWall,
      },
    };
  },

  async down(a) {
    const cluster = new LocalCluster().withName(a.name);
    const t0 = now();
    await cluster.down(memoryLog());
    return { downMs: now() - t0 };
  },

  /** Versions and paths the report needs. */
  async info(a) {
    const c = client(a.kubeconfig);
    const version = await c.request<{ gitVersion: string }>('GET', '/version');
    const nodes = await c.list({ apiVersion: 'v1', kind: 'Node' });
    return {
      kubernetesServer: version.gitVersion,
      kubernetesPinned: kubeVersion(),
      kwok: KWOK_VERSION,
      kubectl: binaryPath('kubectl'),
      nodes: nodes.length,
      podCapacityPerNode: nodes[0]?.status?.capacity?.pods,
    };
  },

  async prepare(a) {
    const t0 = now();
    await prepare(a.kubeconfig, a.namespaces, a.tasks ?? 'all', a.waitPass ?? true, a.concurrency ?? 5);
    return { prepareMs: now() - t0 };
  },

  /** Deletes every namespace cka-lab labelled in the bench cluster and waits until they are gone. */
  async cleanup(a) {
    const c = client(a.kubeconfig);
    const all = await c.list(NS, undefined, `${MANAGED_BY.key}=${MANAGED_BY.value}`);
    const names = all.map((n) => n.metadata!.name!).filter((n) => !(a.keep ?? []).includes(n));
    const t0 = now();
    await Promise.all(names.map((n) => deleteLabNamespace(c, n, 180_000)));
    return { deleted: names.length, ms: now() - t0 };
  },

  /**
   * Requests per check run (KubeClient onRequest), for one namespace in the passing
   * state and one in the setup state (most checks fail, so explanations list more kinds).
   */
  async requests(a) {
    const lab = await loadLab('replicaset');
    const out: Record<string, unknown> = {};
    for (const [label, ns] of Object.entries(a.namespaces as Record<string, string>)) {
      const seen: Seen[] = [];
      const c = client(a.kubeconfig, seen);
      const report = await checkLab(lab, c, ns, { lang: 'en' });
      out[label] = {
        pass: report.pass,
        passed: report.passed,
        failed: report.failed,
        requests: seen.length,
        paths: seen.map((s) => `${s.method} ${s.path.replace(ns, '<ns>')}`),
      };
    }
    return out;
  },

  /**
   * start/reset in-process (the real startLab/resetLab), interleaved, each on a fresh
   * namespace; the phases are read from the request sequence (onRequest), and a second
   * client polls the Pods every 50 ms during reset to see when they are gone.
   */
  async lifecycle(a) {
    const lab = await loadLab('replicaset');
    const rounds: unknown[] = [];
    const total = (a.warmup ?? 2) + a.n;
    for (let i = 0; i < total; i++) {
      const ns = `${a.prefix}-${i}`;
      // A: start on a fresh namespace
      const s: Seen[] = [];
      const c1 = client(a.kubeconfig, s);
      const t0 = now();
      await startLab(lab, c1, ns, memoryLog());
      const t1 = now();
      const start = { totalMs: t1 - t0, ...startPhases(s, ns, t0, t1), requests: s.length };
      // B: reset of that namespace (delete, wait until gone, start again)
      const r: Seen[] = [];
      const c2 = client(a.kubeconfig, r);
      const observer = observePods(client(a.kubeconfig), ns);
      const t2 = now();
      await resetLab(lab, c2, ns, memoryLog()); // B: reset -n <ns>: delete, wait until gone, start
      const t3 = now();
      const podsGoneAt = observer.stop();
      const reset = {
        totalMs: t3 - t2,
        ...resetPhases(r, ns, t2, t3),
        podsGoneMs: podsGoneAt === undefined ? undefined : podsGoneAt - t2,
        requests: r.length,
      };
      // C: reset without a namespace (what `lab reset <lab>` does): lab-<id>, which keeps
      // its name, emptied in place and set up again.
      const d: Seen[] = [];
      const c3 = client(a.kubeconfig, d);
      const t4 = now();
      const fresh = await resetLab(lab, c3, undefined, memoryLog());
      const t5 = now();
      const freshStart = d.find((x) => x.method === 'GET' && x.path === `/api/v1/namespaces/${fresh}`);
      const resetDefault = {
        totalMs: t5 - t4,
        findAndDeleteOldMs: (freshStart?.t ?? t5) - t4,
        setupMs: t5 - (freshStart?.t ?? t5),
        setup: startPhases(
          d.filter((x) => !freshStart || x.t >= freshStart.t),
          fresh,
          freshStart?.t ?? t4,
          t5,
        ),
        requests: d.length,
        namespace: fresh,
      };
      if (i >= (a.warmup ?? 2)) rounds.push({ start, reset, resetDefault });
      note(
        `lifecycle ${i + 1}/${total}: start ${start.totalMs.toFixed(0)} ms, reset -n ${reset.totalMs.toFixed(0)} ms, reset ${resetDefault.totalMs.toFixed(0)} ms (${fresh})`,
      );
    }
    return { rounds };
  },

  /**
   * Watch latency: `lab check --watch` logic (watchLab) on a namespace whose ReplicaSet
   * has 3 replicas; the bench scales it 4 ↔ 5 (never 6, so the lab never passes and the
   * watch keeps running) and times, per change, the first report showing the new
   * replicas against (a) the watch event's arrival in this process (Watch.watch is
   * wrapped, so the time is taken as the event is parsed, before the cache sees it),
   * (b) the PATCH answer, (c) the PATCH being sent.
   */
  async watch(a) {
    const arrivals: { t: number; path: string; type: string; replicas?: number }[] = [];
    const original = Watch.prototype.watch;
    Watch.prototype.watch = function (this: Watch, path, params, callback, done) {
      return original.call(
        this,
        path,
        params,
        (type: string, obj: any, raw?: any) => {
          arrivals.push({
            t: now(),
            path,
            type,
            replicas: path.includes('/replicasets') ? obj?.spec?.replicas : undefined,
          });
          callback(type, obj, raw);
        },
        done,
      );
    };
    const lab = await loadLab('replicaset');
    const c = client(a.kubeconfig);
    const ns: string = a.namespace;
    const reports: { t: number; actual: unknown }[] = [];
    let waiter: { target: number; resolve: (t: number) => void } | undefined;
    const handle = await watchLab(lab, c, ns, { lang: 'en' }, (report: LabReport) => {
      const t = now();
      const check = report.tasks.flatMap((x) => x.checks).find((x) => x.id === 'rs-replicas-6');
      const actual = check?.problems[0]?.actual;
      reports.push({ t, actual });
      if (waiter && actual === waiter.target) {
        waiter.resolve(t);
        waiter = undefined;
      }
    });
    const rows: unknown[] = [];
    const total = (a.warmup ?? 3) + a.n;
    try {
      for (let i = 0; i < total; i++) {
        const target = i % 2 === 0 ? 4 : 5;
        const seen = new Promise<number>((resolve, reject) => {
          waiter = { target, resolve };
          setTimeout(() => reject(new Error(`no report with replicas ${target} within 10 s`)), 10_000).unref();
        });
        const firstArrival = arrivals.length;
        const tSend = now();
        await c.patch(RS, 'myapp-replicaset', ns, { spec: { replicas: target } }, 'merge', 'scale');
        const tAnswer = now();
        const tReport = await seen;
        const event = arrivals.slice(firstArrival).find((e) => e.replicas === target);
        if (i >= (a.warmup ?? 3)) {
          rows.push({
            target,
            fromEventMs: event ? tReport - event.t : undefined,
            fromPatchAnswerMs: tReport - tAnswer,
            fromPatchSentMs: tReport - tSend,
            eventAfterSendMs: event ? event.t - tSend : undefined,
            patchRoundTripMs: tAnswer - tSend,
          });
        }
        await sleep(a.settleMs ?? 1500); // let the Pod cascade of this change settle
      }
    } finally {
      handle.stop();
      Watch.prototype.watch = original;
    }
    return { rows, reports: reports.length, events: arrivals.length };
  },

  /**
   * Transport cost of one API request: KubeClient.request (a new https.Agent from
   * applyToHTTPSOptions per request, so a new TCP + TLS connection each time) vs the
   * same GET over one keep-alive agent with the same TLS settings. Interleaved, one
   * at a time, then `burst` at once.
   */
  async transport(a) {
    const kc = loadKubeConfig({ kubeconfig: a.kubeconfig });
    const c = new KubeClient(kc);
    const opts: any = { headers: {} };
    await kc.applyToHTTPSOptions(opts);
    const agent = new https.Agent({ ...(opts.agent?.options ?? {}), keepAlive: true });
    const path: string = a.path;
    const keepAliveGet = () =>
      new Promise<void>((resolve, reject) => {
        const req = https.request(
          new URL(c.server + path),
          { method: 'GET', headers: { ...opts.headers, Accept: 'application/json' }, agent },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (d: Buffer) => chunks.push(d));
            res.on('end', () => {
              JSON.parse(Buffer.concat(chunks).toString('utf8'));
              if ((res.statusCode ?? 0) >= 300) reject(new Error(`HTTP ${res.statusCode}`));
              else resolve();
            });
          },
        );
        req.on('error', reject);
        req.end();
      });
    // Count the TLS connections each way opens (https.Agent calls tls.connect per connection).
    const connections = { kubeClient: 0, keepAlive: 0 };
    const requests = { kubeClient: 0, keepAlive: 0 };
    let counting: 'kubeClient' | 'keepAlive' | undefined;
    const originalConnect = tls.connect;
    (tls as any).connect = function (...args: unknown[]) {
      if (counting) connections[counting]++;
      return (originalConnect as any).apply(this, args);
    };
    const single = { kubeClient: [] as number[], keepAlive: [] as number[] };
    const burst = { kubeClient: [] as number[], keepAlive: [] as number[] };
    const total = (a.warmup ?? 5) + a.n;
    for (let i = 0; i < total; i++) {
      for (const which of i % 2 ? (['keepAlive', 'kubeClient'] as const) : (['kubeClient', 'keepAlive'] as const)) {
        const measured = i >= (a.warmup ?? 5);
        counting = measured ? which : undefined;
        const t = now();
        if (which === 'kubeClient') await c.request('GET', path);
        else await keepAliveGet();
        if (measured) {
          single[which].push(now() - t);
          requests[which]++;
        }
        counting = undefined;
      }
    }
    for (let i = 0; i < (a.bursts ?? 10) + 1; i++) {
      for (const which of i % 2 ? (['keepAlive', 'kubeClient'] as const) : (['kubeClient', 'keepAlive'] as const)) {
        const t = now();
        await Promise.all(
          Array.from({ length: a.burst ?? 150 }, () =>
            which === 'kubeClient' ? c.request('GET', path) : keepAliveGet(),
          ),
        );
        if (i >= 1) burst[which].push(now() - t);
      }
    }
    agent.destroy();
    (tls as any).connect = originalConnect;
    return { single, burst, burstSize: a.burst ?? 150, connections, requests };
  },

  /**
   * 50 namespaces: each round runs A = all checks concurrently on one client, B = the same
   * checks one after another, C = the whole process `lab check --all -o json`, interleaved.
   */
  async scale(a) {
    const lab: Lab = await loadLab('replicaset');
    const namespaces: string[] = a.namespaces;
    const rounds: unknown[] = [];
    const total = (a.warmup ?? 2) + a.n;
    for (let i = 0; i < total; i++) {
      const seenA: Seen[] = [];
      const cA = client(a.kubeconfig, seenA);
      let t = now();
      const reportsA = await Promise.all(namespaces.map((ns) => checkLab(lab, cA, ns, { lang: 'en' })));
      const concurrentMs = now() - t;
      const seenB: Seen[] = [];
      const cB = client(a.kubeconfig, seenB);
      t = now();
      for (const ns of namespaces) await checkLab(lab, cB, ns, { lang: 'en' });
      const sequentialMs = now() - t;
      t = now();
      const cli = await run(
        process.execPath,
        [a.labBin, 'check', '--all', '-o', 'json', '--kubeconfig', a.kubeconfig],
        a.labStateHome,
      );
      const cliAllMs = now() - t;
      let cliChecked: number | undefined;
      try {
        const parsed = JSON.parse(cli.stdout);
        cliChecked = Array.isArray(parsed) ? parsed.length : 1;
      } catch {
        cliChecked = undefined;
      }
      const byKind: Record<string, number> = {};
      for (const s of seenA) {
        const kind =
          s.path
            .replace(/^\/apis?\/(?:[^/]+\/)?v1\//, '')
            .replace(/namespaces\/[^/?]+\/?/, '')
            .split('?')[0] || 'namespace';
        const k = `${s.method} ${kind || 'namespace'}`;
        byKind[k] = (byKind[k] ?? 0) + 1;
      }
      if (i >= (a.warmup ?? 2)) {
        rounds.push({
          concurrentMs,
          sequentialMs,
          cliAllMs,
          cliExit: cli.code,
          cliChecked,
          allPass: reportsA.every((r) => r.pass),
          requestsConcurrent: seenA.length,
          requestsSequential: seenB.length,
          requestsPerCheck: seenA.length / namespaces.length,
          byKind,
        });
      }
      note(
        `scale ${i + 1}/${total}: concurrent ${concurrentMs.toFixed(0)} ms, sequential ${sequentialMs.toFixed(0)} ms, cli --all ${cliAllMs.toFixed(0)} ms, ${seenA.length} requests`,
      );
    }
    return { rounds };
  },

  /**
   * The real node as a learner turns it on. Each round, whole processes of the CLI under test with
   * XDG_STATE_HOME = a.stateHome (so its cluster is the default `cka-lab` of a folder of the bench's
   * own): `lab cluster up` from nothing (control plane, stages, metrics-server, cka-lab-agent, 2 kwok
   * nodes), `lab cluster up --real-node` on that control plane (containerd, registry, kubelet,
   * kube-proxy, CoreDNS; binaries and images cached), then a.pods busybox Pods on the real node, then
   * `lab cluster down` (stops the node, undoes its changes to the machine, deletes the cluster).
   * Memory (VmRSS) of every process is read after `up` and again with the real node and its Pods
   * running. Holds the real-node turn (tests/cluster/realnode-turn.ts) throughout, so no real-node
   * test runs meanwhile. Linux and root only: otherwise returns `{ skipped }`.
   */
  async realnode(a) {
    if (process.platform !== 'linux') return { skipped: 'not Linux' };
    if (process.getuid?.() !== 0) return { skipped: 'not root' };
    const tTurn = now();
    const endTurn = await realNodeTurn(a.waitTurnMs ?? 20 * 60_000);
    const turnWaitMs = now() - tTurn;
    mkdirSync(a.stateHome, { recursive: true });
    process.env.XDG_STATE_HOME = a.stateHome; // LocalCluster's paths below: the CLI's cluster
    const cluster = new LocalCluster();
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_STATE_HOME: a.stateHome, NO_COLOR: '1' };
    delete env.KUBECONFIG;
    const lab = async (...args: string[]) => {
      const r = await runAll(process.execPath, [a.labBin, ...args], env);
      if (r.code !== 0) throw new Error(`lab ${args.join(' ')} exited ${r.code}: ${r.all.slice(-800)}`);
      return r;
    };
    const rounds: unknown[] = [];
    const failures: { at: string; round: number; error: string }[] = [];
    const total = (a.warmup ?? 1) + a.n;
    let up = false;
    try {
      await lab('cluster', 'down'); // the remains of an earlier run, if any
      for (let i = 0; i < total; i++) {
        try {
          const u = await lab('cluster', 'up');
          up = true;
          const controlPlaneAfterUp = controlPlaneMemory(await readComponents(cluster.clusterWorkdir));
          const rn = await lab('cluster', 'up', '--real-node');
          const readySeconds = Number(/ is Ready \((\d+(?:\.\d+)?) s\)/.exec(rn.all)?.[1]);
          const c = client(cluster.kubeconfig);
          const tPods = now();
          await realNodePods(c, a.pods ?? 2);
          const podsReadyMs = now() - tPods;
          await sleep(a.settleMs ?? 3000);
          const controlPlane = controlPlaneMemory(await readComponents(cluster.clusterWorkdir));
          const node = realNodeMemory(cluster.stateDir);
          const d = await lab('cluster', 'down');
          up = false;
          const round = {
            upMs: u.ms,
            realNodeMs: rn.ms,
            realNodeReadyS: readySeconds,
            phases: realNodePhases(rn.lines, rn.ms),
            podsReadyMs,
            downMs: d.ms,
            controlPlaneAfterUp,
            controlPlane,
            node,
          };
          if (i >= (a.warmup ?? 1)) rounds.push(round);
          note(
            `realnode ${i + 1}/${total}: cluster up ${u.ms.toFixed(0)} ms, up --real-node ${rn.ms.toFixed(0)} ms, down ${d.ms.toFixed(0)} ms; RSS control plane ${sumKb(controlPlane)} kB, real node ${sumKb(node.daemons) + sumKb(node.perPod.map((p) => p.shimKb + p.pauseKb))} kB`,
          );
        } catch (err) {
          // A failed round is recorded, taken down and run again (at most 3 failures in all).
          const error =
            String((err as Error).message ?? err)
              .split('\n')
              .filter((l) => /error/i.test(l))
              .at(-1) ?? String(err).slice(0, 300);
          failures.push({ at: new Date().toISOString(), round: i + 1, error });
          note(`realnode ${i + 1}/${total} failed (${error}); taking it down and running the round again`);
          await lab('cluster', 'down');
          up = false;
          if (failures.length >= 3) throw err;
          i--;
        }
      }
    } finally {
      try {
        if (up) await lab('cluster', 'down');
      } finally {
        await endTurn();
      }
    }
    return { rounds, failures, turnWaitMs, pods: a.pods ?? 2, settleMs: a.settleMs ?? 3000 };
  },
};

/** Resident memory of a process in kB (VmRSS in /proc/<pid>/status), or undefined when it is gone. */
function rssKb(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

const sumKb = (xs: Record<string, number | undefined> | (number | undefined)[]): number =>
  Object.values(xs).reduce<number>((n, x) => n + (x ?? 0), 0);

/** VmRSS (kB) of each control-plane component of a local cluster, by name (kwokctl's pid files). */
function controlPlaneMemory(specs: Awaited<ReturnType<typeof readComponents>>): Record<string, number | undefined> {
  return Object.fromEntries(
    specs.map((s) => {
      const pid = livePid(s);
      return [s.name, pid === undefined ? undefined : rssKb(pid)];
    }),
  );
}

/** Every process: pid, parent, executable and argv[0] (from /proc). */
function processes(): { pid: number; ppid: number; exe?: string; argv: string[] }[] {
  const out: { pid: number; ppid: number; exe?: string; argv: string[] }[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      let exe: string | undefined;
      try {
        exe = readlinkSync(`/proc/${d}/exe`);
      } catch {
        exe = undefined;
      }
      out.push({
        pid: Number(d),
        ppid,
        exe,
        argv: readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0').filter(Boolean),
      });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/**
 * VmRSS (kB) of the real node's parts: its daemons from the journal (containerd, registry, kubelet,
 * kube-proxy), CoreDNS (a container: `/coredns -conf ...` under a shim), and per Pod the
 * containerd-shim-runc-v2 (one per Pod sandbox) and the Pod's pause process.
 */
function realNodeMemory(stateDir: string) {
  const latest = new Map<string, { pid: number; binary: string }>();
  for (const c of readJournal(stateDir)) if (c.kind === 'process') latest.set(c.name, c);
  const daemons: Record<string, number | undefined> = {};
  for (const [name, { pid, binary }] of latest) daemons[name] = processAlive(pid, binary) ? rssKb(pid) : undefined;
  const all = processes();
  const shimBinary = join(nodeBinaryDir(), 'containerd-shim-runc-v2');
  const shims = all.filter((p) => p.exe === shimBinary);
  const perPod = shims.map((s) => {
    const children = all.filter((p) => p.ppid === s.pid);
    const pause = children.find((p) => /(^|\/)pause$/.test(p.argv[0] ?? ''));
    return {
      shimKb: rssKb(s.pid) ?? 0,
      pauseKb: pause ? (rssKb(pause.pid) ?? 0) : 0,
      containers: children.filter((p) => p !== pause).map((p) => ({ argv0: p.argv[0], rssKb: rssKb(p.pid) })),
    };
  });
  const coredns = all.find(
    (p) => /(^|\/)coredns$/.test(p.argv[0] ?? '') && p.argv.includes('-conf') && shims.some((s) => s.pid === p.ppid),
  );
  daemons.coredns = coredns ? rssKb(coredns.pid) : undefined;
  return { daemons, perPod };
}

/** Puts `count` busybox Pods (sleep) on the real node in namespace bench-realnode and waits until they are Ready. */
async function realNodePods(c: KubeClient, count: number): Promise<void> {
  const ns = 'bench-realnode';
  await c.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } }).catch(() => undefined);
  for (let i = 0; i < count; i++) {
    await c.create(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `sleep-${i}` },
        spec: {
          nodeSelector: { [NODE.label]: 'true' },
          tolerations: [{ key: NODE.taint.key, operator: 'Exists', effect: 'NoSchedule' }],
          terminationGracePeriodSeconds: 0,
          containers: [
            { name: 'main', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', command: ['sleep', '3600'] },
          ],
        },
      },
      ns,
    );
  }
  const deadline = Date.now() + 90_000;
  for (;;) {
    const pods = (await c.list(POD, ns)) as { status?: { containerStatuses?: { ready?: boolean }[] } }[];
    if (pods.length === count && pods.every((p) => p.status?.containerStatuses?.[0]?.ready === true)) return;
    if (Date.now() > deadline) throw new Error(`the ${count} Pods on the real node were not Ready within 90 s`);
    await sleep(100);
  }
}

/**
 * Runs a command; resolves with its exit code, its wall time up to its exit (ms) and its stdout and
 * stderr together (a daemon it left holding the pipes does not keep this waiting: 2 s after the exit).
 */
function runAll(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; ms: number; all: string; lines: { atMs: number; text: string }[] }> {
  return new Promise((resolve, reject) => {
    const t0 = now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
    let all = '';
    let ms: number | undefined;
    // When each line arrived, in ms after the spawn: the phases of a start, seen from outside.
    const lines: { atMs: number; text: string }[] = [];
    const take = (d: Buffer) => {
      const at = now() - t0;
      all += d.toString();
      for (const text of d.toString().split('\n')) if (text.trim()) lines.push({ atMs: at, text });
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('exit', (code) => {
      ms = now() - t0;
      setTimeout(() => resolve({ code, ms: ms!, all, lines }), 2000).unref();
    });
    child.on('close', (code) => resolve({ code, ms: ms ?? now() - t0, all, lines }));
  });
}

/**
 * The phases of `lab cluster up --real-node` on a running control plane, from when its progress
 * lines arrived (ms after the spawn): CLI start and control-plane check; preflight, binaries and
 * images found; bridge, rules, containerd, image import, registry; kubelet and kube-proxy until the
 * Node is Ready; CoreDNS Ready; exit.
 */
function realNodePhases(lines: { atMs: number; text: string }[], exitMs: number) {
  const at = (re: RegExp) => lines.find((l) => re.test(l.text))?.atMs;
  const marks = [
    at(/already running|is ready with|started/i),
    at(/changes this machine/),
    at(/Starting the real node: kubelet/),
    at(/Starting CoreDNS/),
    at(/ is Ready \(/),
    exitMs,
  ];
  const step = (i: number) =>
    marks[i] === undefined || marks[i - 1] === undefined ? undefined : marks[i]! - marks[i - 1]!;
  return {
    controlPlaneCheckMs: marks[0],
    preflightBinariesImagesMs: step(1),
    networkContainerdImportRegistryMs: step(2),
    kubeletProxyNodeReadyMs: step(3),
    corednsMs: step(4),
    exitMs: step(5),
  };
}

/** Phases of startLab from its requests: namespace (incl. ServiceAccount wait), apply, Pods Ready. */
function startPhases(seen: Seen[], ns: string, t0: number, tEnd: number) {
  const firstApply = seen.find((s) => s.method === 'PATCH' && s.path.includes(`/namespaces/${ns}/`));
  const firstPods = seen.find(
    (s) =>
      s.method === 'GET' && s.path.startsWith(`/api/v1/namespaces/${ns}/pods`) && (!firstApply || s.t > firstApply.t),
  );
  const post = seen.find((s) => s.method === 'POST' && s.path.startsWith('/api/v1/namespaces'));
  return {
    namespaceMs: (firstApply?.t ?? tEnd) - t0,
    serviceAccountWaitMs: post && firstApply ? firstApply.t - post.t : undefined,
    serviceAccountPolls: seen.filter((s) => s.path.endsWith(`/namespaces/${ns}/serviceaccounts/default`)).length,
    applyMs: firstApply && firstPods ? firstPods.t - firstApply.t : undefined,
    podsReadyMs: firstPods ? tEnd - firstPods.t : undefined,
    podPolls: seen.filter((s) => s.method === 'GET' && s.path.startsWith(`/api/v1/namespaces/${ns}/pods`)).length,
  };
}

/** Phases of resetLab: delete + wait until the namespace is gone, then the start phases. */
function resetPhases(seen: Seen[], ns: string, t0: number, tEnd: number) {
  const postIdx = seen.findIndex((s) => s.method === 'POST' && s.path.startsWith('/api/v1/namespaces'));
  const nsGet = (s: Seen) => s.method === 'GET' && s.path === `/api/v1/namespaces/${ns}`;
  let startIdx = -1;
  for (let i = postIdx - 1; i >= 0; i--)
    if (nsGet(seen[i]!)) {
      startIdx = i;
      break;
    }
  const startAt = startIdx >= 0 ? seen[startIdx]!.t : tEnd;
  const deleteReq = seen.find((s) => s.method === 'DELETE');
  const rest = startIdx >= 0 ? seen.slice(startIdx) : [];
  return {
    deleteWaitMs: startAt - t0,
    deleteRequestAtMs: deleteReq ? deleteReq.t - t0 : undefined,
    namespacePolls: seen.slice(0, Math.max(0, startIdx)).filter(nsGet).length,
    setupMs: tEnd - startAt,
    setup: startPhases(rest, ns, startAt, tEnd),
  };
}

/**
 * When each component started and became useful, in ms after `kwokctl create` began,
 * read from the component logs kwokctl writes (etcd/kwok: JSON with a UTC timestamp;
 * Kubernetes components: klog lines `I1121 13:36:35.686960`, local time).
 */
function componentTimeline(logDir: string, createWall: number) {
  const read = (f: string): string[] => {
    try {
      return readFileSync(join(logDir, f), 'utf8').split('\n');
    } catch {
      return [];
    }
  };
  const year = new Date().getFullYear();
  const klogTime = (line: string): number | undefined => {
    const m = /^[IWEF](\d\d)(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3})/.exec(line);
    return m
      ? new Date(year, Number(m[1]) - 1, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])).getTime()
      : undefined;
  };
  const jsonTime = (line: string): number | undefined => {
    try {
      const o = JSON.parse(line);
      const t = Date.parse(o.ts ?? o.time);
      return Number.isFinite(t) ? t : undefined;
    } catch {
      return undefined;
    }
  };
  const rel = (t: number | undefined) => (t === undefined ? undefined : t - createWall);
  const first = (lines: string[], parse: (l: string) => number | undefined, match?: RegExp) => {
    for (const l of lines)
      if (!match || match.test(l)) {
        const t = parse(l);
        if (t !== undefined) return t;
      }
    return undefined;
  };
  const etcd = read('etcd.log');
  const api = read('kube-apiserver.log');
  const kcm = read('kube-controller-manager.log');
  const sched = read('kube-scheduler.log');
  const kwok = read('kwok-controller.log');
  const metrics = read('metrics-server.log');
  const agent = read('cka-lab-agent.log');
  const anyTime = (l: string) => klogTime(l) ?? jsonTime(l);
  const mtime = (f: string): number | undefined => {
    try {
      return statSync(f).mtimeMs;
    } catch {
      return undefined;
    }
  };
  return {
    etcdStartMs: rel(first(etcd, jsonTime)),
    etcdReadyMs: rel(first(etcd, jsonTime, /ready to serve client requests/)),
    apiserverStartMs: rel(first(api, klogTime)),
    controllerManagerStartMs: rel(first(kcm, klogTime)),
    controllerManagerLeaderMs: rel(first(kcm, klogTime, /Successfully acquired lease/)),
    schedulerStartMs: rel(first(sched, klogTime)),
    schedulerLeaderMs: rel(first(sched, klogTime, /Successfully acquired lease/)),
    kwokStartMs: rel(first(kwok, jsonTime)),
    metricsServerStartMs: rel(first(metrics, anyTime)),
    // The agent's log lines carry no time: kwokctl writes its pid file as it starts it.
    agentStartMs: rel(first(agent, anyTime) ?? mtime(join(logDir, '..', 'pids', 'cka-lab-agent.pid'))),
  };
}

/** Polls the Pods of a namespace every 50 ms; stop() returns when the list was first empty. */
function observePods(c: KubeClient, ns: string) {
  let stopped = false;
  let goneAt: number | undefined;
  void (async () => {
    while (!stopped) {
      const pods = await c.list(POD, ns).catch(() => undefined);
      if (pods && pods.length === 0 && goneAt === undefined) goneAt = now();
      if (pods && pods.length > 0 && goneAt !== undefined) break; // recreated by setup
      await sleep(50);
    }
  })();
  return {
    stop() {
      stopped = true;
      return goneAt;
    },
  };
}

function run(cmd: string, args: string[], stateHome?: string): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: stateHome ? { ...process.env, XDG_STATE_HOME: stateHome } : process.env,
    });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

const [name, json] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  process.stderr.write(`usage: harness.mjs <${Object.keys(commands).join('|')}> '<json>'\n`);
  process.exit(2);
}
try {
  const result = await command(json ? JSON.parse(json) : {});
  process.stdout.write(`@@RESULT ${JSON.stringify(result)}\n`);
  process.exit(0);
} catch (err) {
  process.stderr.write(`harness ${name} failed: ${(err as Error).stack ?? err}\n`);
  process.exit(1);
}
