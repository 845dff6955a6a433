import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentRoot } from '../../util/paths.js';
import { killProcess, processRunning } from '../../util/process.js';
import { readComponents, livePid } from './components.js';
import {
  heldComponents,
  isStaticComponent,
  lastErrorLine,
  manifestFile,
  readRecord,
  restartComponent,
  STATIC_COMPONENTS,
  syncManifests,
  withFailures,
  writeRecord,
  type ManifestChange,
  type ManifestCluster,
} from './static-manifests.js';
import { afterCrash, afterRestart, backOffExpired } from './restart-backoff.js';

/**
 * The manifest watcher of a local cluster: a small detached `lab cluster watch-manifests` process
 * that `lab cluster up` starts (listening on nothing), which restarts a control-plane component
 * when its manifest changes, and starts one that failed with its manifest's command again with
 * the kubelet's back-off (src/cluster/local/restart-backoff.ts), as the kubelet does with static
 * Pods. Its pid is in
 * `<state>/manifest-watcher.pid`, its own log in `<state>/manifest-watcher.log`.
 */
export const watcherPidFile = (stateDir: string): string => join(stateDir, 'manifest-watcher.pid');
export const watcherLog = (stateDir: string): string => join(stateDir, 'manifest-watcher.log');

/** The subcommand that runs the watcher (hidden from `lab cluster --help`). */
export const WATCH_COMMAND = 'watch-manifests';

/** How often the watcher looks at the manifests' modification times, in ms. */
export const WATCH_INTERVAL_MS = 1000;

/** How long the watcher stays once no component of its cluster runs (a stopped cluster), in ms. */
const IDLE_EXIT_MS = 5 * 60_000;

/** How often the watcher looks whether any component runs, in ms. */
const IDLE_CHECK_MS = 30_000;

/** How often the watcher looks whether a component it restarted still runs, in ms. */
const RUNNING_CHECK_MS = 5000;

/** The pid of the cluster's running watcher, or undefined. */
export function watcherPid(stateDir: string): number | undefined {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(watcherPidFile(stateDir), 'utf8'), 10);
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !processRunning(pid)) return undefined;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(WATCH_COMMAND) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts the watcher of a cluster unless it runs: this package's CLI (bin/lab.cjs) with
 * `cluster watch-manifests --name <name> --state <folder>` (the folder on its command line, so
 * it is found with the cluster's processes), detached, in the environment of the caller (its
 * XDG_STATE_HOME names the same state folder). Never throws: without a watcher, manifest edits take
 * effect at the next `lab cluster up`.
 */
export function ensureWatcher(stateDir: string, clusterName: string): void {
  if (watcherPid(stateDir) !== undefined) return;
  const cli = join(contentRoot(), 'bin', 'lab.cjs');
  if (!existsSync(cli)) return;
  let log: number;
  try {
    log = openSync(watcherLog(stateDir), 'a');
  } catch {
    return; // a state folder that cannot be written: no watcher (`lab cluster up` applies edits)
  }
  try {
    const child = spawn(process.execPath, [cli, 'cluster', WATCH_COMMAND, '--name', clusterName, '--state', stateDir], {
      detached: true,
      stdio: ['ignore', log, log],
      env: process.env,
    });
    child.on('error', () => undefined);
    if (child.pid !== undefined) writeFileSync(watcherPidFile(stateDir), String(child.pid));
    child.unref();
  } finally {
    closeSync(log);
  }
}

/** Stops the cluster's watcher, if it runs. */
export async function stopWatcher(stateDir: string): Promise<void> {
  const pid = watcherPid(stateDir);
  if (pid !== undefined) await killProcess(pid, 2000);
}

/** The modification time and size of each manifest ("-" for a missing one): what the watcher compares. */
function fingerprint(stateDir: string): string {
  return STATIC_COMPONENTS.map((c) => {
    try {
      const s = statSync(manifestFile(stateDir, c));
      return `${s.mtimeMs}:${s.size}`;
    } catch {
      return '-';
    }
  }).join(' ');
}

/**
 * Whether {@link retryFailed} has something to do at `now` (reads control-plane.json only): a
 * back-off whose restart is due, or a restarted component to look at (every {@link RUNNING_CHECK_MS} ms).
 */
export function retryDue(stateDir: string, now: number, lastRunningCheck: number): boolean {
  const entries = Object.values(readRecord(stateDir)?.backOff ?? {});
  return entries.some((b) =>
    b.startedAt === undefined ? b.nextAt <= now : now - lastRunningCheck >= RUNNING_CHECK_MS,
  );
}

/**
 * Starts again, as the kubelet does for a static Pod's container, each control-plane component
 * that failed with its manifest's command (recorded by {@link syncManifests}) once its back-off
 * has passed: the same command, its log truncated and headed by a line saying so. A failure
 * doubles the back-off (up to 5 min); a start is kept, and forgotten after 10 min of running;
 * a restarted component that exits within those 10 min is failed again and waits its back-off.
 *
 * Only while the cluster is up (some component that is not failed runs): after `lab cluster down`,
 * or while `lab cluster etcd-restore` has stopped everything, nothing is started. Components that
 * were stopped any other way are left to `lab cluster up`. The caller holds the cluster's `up` lock
 * (no repair, restore or lab setup runs meanwhile).
 * @param now the time, epoch ms
 * @param onRestarted called with the components started (their leader-election Leases are released)
 * @returns one change per restart tried or per restarted component found exited
 */
export async function retryFailed(
  cluster: ManifestCluster,
  now: number = Date.now(),
  onRestarted?: (components: string[]) => Promise<void>,
): Promise<ManifestChange[]> {
  const record = readRecord(cluster.stateDir);
  if (!record?.backOff) return [];
  const specs = await readComponents(cluster.clusterWorkdir);
  const held = await heldComponents(cluster);
  const up = specs.some((s) => !held.has(s.name) && record.backOff?.[s.name] === undefined && livePid(s) !== undefined);
  const failed = { ...record.failed };
  const backOff = { ...record.backOff };
  const changes: ManifestChange[] = [];
  for (const [name, b] of Object.entries(record.backOff)) {
    const spec = specs.find((s) => s.name === name);
    if (!spec || !isStaticComponent(name)) {
      delete backOff[name];
      continue;
    }
    const running = livePid(spec) !== undefined;
    if (b.startedAt !== undefined) {
      if (running) {
        if (backOffExpired(b, now)) delete backOff[name];
      } else if (up) {
        const reason = lastErrorLine(spec) ?? `${name} exited`;
        failed[name] = { command: [spec.binary, ...spec.args], reason };
        backOff[name] = afterCrash(b, now);
        changes.push({ component: name, outcome: 'failed', reason });
      }
      continue;
    }
    if (!held.has(name)) {
      delete backOff[name]; // its manifest changed since, or a repair or restore started it
      continue;
    }
    if (running || !up || now < b.nextAt) continue;
    const outcome = await restartComponent(spec, `restart ${b.restarts + 1} after a back-off of ${b.delayMs / 1000} s`);
    backOff[name] = afterRestart(b, outcome.ok, Date.now());
    if (outcome.ok) delete failed[name];
    else failed[name] = { command: [spec.binary, ...spec.args], reason: outcome.reason ?? `${name} exited` };
    changes.push({ component: name, outcome: outcome.ok ? 'restarted' : 'failed', reason: outcome.reason });
  }
  writeRecord(cluster.stateDir, withFailures(readRecord(cluster.stateDir) ?? record, failed, backOff));
  const restarted = changes.filter((c) => c.outcome === 'restarted').map((c) => c.component);
  if (restarted.length > 0 && onRestarted) await onRestarted(restarted).catch(() => undefined);
  return changes;
}

/**
 * The watcher's loop: every {@link WATCH_INTERVAL_MS} ms, when a manifest's modification time or
 * size changed, syncs the manifests (see {@link syncManifests}) holding the cluster's `up` lock;
 * when a failed component's back-off has passed, starts it again (see {@link retryFailed});
 * and prints one line per restart. Ends when the cluster's kwok.yaml is gone (`lab cluster down`)
 * or no component has run for {@link IDLE_EXIT_MS} ms (`lab cluster up` starts it again).
 * @param withUpLock runs a function holding the cluster's `up` lock
 * @param onRestarted called with the components restarted (their leader-election Leases are released)
 */
export async function runWatcher(
  cluster: ManifestCluster,
  withUpLock: <T>(fn: () => Promise<T>) => Promise<T>,
  onRestarted?: (components: string[]) => Promise<void>,
  print: (line: string) => void = (l) => console.log(l),
): Promise<void> {
  let seen = '';
  let idleSince: number | undefined;
  let lastIdleCheck = 0;
  let lastRunningCheck = 0;
  for (;;) {
    if (!existsSync(join(cluster.clusterWorkdir, 'kwok.yaml'))) return;
    const now = fingerprint(cluster.stateDir);
    if (now !== seen) {
      try {
        const changes = await withUpLock(() => syncManifests(cluster, onRestarted));
        for (const c of changes)
          print(`${new Date().toISOString()} ${c.component}: ${c.outcome}${c.reason ? ` (${c.reason})` : ''}`);
        seen = now;
      } catch (err) {
        print(`${new Date().toISOString()} ${(err as Error).message}`); // tried again at the next tick
      }
    }
    if (seen === now && retryDue(cluster.stateDir, Date.now(), lastRunningCheck)) {
      lastRunningCheck = Date.now();
      try {
        // Under the lock, and only while kwok.yaml is there (`down` stops this watcher, then removes it).
        const changes = await withUpLock(async () =>
          existsSync(join(cluster.clusterWorkdir, 'kwok.yaml')) ? retryFailed(cluster, Date.now(), onRestarted) : [],
        );
        for (const c of changes)
          print(
            `${new Date().toISOString()} ${c.component}: ${c.outcome}${c.reason ? ` (${c.reason})` : ''} (back-off)`,
          );
      } catch (err) {
        print(`${new Date().toISOString()} ${(err as Error).message}`);
      }
    }
    if (Date.now() - lastIdleCheck > IDLE_CHECK_MS) {
      // kwok.yaml holds the stages too: parsed twice a minute, not every second
      lastIdleCheck = Date.now();
      const running = (await readComponents(cluster.clusterWorkdir)).some((s) => livePid(s) !== undefined);
      idleSince = running ? undefined : (idleSince ?? Date.now());
      if (idleSince !== undefined && Date.now() - idleSince > IDLE_EXIT_MS) return;
    }
    await new Promise((r) => setTimeout(r, WATCH_INTERVAL_MS));
  }
}
