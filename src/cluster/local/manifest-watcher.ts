import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentRoot } from '../../util/paths.js';
import { killProcess, processRunning } from '../../util/process.js';
import { readComponents, livePid } from './components.js';
import { manifestFile, STATIC_COMPONENTS, syncManifests, type ManifestCluster } from './static-manifests.js';

/**
 * The manifest watcher of a local cluster: a small detached `lab cluster watch-manifests` process
 * that `lab cluster up` starts (listening on nothing), which restarts a control-plane component
 * when its manifest changes, as the kubelet does with static Pods. Its pid is in
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
 * The watcher's loop: every {@link WATCH_INTERVAL_MS} ms, when a manifest's modification time or
 * size changed, syncs the manifests (see {@link syncManifests}) holding the cluster's `up` lock,
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
