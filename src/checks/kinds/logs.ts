import { existsSync } from 'node:fs';
import * as v from 'valibot';
import { defineCheckKind, type CheckData } from './define.js';
import { readLearnerFile } from './file.js';
import { ApiError } from '../../kube/client.js';
import { failed, passed, type Outcome } from '../result.js';
import type { NamespaceView } from '../view.js';
import { resolveLearnerPath } from '../../util/lab-paths.js';
import { t } from '../../i18n/t.js';

const POD = { apiVersion: 'v1', kind: 'Pod' } as const;

const fields = {
  /** The answer file in the lab's working folder. */
  path: v.string(),
  /** A JavaScript regular expression: a log line matches when it finds it in the line (as `grep -E` does). */
  match: v.string(),
  /**
   * What the file holds: `lines` (default), every matching line of the one container that logs them, as it
   * logs them; or `pod`, the name of the Pod whose container logs them.
   */
  answer: v.optional(v.picklist(['lines', 'pod']), 'lines'),
};
type LogsCheck = CheckData<'logs', typeof fields>;

/** The `logs` check kind; its `description` says what it checks. */
export const logsKind = defineCheckKind({
  type: 'logs',
  description:
    "A file in the lab's working folder holds what the containers of the lab namespace's Pods log, as " +
    '`kubectl logs POD -c CONTAINER` prints it, computed when the check runs: with `answer: lines` (the ' +
    'default) exactly the lines matching `match` (a regular expression, as `grep -E`) of one container, in ' +
    'any order, each trimmed and with runs of spaces counted as one (so `kubectl logs ... | grep` passes, and ' +
    'lines with --timestamps or --prefix, other lines or a part of the lines fail, each saying so); with ' +
    '`answer: pod` the name of the Pod (`NAME` or `pod/NAME`) one of whose containers logs such lines. ' +
    'Fails when no container logs a matching line.',
  fields,
  reads: () => [POD],
  readsFiles: true,
  problem: (check) => {
    try {
      new RegExp(check.match);
      return undefined;
    } catch (err) {
      return { path: ['match'], problem: (err as Error).message };
    }
  },
  run: checkLogs,
});

/** One container's log: its Pod, its name, and its lines (trimmed, spaces squeezed, empty ones left out). */
export interface ContainerLog {
  pod: string;
  container: string;
  lines: string[];
}

interface ContainerState {
  name?: string;
  state?: { running?: unknown; terminated?: unknown };
  lastState?: { terminated?: unknown };
}

/** A line as compared: trimmed, each run of white space one space (a terminal's copy may change them). */
export const normalLine = (line: string): string => line.trim().replace(/\s+/g, ' ');

/** The lines of a text as compared (see {@link normalLine}), empty ones left out. */
export const normalLines = (text: string): string[] => text.split('\n').map(normalLine).filter(Boolean);

/** What kubectl adds before a line: `--timestamps` (RFC 3339 with nanoseconds) or `--prefix` (`[pod/P/C] `). */
const DECORATION = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d) |\[pod\/[^/\]]+\/[^\]]+\] )/;

/**
 * The logs of every started container (running or terminated, so the kubelet has a log) of the
 * namespace's Pods. A container whose log the kubelet cannot give (400: not started after all; 404:
 * the Pod just went) counts as logging nothing.
 * @throws the client's other errors
 */
export async function containerLogs(view: NamespaceView): Promise<ContainerLog[]> {
  const pods = await view.list(POD);
  const started = pods.flatMap((pod) => {
    const statuses = ((pod as { status?: { containerStatuses?: ContainerState[] } }).status?.containerStatuses ??
      []) as ContainerState[];
    return statuses
      .filter((s) => s.state?.running || s.state?.terminated || s.lastState?.terminated)
      .map((s) => ({ pod: pod.metadata?.name ?? '', container: s.name ?? '' }));
  });
  return Promise.all(
    started.map(async ({ pod, container }) => {
      try {
        return { pod, container, lines: normalLines(await view.log(pod, container)) };
      } catch (err) {
        if (err instanceof ApiError && (err.status === 400 || err.status === 404)) return { pod, container, lines: [] };
        throw err;
      }
    }),
  );
}

/** Counts of each line (a multiset). */
const counts = (lines: string[]): Map<string, number> => {
  const out = new Map<string, number>();
  for (const l of lines) out.set(l, (out.get(l) ?? 0) + 1);
  return out;
};

/** How many lines `a` and `b` share, counted as multisets. */
function shared(a: string[], b: string[]): number {
  const have = counts(b);
  let n = 0;
  for (const l of a) {
    const left = have.get(l) ?? 0;
    if (left > 0) {
      n++;
      have.set(l, left - 1);
    }
  }
  return n;
}

/**
 * Judges an answer file's text against the containers' logs: the pure part of the `logs` check.
 * @param text the answer file's contents
 * @param logs every started container's log (see {@link containerLogs})
 */
export function judgeLogs(check: LogsCheck, text: string, logs: ContainerLog[], view: NamespaceView): Outcome {
  const lang = view.lang;
  const pattern = new RegExp(check.match);
  const match = check.match;
  const sources = logs
    .map((l) => ({ ...l, matching: l.lines.filter((line) => pattern.test(line)) }))
    .filter((l) => l.matching.length > 0);
  if (sources.length === 0) return failed(t(lang, 'logs.noneMatch', { ns: view.namespace, match }));
  const answer = normalLines(text);
  if (answer.length === 0) return failed(t(lang, 'file.empty', { path: check.path }));
  const path = check.path;

  if (check.answer === 'pod') {
    if (answer.length > 1 || answer[0]!.includes(' '))
      return failed(t(lang, 'logs.notAName', { path, answer: answer.join(' ') }));
    const pod = answer[0]!.replace(/^pods?\//, '');
    const source = sources.find((s) => s.pod === pod);
    if (source)
      return passed(
        t(lang, 'logs.podRight', { path, pod, container: source.container, count: source.matching.length, match }),
      );
    if (!logs.some((l) => l.pod === pod)) return failed(t(lang, 'logs.noSuchPod', { path, pod, ns: view.namespace }));
    return failed(t(lang, 'logs.podWrong', { path, pod, match }));
  }

  const best = sources
    .map((s) => ({ ...s, shared: shared(answer, s.matching) }))
    .reduce((a, b) => (b.shared > a.shared ? b : a));
  const extra = answer.length - best.shared;
  const missing = best.matching.length - best.shared;
  if (extra === 0 && missing === 0)
    return passed(
      t(lang, 'logs.linesRight', {
        path,
        count: best.matching.length,
        pod: best.pod,
        container: best.container,
        match,
      }),
    );

  const logged = new Set(logs.flatMap((l) => l.lines));
  const decorated = answer.find((l) => !logged.has(l) && logged.has(normalLine(l.replace(DECORATION, ''))));
  if (decorated !== undefined) return failed(t(lang, 'logs.decorated', { path, line: decorated }));
  const unknown = answer.find((l) => !logged.has(l));
  if (unknown !== undefined) return failed(t(lang, 'logs.notLogged', { path, line: unknown, ns: view.namespace }));
  const other = answer.find((l) => !pattern.test(l));
  if (other !== undefined) return failed(t(lang, 'logs.notMatching', { path, line: other, match }));
  if (extra > 0) return failed(t(lang, 'logs.mixed', { path, match }));
  return failed(t(lang, 'logs.missing', { path, have: best.shared, count: best.matching.length, match }));
}

/**
 * `logs`: the learner read a container's log (`kubectl logs POD -c CONTAINER | grep ...`) and wrote
 * the lines it asks for, or the Pod that logs them, to a file. The truth is read from the API server's
 * Pod log endpoint when the check runs (the Kubernetes docs, "Logging Architecture"; kwok's ClusterLogs
 * on the local cluster), not fixed in the lab.
 */
export async function checkLogs(check: LogsCheck, view: NamespaceView): Promise<Outcome> {
  const lang = view.lang;
  const resolved = resolveLearnerPath(view.workDir, check.path);
  if (resolved.problem !== undefined)
    return failed(t(lang, 'file.unchecked', { path: check.path, problem: resolved.problem }));
  if (!existsSync(resolved.path)) return failed(t(lang, 'file.missing', { path: check.path, dir: view.workDir }));
  const text = readLearnerFile(resolved.path, check.path, lang);
  if (typeof text !== 'string') return text;
  return judgeLogs(check, text, await containerLogs(view), view);
}
