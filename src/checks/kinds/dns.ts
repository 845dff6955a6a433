import { existsSync } from 'node:fs';
import * as v from 'valibot';
import { defineCheckKind, type CheckData } from './define.js';
import { readLearnerFile } from './file.js';
import type { KubeObject } from '../../kube/types.js';
import { failed, passed, type Outcome } from '../result.js';
import type { NamespaceView } from '../view.js';
import { resolveLearnerPath } from '../../util/lab-paths.js';
import { t } from '../../i18n/t.js';
import { hostQueries, type LookupA, type LookupResult, type Queries } from '../probe-queries.js';
import { failOnProbeError, queriesFor } from '../probe-pod.js';

const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
const SERVICE = { apiVersion: 'v1', kind: 'Service' } as const;

const fields = {
  /** The name to look up; `{namespace}` stands for the lab namespace. */
  name: v.optional(v.string()),
  /** Or: a file of the learner's folder whose first non-empty line is the name (fully qualified). */
  nameFromFile: v.optional(v.string()),
  /** A Service of the lab namespace whose ClusterIP is the DNS server to ask; default: the cluster DNS. */
  server: v.optional(v.string()),
  /** The answer must be this Pod's IP. */
  pod: v.optional(v.string()),
  /** The answer must be exactly these Pods' IPs (a headless Service's name: one record per Pod). */
  pods: v.optional(v.array(v.string())),
  /** The answer must be this Service's ClusterIP. */
  service: v.optional(v.string()),
  /** The answer must be what this DNS server (a Service of the lab namespace) answers for the name. */
  sameAs: v.optional(v.string()),
  /** `false`: the name must not resolve (NXDOMAIN, or no address). */
  resolves: v.optional(v.boolean()),
};
type DnsCheck = CheckData<'dns', typeof fields>;

/** The cluster DNS Service (kubeadm's name; the real node's too). */
const CLUSTER_DNS = { namespace: 'kube-system', name: 'kube-dns' };

/** The cluster domain of every cluster cka-lab runs on (kubeadm's, k3s's, the real node's). */
const CLUSTER_DOMAIN = 'cluster.local';

export { lookupA, type LookupA } from '../probe-queries.js';

/** The `dns` check kind; its `description` says what it checks. */
export const dnsKind = defineCheckKind({
  type: 'dns',
  description:
    'A real DNS lookup of `name` (or of the name written in the file `nameFromFile`, which must be fully ' +
    'qualified) at the cluster DNS, or at the ClusterIP of the lab Service `server`, asked from the machine ' +
    "running the check (the real node's host reaches ClusterIPs through kube-proxy), or from a short-lived " +
    'busybox probe Pod in the lab namespace where this machine cannot reach the cluster DNS (CKA_LAB_PROBE=' +
    'host|pod forces one). Its A records must be ' +
    'exactly the IP of Pod `pod` (or the IPs of Pods `pods`), the ClusterIP of Service `service`, or what ' +
    'the DNS Service `sameAs` answers for the same name; with `resolves: false` it must not resolve. ' +
    'Expected answers are read from the API when the check runs.',
  fields,
  reads: () => [POD, SERVICE],
  readsFiles: true,
  problem: (c) => {
    if ((c.name === undefined) === (c.nameFromFile === undefined))
      return { path: ['name'], problem: 'give exactly one of name and nameFromFile' };
    const wanted = [c.pod, c.pods, c.service, c.sameAs, c.resolves].filter((x) => x !== undefined);
    if (wanted.length !== 1 || c.resolves === true)
      return { path: ['pod'], problem: 'give exactly one of pod, pods, service, sameAs and resolves: false' };
    return undefined;
  },
  run: (check, view) => checkDns(check, view),
});

const clusterIpOf = (svc: KubeObject | undefined): string | undefined => {
  const ip = (svc as { spec?: { clusterIP?: string } } | undefined)?.spec?.clusterIP;
  return ip && ip !== 'None' ? ip : undefined;
};

/** Where the cluster DNS Service comes from: kube-system/kube-dns read through the view's client. */
export type ClusterDnsSource = (view: NamespaceView) => Promise<KubeObject | undefined>;

const clusterDnsFromApi: ClusterDnsSource = async (view) =>
  view.client
    ? (await view.client.list(SERVICE, CLUSTER_DNS.namespace)).find((s) => s.metadata?.name === CLUSTER_DNS.name)
    : undefined;

/** The DNS server to ask: the lab Service's ClusterIP, or the cluster DNS; or why there is none. */
async function serverOf(
  view: NamespaceView,
  service: string | undefined,
  clusterDns: ClusterDnsSource = clusterDnsFromApi,
): Promise<{ ip: string; label: string } | Outcome> {
  const lang = view.lang;
  if (service !== undefined) {
    const svc = await view.find(SERVICE, service);
    if (!svc) return failed(t(lang, 'dns.noServer', { service, ns: view.namespace }));
    const ip = clusterIpOf(svc);
    if (!ip) return failed(t(lang, 'dns.noServer', { service, ns: view.namespace }));
    return { ip, label: `${service} (${ip})` };
  }
  const ip = clusterIpOf(await clusterDns(view));
  if (!ip) return failed(t(lang, 'dns.noClusterDns'));
  return { ip, label: t(lang, 'dns.clusterDns', { ip }) };
}

const isOutcome = (x: unknown): x is Outcome => typeof x === 'object' && x !== null && 'pass' in x;

/** The name from the learner's file: its first non-empty line, trimmed; or why it cannot be read. */
function nameInFile(view: NamespaceView, path: string): string | Outcome {
  const lang = view.lang;
  const resolved = resolveLearnerPath(view.workDir, path);
  if (resolved.problem !== undefined) return failed(t(lang, 'file.unchecked', { path, problem: resolved.problem }));
  if (!existsSync(resolved.path)) return failed(t(lang, 'file.missing', { path, dir: view.workDir }));
  const text = readLearnerFile(resolved.path, path, lang);
  if (typeof text !== 'string') return text;
  const name = (text.split('\n').find((l) => l.trim() !== '') ?? '').trim();
  if (name === '') return failed(t(lang, 'file.empty', { path }));
  if (/\s/.test(name)) return failed(t(lang, 'dns.notAName', { path, answer: name }));
  const bare = name.toLowerCase().replace(/\.$/, '');
  if (!bare.endsWith(`.${CLUSTER_DOMAIN}`))
    return failed(t(lang, 'dns.notFqdn', { path, answer: name, domain: CLUSTER_DOMAIN }));
  return name;
}

const sameSet = (a: string[], b: string[]): boolean =>
  a.length === b.length && [...a].sort().join() === [...b].sort().join();

/**
 * `dns`: resolves a name for real at a DNS server of the cluster and compares the A records with
 * the truth read from the API when the check runs (the Pod's `status.podIP`, the Service's
 * `spec.clusterIP`), or with another DNS server's answer. Kubernetes docs, "DNS for Services and Pods".
 * The lookups are asked from this machine or from a probe Pod in the lab namespace (see
 * {@link queriesFor}); both answers are judged here alike.
 * @param ask how names are resolved: a lookup function or a transport (tests hand in recorded
 *   answers); default {@link queriesFor} the view
 * @param clusterDns where the cluster DNS Service is read from (tests hand in a recorded one)
 */
export async function checkDns(
  check: DnsCheck,
  view: NamespaceView,
  ask?: LookupA | Queries,
  clusterDns: ClusterDnsSource = clusterDnsFromApi,
): Promise<Outcome> {
  return failOnProbeError(() => judgeDns(check, view, ask, clusterDns));
}

async function judgeDns(
  check: DnsCheck,
  view: NamespaceView,
  ask: LookupA | Queries | undefined,
  clusterDns: ClusterDnsSource,
): Promise<Outcome> {
  const lang = view.lang;
  let name: string;
  if (check.nameFromFile !== undefined) {
    const found = nameInFile(view, check.nameFromFile);
    if (isOutcome(found)) return found;
    name = found;
  } else name = check.name!.replaceAll('{namespace}', view.namespace);

  // What the answer must be.
  let expected: string[] | undefined;
  let what = '';
  const podNames = check.pods ?? (check.pod !== undefined ? [check.pod] : undefined);
  if (podNames !== undefined) {
    expected = [];
    for (const name of podNames) {
      const pod = await view.find(POD, name);
      const ip = (pod as { status?: { podIP?: string } } | undefined)?.status?.podIP;
      if (!pod) return failed(t(lang, 'dns.noPod', { pod: name, ns: view.namespace }));
      if (!ip) return failed(t(lang, 'dns.podNoIp', { pod: name }));
      expected.push(ip);
    }
    what = `${podNames.length === 1 ? 'Pod' : 'Pods'} ${podNames.join(', ')}`;
  } else if (check.service !== undefined) {
    const svc = await view.find(SERVICE, check.service);
    if (!svc) return failed(t(lang, 'dns.noService', { service: check.service, ns: view.namespace }));
    const ip = clusterIpOf(svc);
    if (!ip) return failed(t(lang, 'dns.headless', { service: check.service }));
    expected = [ip];
    what = `Service ${check.service}`;
  }

  const server = await serverOf(view, check.server, clusterDns);
  if (isOutcome(server)) return server;

  const ref = check.sameAs !== undefined ? await serverOf(view, check.sameAs) : undefined;
  if (isOutcome(ref)) return ref;
  const queries = typeof ask === 'function' ? hostQueries(ask) : (ask ?? (await queriesFor(view)));
  // One batch: the reference server first (sameAs), then the server checked.
  const answers: LookupResult[] = await queries.lookups([
    ...(ref ? [{ server: ref.ip, name }] : []),
    { server: server.ip, name },
  ]);

  if (ref !== undefined) {
    const answer = answers[0]!;
    if (!Array.isArray(answer) && (answer.code === 'ETIMEOUT' || answer.code === 'ECONNREFUSED'))
      return failed(
        t(lang, queries.where === 'pod' ? 'dns.unreachableInPod' : 'dns.unreachable', {
          name,
          server: ref.label,
          code: answer.code,
        }),
      );
    if (!Array.isArray(answer) || answer.length === 0)
      return failed(
        t(lang, 'dns.refNoAnswer', { name, server: ref.label, code: Array.isArray(answer) ? 'ENODATA' : answer.code }),
      );
    expected = answer;
    what = `${check.sameAs}`;
  }

  const got = answers[answers.length - 1]!;
  const params = { name, server: server.label };
  if (!Array.isArray(got)) {
    if (got.code === 'ETIMEOUT' || got.code === 'ECONNREFUSED')
      return failed(
        t(lang, queries.where === 'pod' ? 'dns.unreachableInPod' : 'dns.unreachable', { ...params, code: got.code }),
      );
    if (check.resolves === false) return passed(t(lang, 'dns.rightNone', { ...params, code: got.code }));
    return failed(t(lang, 'dns.noAnswer', { ...params, code: got.code }), [
      {
        message: t(lang, 'dns.noAnswer', { ...params, code: got.code }),
        expected: expected?.join(', '),
        actual: got.code,
      },
    ]);
  }
  if (check.resolves === false) {
    if (got.length === 0) return passed(t(lang, 'dns.rightNone', { ...params, code: 'ENODATA' }));
    return failed(t(lang, 'dns.resolvesAnyway', { ...params, actual: got.join(', ') }));
  }
  const actual = got.join(', ');
  if (sameSet(got, expected!)) return passed(t(lang, 'dns.right', { ...params, actual, what }));
  const message = t(lang, 'dns.wrongAnswer', { ...params, actual, what, expected: expected!.join(', ') });
  return failed(message, [{ message, expected: expected!.join(', '), actual }]);
}
