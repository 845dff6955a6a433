import { createHash, randomBytes } from 'node:crypto';
import { Resolver } from 'node:dns/promises';
import type { KubeClient } from '../kube/client.js';
import type { KubeObject } from '../kube/types.js';
import { MANAGED_BY } from '../kube/namespace.js';
import type { Lang } from '../i18n/text.js';
import { t } from '../i18n/t.js';
import { GIVE_UP_AFTER, hostQueries, type HttpResult, type LookupResult, type Queries } from './probe-queries.js';
import type { NamespaceView } from './view.js';
import { failed, type Outcome } from './result.js';

const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
const SERVICE = { apiVersion: 'v1', kind: 'Service' } as const;

/** The first word of every line the probe prints about one question. */
const MARK = 'cka-lab-probe';

/** The image of the probe Pod: busybox (sh, nslookup, wget); the real node holds it (cluster/node-images.yaml). */
export const PROBE_IMAGE = 'busybox:1.36';

/** The probe Pod could not run or print its answers; `message` says so for the learner. */
export class ProbePodError extends Error {}

/**
 * Runs a network check's judgement; a probe Pod that could not run or answer fails the check with
 * its message (the learner's cluster, not the learner's answer, is then at fault, and the message
 * says what to look at) instead of ending the whole run.
 * @throws whatever else `judge` throws
 */
export async function failOnProbeError(judge: () => Promise<Outcome>): Promise<Outcome> {
  try {
    return await judge();
  } catch (err) {
    if (err instanceof ProbePodError) return failed(err.message);
    throw err;
  }
}

/** Single-quotes a word for /bin/sh. */
const sh = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * The shell script asking A lookups with busybox nslookup, one line per question:
 * `cka-lab-probe <index> <nslookup's output, newlines as tabs>`.
 */
export function lookupScript(questions: { server: string; name: string }[]): string {
  const q =
    'q() { out=$(nslookup -type=a -timeout=2 -retry=1 "$2" "$3" 2>&1); ' +
    `printf '${MARK} %s %s\\n' "$1" "$(printf '%s' "$out" | tr '\\n' '\\t')"; }`;
  return [q, ...questions.map((x, i) => `q ${i} ${sh(fqdn(x.name))} ${sh(x.server)}`)].join('\n');
}

/** The name with a final dot, so nslookup asks exactly it (no search domain), as node:dns does. */
const fqdn = (name: string): string => (name.endsWith('.') ? name : `${name}.`);

/**
 * The shell script making up to `tries` GETs with busybox wget (2 s each, by timeout(1)), one line per GET:
 * `cka-lab-probe <index> <page or wget's error, newlines as tabs>\trc=<exit code>`; it stops after
 * {@link GIVE_UP_AFTER} GETs when none was answered with a non-empty page, as the host transport does.
 */
export function getScript(host: string, port: number, tries: number): string {
  const url = sh(`http://${host.includes(':') ? `[${host}]` : host}:${port}/`);
  return [
    'ok=0; i=0',
    `while [ $i -lt ${Math.max(0, Math.floor(tries))} ]; do`,
    // busybox 1.35's wget crashes with -T; timeout(1) ends a GET after 2 s instead.
    `  out=$(timeout 2 wget -Y off -q -O - ${url} 2>&1; echo "rc=$?")`,
    `  case "$out" in *rc=0) [ -n "$(printf '%s' "\${out%rc=0}" | tr -d ' \\t\\n\\r')" ] && ok=1;; esac`,
    `  printf '${MARK} %s %s\\n' "$i" "$(printf '%s' "$out" | tr '\\n' '\\t')"`,
    '  i=$((i+1))',
    `  [ $i -eq ${GIVE_UP_AFTER} ] && [ $ok -eq 0 ] && break`,
    'done',
  ].join('\n');
}

/** The probe's lines, by index (later lines of the same index win). */
function answersOf(log: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const line of log.split('\n')) {
    const m = new RegExp(`^${MARK} (\\d+) ?(.*)$`).exec(line);
    if (m) out.set(Number(m[1]), m[2]!.replaceAll('\t', '\n'));
  }
  return out;
}

/** The answers of {@link lookupScript}'s log to `count` questions, in order (EPROBE for a missing line). */
export function lookupAnswers(log: string, count: number): LookupResult[] {
  const answers = answersOf(log);
  return Array.from({ length: count }, (_, i) => {
    const text = answers.get(i);
    return text === undefined ? { code: 'EPROBE' } : parseNslookup(text);
  });
}

/** The answers of {@link getScript}'s log, one per GET made, in order. */
export function getAnswers(log: string): HttpResult[] {
  const answers = answersOf(log);
  return [...answers.keys()].sort((a, b) => a - b).map((i) => parseWget(answers.get(i)!));
}

/**
 * busybox nslookup's output for one A lookup, in c-ares' words (what node:dns says on the host):
 * the answer's addresses (`Address: 10.96.0.1` after the server's own `Address: IP:53`), or ENOTFOUND
 * (NXDOMAIN), ENODATA (no A record), ETIMEOUT (no server answered), ECONNREFUSED, ESERVFAIL, EREFUSED.
 */
export function parseNslookup(text: string): LookupResult {
  if (/NXDOMAIN/.test(text)) return { code: 'ENOTFOUND' };
  if (/SERVFAIL/.test(text)) return { code: 'ESERVFAIL' };
  if (/REFUSED\b/.test(text) && !/onnection refused/i.test(text)) return { code: 'EREFUSED' };
  if (/connection refused/i.test(text)) return { code: 'ECONNREFUSED' };
  if (/timed out|no servers could be reached/i.test(text)) return { code: 'ETIMEOUT' };
  const addresses: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^Address(?: \d+)?:\s*(\d{1,3}(?:\.\d{1,3}){3})\s*$/.exec(line.trim());
    if (m) addresses.push(m[1]!);
  }
  if (addresses.length > 0) return addresses;
  // The server answered with no A record: nslookup prints only the server's lines.
  if (/No answer|can't find/i.test(text) || /^Server:/m.test(text)) return { code: 'ENODATA' };
  return { code: 'EPROBE' };
}

/**
 * busybox wget's output for one GET (`<page or error>\nrc=<exit code>`), in Node's words: the
 * page, or ECONNREFUSED, ETIMEDOUT, EHOSTUNREACH, ENETUNREACH, ECONNRESET, `HTTP <status>` (wget
 * prints no page for a status of 400 and above), EPROBE for anything else.
 */
export function parseWget(text: string): HttpResult {
  const m = /\nrc=(\d+)\s*$/.exec(`\n${text}`);
  const rc = m ? Number(m[1]) : -1;
  const out = m ? `\n${text}`.slice(0, m.index).replace(/^\n/, '') : text;
  if (rc === 0) return { body: out };
  if (rc === 124 || rc === 143) return { code: 'ETIMEDOUT' };
  if (/Connection refused/i.test(out)) return { code: 'ECONNREFUSED' };
  if (/timed out/i.test(out)) return { code: 'ETIMEDOUT' };
  if (/No route to host/i.test(out)) return { code: 'EHOSTUNREACH' };
  if (/Network is unreachable/i.test(out)) return { code: 'ENETUNREACH' };
  if (/Connection reset/i.test(out)) return { code: 'ECONNRESET' };
  const status = /server returned error: HTTP\/\S+ (\d{3})/.exec(out);
  if (status) return { code: `HTTP ${status[1]}` };
  return { code: 'EPROBE' };
}

/** The probe Pod: busybox running `script` once, as nobody, labelled as cka-lab's. */
export function probePod(name: string, script: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: { [MANAGED_BY.key]: MANAGED_BY.value, 'app.kubernetes.io/name': 'cka-lab-probe' } },
    spec: {
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      terminationGracePeriodSeconds: 0,
      enableServiceLinks: false,
      securityContext: { runAsNonRoot: true, runAsUser: 65534, seccompProfile: { type: 'RuntimeDefault' } },
      containers: [
        {
          name: 'probe',
          image: PROBE_IMAGE,
          imagePullPolicy: 'IfNotPresent',
          command: ['sh', '-c', script],
          resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '200m', memory: '32Mi' } },
          securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
        },
      ],
    },
  } as KubeObject;
}

type PodState = KubeObject & {
  status?: {
    phase?: string;
    containerStatuses?: { state?: { waiting?: { reason?: string }; terminated?: { reason?: string } } }[];
  };
};

/** How long a probe Pod may take to start (a kubelet on 2 busy cores, an image pull), in ms. */
const START_MS = 60_000;

/**
 * Runs `script` once in a new probe Pod of `namespace` and returns its log; the Pod is deleted
 * afterwards, whatever happened.
 * @param runMs how long the script itself may run, in ms
 * @throws ProbePodError when the Pod cannot be created, does not end within START_MS + runMs, or has no log
 */
export async function runProbe(
  client: KubeClient,
  namespace: string,
  script: string,
  runMs: number,
  lang: Lang,
): Promise<string> {
  const hash = createHash('sha256').update(script).update(randomBytes(8)).digest('hex').slice(0, 10);
  const name = `cka-lab-probe-${hash}`;
  const fail = (reason: string): ProbePodError =>
    new ProbePodError(t(lang, 'probe.notRun', { pod: name, ns: namespace, reason }));
  try {
    await client.create(probePod(name, script), namespace);
  } catch (err) {
    throw fail((err as Error).message);
  }
  try {
    const deadline = Date.now() + START_MS + runMs;
    let pod: PodState | undefined;
    for (;;) {
      pod = (await client.get(POD, name, namespace)) as PodState | undefined;
      const phase = pod?.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') break;
      if (Date.now() > deadline) {
        const state = pod?.status?.containerStatuses?.[0]?.state;
        throw fail(state?.waiting?.reason ?? phase ?? 'gone');
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    const log = await client.podLog(namespace, name, 'probe');
    if (!log.includes(MARK)) throw fail(`${pod?.status?.phase ?? '?'}, log: ${log.trim().slice(0, 200) || '-'}`);
    return log;
  } finally {
    await client.delete(POD, name, namespace).catch(() => undefined);
  }
}

/**
 * The pod transport: every question of one call asked by one probe Pod in the lab namespace
 * (busybox nslookup and wget), its log read and the Pod deleted. A NetworkPolicy of the lab
 * namespace that denies the probe Pod's egress (or the target's ingress from it) makes its answers
 * time out, as it would for any Pod of the namespace; the coredns and connectivity labs have none.
 */
export function podQueries(client: KubeClient, namespace: string, lang: Lang): Queries {
  return {
    where: 'pod',
    lookups: async (questions) => {
      if (questions.length === 0) return [];
      const log = await runProbe(client, namespace, lookupScript(questions), questions.length * 8_000, lang);
      return lookupAnswers(log, questions.length);
    },
    gets: async (host, port, tries) => {
      if (tries <= 0) return [];
      const log = await runProbe(client, namespace, getScript(host, port, tries), tries * 3_000, lang);
      return getAnswers(log);
    },
  };
}

/** `CKA_LAB_PROBE`: `host` or `pod` forces a transport; anything else (or unset) lets cka-lab choose. */
export const PROBE_ENV = 'CKA_LAB_PROBE';

const reachable = new Map<string, Promise<boolean>>();

/** Whether this machine gets an answer from a DNS server at `ip` within about 1 s (any answer counts). */
function hostReaches(ip: string): Promise<boolean> {
  let known = reachable.get(ip);
  if (!known) {
    const r = new Resolver({ timeout: 1000, tries: 1 });
    r.setServers([ip]);
    known = r.resolve4('kubernetes.default.svc.cluster.local').then(
      () => true,
      (err: NodeJS.ErrnoException) => err.code !== 'ETIMEOUT' && err.code !== 'ECONNREFUSED',
    );
    reachable.set(ip, known);
  }
  return known;
}

/**
 * The transport for a check's questions: `CKA_LAB_PROBE=host|pod` if set; else the host when this
 * machine reaches the cluster DNS Service (kube-system/kube-dns) within ~1 s (the local driver's real
 * node), a probe Pod in the lab namespace when it does not (k3s in Docker, a learner's own cluster).
 * Once per process and DNS address. A view without a client (unit tests) always gets the host.
 */
export async function queriesFor(view: NamespaceView): Promise<Queries> {
  const client = view.client;
  const forced = process.env[PROBE_ENV];
  if (!client || forced === 'host') return hostQueries();
  // The lab's Pods are read before the probe Pod exists, so no check of this run sees it.
  await view.list(POD);
  if (forced === 'pod') return podQueries(client, view.namespace, view.lang);
  const dns = (await client.get(SERVICE, 'kube-dns', 'kube-system')) as
    (KubeObject & { spec?: { clusterIP?: string } }) | undefined;
  const ip = dns?.spec?.clusterIP;
  if (!ip || ip === 'None' || (await hostReaches(ip))) return hostQueries();
  return podQueries(client, view.namespace, view.lang);
}
