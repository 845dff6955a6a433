import { runChecks } from '../checks/engine.js';
import type { LabReport } from '../checks/result.js';
import { kindsUsed } from '../checks/watch.js';
import type { Lang } from '../i18n/text.js';
import type { KubeClient } from '../kube/client.js';
import type { TypeRef } from '../kube/types.js';
import type { Lab } from '../labs/lab.js';
import type { Seat } from './roster.js';
import { ClassCache } from './watch.js';

/** One seat's latest report. */
export interface SeatReport extends Seat {
  report: LabReport;
}

/** A running class board: the latest report of every seat, kept current by watches. */
export interface ClassBoard {
  /** The reports, in the roster's order (learner, then lab). */
  reports(): SeatReport[];
  /** Stops the watches. */
  stop(): void;
}

/** Options for {@link watchClass}. */
export interface BoardOptions {
  lang: Lang;
  /** Called after one or more seats were checked again (the first time once every seat is checked). */
  onUpdate?: (reports: SeatReport[]) => void;
  /** Folds events that arrive within this many ms into one re-check (default 100). */
  settleMs?: number;
}

/** Every kind the checks of `labs` read, once (see {@link kindsUsed}). */
export function classKinds(labs: readonly Lab[]): TypeRef[] {
  const seen = new Map<string, TypeRef>();
  for (const lab of labs) for (const ref of kindsUsed(lab)) seen.set(`${ref.apiVersion}/${ref.kind}`, ref);
  return [...seen.values()];
}

/**
 * Checks every seat of a class and keeps checking it on changes: one cluster-wide list and
 * watch per kind the labs' checks read ({@link ClassCache}), never polling, however many
 * learners; a watch event re-checks only the seat of the namespace it came from (after
 * `settleMs`, so a burst of events costs one check). Checks read the cache, so a re-check
 * sends no request.
 * @param labs the class's labs, by id
 * @throws ClusterError/AccessError when the initial lists fail
 */
export async function watchClass(
  client: KubeClient,
  seats: readonly Seat[],
  labs: ReadonlyMap<string, Lab>,
  options: BoardOptions,
): Promise<ClassBoard> {
  const latest = new Map<string, SeatReport>();
  const dirty = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const bySpace = new Map(seats.map((s) => [s.namespace, s]));
  const ordered = (): SeatReport[] => seats.flatMap((s) => latest.get(s.namespace) ?? []);

  const check = async (seat: Seat): Promise<void> => {
    const lab = labs.get(seat.lab)!;
    const report = await runChecks(lab, reader, seat.namespace, {
      lang: options.lang,
      source: cache.sourceFor(seat.namespace),
    });
    latest.set(seat.namespace, { ...seat, report });
  };
  const flush = (): void => {
    const todo = [...dirty].flatMap((ns) => bySpace.get(ns) ?? []);
    dirty.clear();
    running = running
      .then(async () => {
        if (stopped) return;
        await Promise.all(todo.map(check));
        if (!stopped) options.onUpdate?.(ordered());
      })
      .catch(() => {
        // a check run that failed (the cluster restarting) is tried again on the next event
        for (const s of todo) dirty.add(s.namespace);
      });
  };
  const changed = (namespace: string | undefined): void => {
    if (stopped) return;
    if (namespace === undefined) for (const s of seats) dirty.add(s.namespace);
    else if (bySpace.has(namespace)) dirty.add(namespace);
    else return;
    clearTimeout(timer);
    timer = setTimeout(flush, options.settleMs ?? 100);
  };

  const cache = new ClassCache(client, new Set(bySpace.keys()), classKinds([...labs.values()]), changed);
  const reader = cachedLists(client, cache);
  await cache.start();
  await Promise.all(seats.map(check));
  options.onUpdate?.(ordered());
  return {
    reports: ordered,
    stop: () => {
      stopped = true;
      clearTimeout(timer);
      cache.stop();
    },
  };
}

/**
 * The client the class's checks use: lists of a watched kind come from the cache, also the
 * cluster-wide ones a check sends to explain a missing object ("it is in namespace default"),
 * which for a class would be one cluster-wide list per learner; anything else goes to the API.
 */
function cachedLists(client: KubeClient, cache: ClassCache): KubeClient {
  const reader = Object.create(client) as KubeClient;
  reader.list = (ref, namespace, labelSelector) => {
    const cached = labelSelector ? undefined : namespace ? cache.sourceFor(namespace).list(ref) : cache.listAll(ref);
    return cached ? Promise.resolve(cached) : client.list(ref, namespace, labelSelector);
  };
  return reader;
}
