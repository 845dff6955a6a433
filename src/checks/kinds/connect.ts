import { existsSync } from 'node:fs';
import * as v from 'valibot';
import { defineCheckKind, type CheckData } from './define.js';
import type { KubeObject } from '../../kube/types.js';
import { failed, passed, type Outcome } from '../result.js';
import type { NamespaceView } from '../view.js';
import { t } from '../../i18n/t.js';
import { readLearnerFile } from './file.js';
import { resolveLearnerPath } from '../../util/lab-paths.js';
import { hostQueries, type HttpGet, type Queries } from '../probe-queries.js';
import { failOnProbeError, queriesFor } from '../probe-pod.js';

const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
const SERVICE = { apiVersion: 'v1', kind: 'Service' } as const;

const fields = {
  /** The Service to connect to. */
  service: v.optional(v.string()),
  /** Its port (spec.ports[].port). */
  port: v.optional(v.number()),
  /**
   * Or: a file of the learner's folder holding the address a Pod would use to reach another Pod
   * directly (`http://<Pod IP>:<port>/` or `<Pod IP>:<port>`); the IP must be a Pod's of the namespace.
   */
  urlFromFile: v.optional(v.string()),
  /** `clusterIP` (default): ClusterIP:port; `nodePort`: the node's InternalIP (a Pod's hostIP):nodePort. */
  via: v.optional(v.picklist(['clusterIP', 'nodePort']), 'clusterIP'),
  /** The Pods that must answer: every Ready Pod with these labels, and no other. */
  answeredBy: v.record(v.string(), v.string()),
  /** How many connections to open, one after another. */
  tries: v.optional(v.number(), 20),
};
type ConnectCheck = CheckData<'connect', typeof fields>;

export { httpGet, type HttpGet } from '../probe-queries.js';

/** The `connect` check kind; its `description` says what it checks. */
export const connectKind = defineCheckKind({
  type: 'connect',
  description:
    "Real HTTP connections from the machine running the check (the real node's host, through kube-proxy's " +
    'rules; or from a short-lived busybox probe Pod in the lab namespace where this machine cannot reach the ' +
    'cluster DNS; CKA_LAB_PROBE=host|pod forces one) to the Service `service` on port `port`, at its ' +
    'ClusterIP or (`via: nodePort`) at the node IP and ' +
    "its nodePort, or (`urlFromFile`) to the Pod IP and port a file of the learner's folder names (Pod to Pod, " +
    "no Service); each Pod's page names the Pod (its hostname). Out of `tries` connections, every one must " +
    'be answered, every Ready Pod labelled `answeredBy` must answer at least once, and no other Pod may.',
  fields,
  reads: () => [POD, SERVICE],
  readsFiles: true,
  problem: (c) =>
    (c.urlFromFile === undefined) === (c.service !== undefined && c.port !== undefined) &&
    (c.service === undefined) === (c.port === undefined)
      ? undefined
      : { path: ['service'], problem: 'give service and port, or urlFromFile' },
  run: (check, view) => checkConnect(check, view),
});

type PodLike = KubeObject & {
  status?: { hostIP?: string; podIP?: string; conditions?: { type: string; status: string }[] };
};

const isReady = (p: PodLike): boolean =>
  (p.status?.conditions ?? []).some(
    (c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True',
  ) && !p.metadata?.deletionTimestamp;

const labelsText = (labels: Record<string, string>): string =>
  Object.entries(labels)
    .map(([k, val]) => `${k}=${val}`)
    .join(',');

/**
 * `connect`: what kube-proxy does with a Service (Kubernetes docs, "Virtual IPs and Service Proxies"),
 * tried for real: connections to ClusterIP:port or nodeIP:nodePort reach exactly the Pods named.
 * The connections are made from this machine or from a probe Pod in the lab namespace (see
 * {@link queriesFor}); both answers are judged here alike.
 * @param ask how connections are made: a GET function or a transport (tests hand in recorded
 *   answers); default {@link queriesFor} the view
 */
export async function checkConnect(
  check: ConnectCheck,
  view: NamespaceView,
  ask?: HttpGet | Queries,
): Promise<Outcome> {
  return failOnProbeError(() => judgeConnect(check, view, ask));
}

async function judgeConnect(
  check: ConnectCheck,
  view: NamespaceView,
  ask: HttpGet | Queries | undefined,
): Promise<Outcome> {
  const lang = view.lang;
  const selector = labelsText(check.answeredBy);
  const pods = (await view.list(POD)) as PodLike[];
  const expected = pods.filter(
    (p) => isReady(p) && Object.entries(check.answeredBy).every(([k, val]) => p.metadata?.labels?.[k] === val),
  );
  const found =
    check.urlFromFile !== undefined
      ? addressInFile(view, check.urlFromFile, pods)
      : await serviceAddress(view, check.service!, check.port!, check.via, expected);
  if ('pass' in found) return found;
  if (expected.length === 0) return failed(t(lang, 'connect.noPods', { selector }));
  const { host, port, label } = found;
  const target = `${host}:${port}`;

  const answered = new Map<string, number>();
  const errors = new Map<string, number>();
  const queries = typeof ask === 'function' ? hostQueries(undefined, ask) : (ask ?? (await queriesFor(view)));
  for (const r of await queries.gets(host, port, check.tries)) {
    if ('code' in r) errors.set(r.code, (errors.get(r.code) ?? 0) + 1);
    else {
      const name = (r.body.split('\n').find((l) => l.trim() !== '') ?? '').trim();
      // An empty page is no Pod's (some hosts route an unknown ClusterIP port out to a proxy that answers so).
      if (name === '') errors.set('EMPTY', (errors.get('EMPTY') ?? 0) + 1);
      else answered.set(name, (answered.get(name) ?? 0) + 1);
    }
  }
  const params = { target, via: label, selector };
  if (answered.size === 0) {
    const code = [...errors.keys()].join(', ');
    return failed(
      check.service !== undefined
        ? t(lang, 'connect.unreachable', { target, service: check.service, selector, code })
        : t(lang, 'connect.unreachablePod', { target, via: label, port, code }),
    );
  }
  const names = new Set(expected.map((p) => p.metadata?.name ?? ''));
  const strangers = [...answered.keys()].filter((n) => !names.has(n));
  if (strangers.length > 0) {
    const message = t(lang, 'connect.strangers', { ...params, pods: strangers.join(', ') });
    return failed(message, [{ message, expected: [...names].join(', '), actual: [...answered.keys()].join(', ') }]);
  }
  const failures = [...errors.values()].reduce((a, b) => a + b, 0);
  if (failures > 0)
    return failed(
      t(lang, 'connect.someFailed', {
        ...params,
        failed: failures,
        tries: check.tries,
        code: [...errors.keys()].join(', '),
      }),
    );
  const silent = [...names].filter((n) => !answered.has(n));
  if (silent.length > 0)
    return failed(t(lang, 'connect.silent', { ...params, pods: silent.join(', '), tries: check.tries }));
  return passed(t(lang, 'connect.right', { ...params, pods: [...names].sort().join(', '), tries: check.tries }));
}

/** The address of a Service port: its ClusterIP and port, or a node's IP and the port's nodePort. */
async function serviceAddress(
  view: NamespaceView,
  service: string,
  servicePort: number,
  via: 'clusterIP' | 'nodePort',
  expected: PodLike[],
): Promise<{ host: string; port: number; label: string } | Outcome> {
  const lang = view.lang;
  const svc = (await view.find(SERVICE, service)) as
    | (KubeObject & { spec?: { type?: string; clusterIP?: string; ports?: { port: number; nodePort?: number }[] } })
    | undefined;
  if (!svc) return failed(t(lang, 'connect.noService', { service, ns: view.namespace }));
  const ports = svc.spec?.ports ?? [];
  const entry = ports.find((p: { port: number }) => p.port === servicePort);
  if (!entry)
    return failed(
      t(lang, 'connect.noPort', {
        service,
        port: servicePort,
        ports: ports.map((p: { port: number }) => p.port).join(', ') || '-',
      }),
    );
  const label = `Service ${service}`;
  if (via === 'nodePort') {
    if (!entry.nodePort)
      return failed(t(lang, 'connect.noNodePort', { service, port: servicePort, type: svc.spec?.type ?? 'ClusterIP' }));
    const host = expected.find((p) => p.status?.hostIP)?.status?.hostIP;
    if (!host) return failed(t(lang, 'connect.noPods', { selector: '-' }));
    return { host, port: entry.nodePort, label };
  }
  const host = svc.spec?.clusterIP && svc.spec.clusterIP !== 'None' ? svc.spec.clusterIP : undefined;
  if (!host) return failed(t(lang, 'connect.headless', { service }));
  return { host, port: servicePort, label };
}

/** The Pod IP and port the learner wrote (`http://IP:port/...` or `IP:port`), or why it is not one. */
function addressInFile(
  view: NamespaceView,
  path: string,
  pods: PodLike[],
): { host: string; port: number; label: string } | Outcome {
  const lang = view.lang;
  const resolved = resolveLearnerPath(view.workDir, path);
  if (resolved.problem !== undefined) return failed(t(lang, 'file.unchecked', { path, problem: resolved.problem }));
  if (!existsSync(resolved.path)) return failed(t(lang, 'file.missing', { path, dir: view.workDir }));
  const text = readLearnerFile(resolved.path, path, lang);
  if (typeof text !== 'string') return text;
  const answer = (text.split('\n').find((l) => l.trim() !== '') ?? '').trim();
  if (answer === '') return failed(t(lang, 'file.empty', { path }));
  const m = /^(?:http:\/\/)?(\d{1,3}(?:\.\d{1,3}){3})(?::(\d{1,5}))?(?:\/\S*)?$/i.exec(answer);
  if (!m || (m[2] === undefined && !/^http:/i.test(answer))) return failed(t(lang, 'connect.badUrl', { path, answer }));
  const host = m[1]!;
  const port = m[2] !== undefined ? Number(m[2]) : 80;
  const pod = pods.find((p) => p.status?.podIP === host);
  if (!pod) return failed(t(lang, 'connect.notPodIp', { path, host, ns: view.namespace }));
  return { host, port, label: `Pod ${pod.metadata?.name ?? '?'}` };
}
