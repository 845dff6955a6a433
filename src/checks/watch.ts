import { watch as watchFolder, type FSWatcher } from 'node:fs';
// The module itself, not the package index (see kube/watch-cache.ts).
import { Watch } from '@kubernetes/client-node/dist/watch.js';
import type { KubeClient } from '../kube/client.js';
import type { KubeObject, TypeRef } from '../kube/types.js';
import { WatchCache } from '../kube/watch-cache.js';
import { runChecks, type CheckedLab, type RunOptions } from './engine.js';
import { kindsRead, readsFiles } from './kinds/index.js';
import { WORKLOAD_KINDS } from '../kube/resources.js';
import type { LabReport } from './result.js';

/** A running `lab check --watch`. */
export interface LabWatch {
  /** Resolves with the first report in which every check passes. */
  passed: Promise<LabReport>;
  /** Stops the watches (the `passed` promise then never resolves). */
  stop(): void;
}

/**
 * Every API kind a lab's checks read (as each check kind declares), plus the workload kinds
 * that explain a missing object (a ReplicationController named like the expected ReplicaSet,
 * say): the kinds `lab check --watch` watches.
 */
export function kindsUsed(lab: CheckedLab): TypeRef[] {
  const all = [...lab.tasks.flatMap((t) => t.checks.flatMap((c) => kindsRead(c))), ...WORKLOAD_KINDS];
  const seen = new Map<string, TypeRef>();
  for (const { apiVersion, kind } of all) seen.set(`${apiVersion}/${kind}`, { apiVersion, kind });
  return [...seen.values()];
}

/** Whether any check reads the learner's folder (then `--watch` also watches the folder). */
const usesFiles = (lab: CheckedLab): boolean => lab.tasks.some((t) => t.checks.some(readsFiles));

/** How long to wait before re-checking after a check run failed (say, the API server restarting), in ms. */
const RETRY_MS = 1000;
/** How long to wait before watching the namespace again after its watch ended, in ms. */
const REWATCH_MS = 500;

/**
 * Re-checks a lab on every Kubernetes watch event (and on changes in the learner's
 * folder when a check reads files), never by polling. Checks read the watch cache,
 * so a re-check needs no request; events that arrive during a re-check are folded
 * into one more re-check right after it.
 *
 * It follows the lab through resets: objects deleted and made again (`lab reset` empties
 * the namespace in place) arrive as watch events like any other change; a namespace
 * deleted and created again under the same name (a new uid) makes it list every kind
 * afresh. A check run that fails (the cluster restarting, say) is tried again a second
 * later; the watch never ends on its own except on a full pass.
 * @param onReport called with each new report (the first one right after the initial lists)
 * @throws ClusterError when the initial lists fail
 */
export async function watchLab(
  lab: CheckedLab,
  client: KubeClient,
  namespace: string,
  options: RunOptions,
  onReport: (report: LabReport) => void,
): Promise<LabWatch> {
  let running = false;
  let again = false;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
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
        let report: LabReport;
        try {
          report = await runChecks(lab, client, namespace, { ...options, source: cache });
        } catch {
          // Nothing to report yet: the next event, or this retry, checks again.
          clearTimeout(retry);
          retry = setTimeout(() => void recheck(), RETRY_MS);
          return;
        }
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

  const newCache = () => new WatchCache(client, namespace, kindsUsed(lab), () => void recheck());
  let cache = newCache();
  /** Lists every kind afresh into a new cache (the namespace was made again), then re-checks. */
  const relist = async (): Promise<void> => {
    const fresh = newCache();
    cache.stop();
    cache = fresh;
    await fresh.start().catch(() => undefined); // kinds whose list failed are listed by the checks themselves
    if (stopped) fresh.stop();
    else await recheck();
  };

  let folder: FSWatcher | undefined;
  const stop = () => {
    stopped = true;
    clearTimeout(retry);
    cache.stop();
    folder?.close();
    namespaceWatch.abort();
  };
  await cache.start();
  const uid = (await client.get({ apiVersion: 'v1', kind: 'Namespace' }, namespace))?.metadata?.uid;
  const namespaceWatch = watchNamespace(client, namespace, uid, () => void relist());
  if (usesFiles(lab)) folder = watchFolder(options.workDir ?? process.cwd(), () => void recheck());
  await recheck();
  return { passed, stop };
}

/**
 * Watches one Namespace object and calls `onRecreated` whenever a namespace of that name
 * shows a uid other than the last one seen (it was deleted and made again). The watch
 * (list, then watch from the list's resourceVersion) starts again whenever it ends or
 * fails, until the returned controller is aborted.
 * @param uid the uid of the namespace now (undefined when it does not exist)
 * @returns the controller that ends the watch for good
 */
function watchNamespace(
  client: KubeClient,
  name: string,
  uid: string | undefined,
  onRecreated: () => void,
): AbortController {
  let seen = uid;
  const note = (obj: KubeObject | undefined) => {
    const now = obj?.metadata?.uid;
    if (!now || now === seen) return;
    seen = now;
    onRecreated();
  };
  const path = '/api/v1/namespaces';
  const fieldSelector = `metadata.name=${name}`;
  const holder = new AbortController();
  const again = () => {
    if (!holder.signal.aborted) setTimeout(() => void start(), REWATCH_MS);
  };
  const start = async (): Promise<void> => {
    if (holder.signal.aborted) return;
    try {
      // A list first: a namespace made again while no watch ran is noticed too.
      const list = await client.request<{ items?: KubeObject[]; metadata: { resourceVersion: string } }>(
        'GET',
        `${path}?fieldSelector=${encodeURIComponent(fieldSelector)}`,
      );
      note(list.items?.[0]);
      const watch = await new Watch(client.kubeConfig).watch(
        path,
        { fieldSelector, resourceVersion: list.metadata.resourceVersion, allowWatchBookmarks: true },
        (type: string, obj: KubeObject) => {
          if (type === 'ADDED' || type === 'MODIFIED') note(obj);
        },
        again,
      );
      if (holder.signal.aborted) watch.abort();
      else holder.signal.addEventListener('abort', () => watch.abort(), { once: true });
    } catch {
      again();
    }
  };
  void start();
  return holder;
}
