import { watch as watchFolder, type FSWatcher } from 'node:fs';
import type { KubeClient } from '../kube/client.js';
import { WatchCache } from '../kube/watch-cache.js';
import type { Lab } from '../labs/loader.js';
import { runChecks, type RunOptions } from './engine.js';
import { kindsUsed, usesFiles } from './kinds-used.js';
import type { LabReport } from './result.js';

/** A running `lab check --watch`. */
export interface LabWatch {
  /** Resolves with the first report in which every check passes. */
  passed: Promise<LabReport>;
  /** Stops the watches (the `passed` promise then never resolves). */
  stop(): void;
}

/**
 * Re-checks a lab on every Kubernetes watch event (and on changes in the learner's
 * folder when a check reads files), never by polling. Checks read the watch cache,
 * so a re-check needs no request; events that arrive during a re-check are folded
 * into one more re-check right after it.
 * @param onReport called with each new report (the first one right after the initial lists)
 * @throws ClusterError when the initial lists fail
 */
export async function watchLab(lab: Lab, client: KubeClient, namespace: string, options: RunOptions, onReport: (report: LabReport) => void): Promise<LabWatch> {
  let running = false;
  let again = false;
  let stopped = false;
  let resolvePassed!: (r: LabReport) => void;
  const passed = new Promise<LabReport>((r) => (resolvePassed = r));

  const recheck = async (): Promise<void> => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const report = await runChecks(lab, client, namespace, { ...options, source: cache });
        if (stopped) return;
        onReport(report);
        if (report.pass) {
          resolvePassed(report);
          stop();
        }
      } while (again && !stopped);
    } finally {
      running = false;
    }
  };

  const cache = new WatchCache(client, namespace, kindsUsed(lab), () => void recheck());
  let folder: FSWatcher | undefined;
  const stop = () => {
    stopped = true;
    cache.stop();
    folder?.close();
  };
  await cache.start();
  if (usesFiles(lab)) folder = watchFolder(options.workDir ?? process.cwd(), () => void recheck());
  await recheck();
  return { passed, stop };
}
