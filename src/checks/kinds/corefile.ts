import * as v from 'valibot';
import { defineCheckKind, type CheckData } from './define.js';
import type { KubeObject } from '../../kube/types.js';
import { failed, passed, type Outcome } from '../result.js';
import type { NamespaceView } from '../view.js';
import { t } from '../../i18n/t.js';
import { blockFor, CorefileError, forwardFor, parseCorefile, upstreamAddress } from '../corefile.js';

const CONFIG_MAP = { apiVersion: 'v1', kind: 'ConfigMap' } as const;
const SERVICE = { apiVersion: 'v1', kind: 'Service' } as const;
const SLICE = { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' } as const;

const fields = {
  /** The ConfigMap of the lab namespace holding the Corefile (CoreDNS's is `coredns`). */
  configMap: v.optional(v.string(), 'coredns'),
  /** Its key. */
  key: v.optional(v.string(), 'Corefile'),
  /** Queries for names under `zone` go to the DNS server behind Service `to` (its ClusterIP or its Pods). */
  forwards: v.array(v.strictObject({ zone: v.string(), to: v.string() })),
};
type CorefileCheck = CheckData<'corefile', typeof fields>;

/** The `corefile` check kind; its `description` says what it checks. */
export const corefileKind = defineCheckKind({
  type: 'corefile',
  description:
    'The Corefile in the ConfigMap `configMap` (key `key`) sends DNS queries for names under each `zone` of ' +
    '`forwards` to the Service `to` of the lab namespace: read as CoreDNS reads it (the server block with the ' +
    'longest zone holding the name on port 53, then its `forward` with the longest FROM not excepted), so a stub ' +
    'domain block `zone:53 { forward . IP }` and `forward zone IP` in the root block both pass; every upstream ' +
    "must be the Service's ClusterIP or one of its Pods' IPs, on port 53.",
  fields,
  reads: () => [CONFIG_MAP, SERVICE, SLICE],
  run: checkCorefile,
});

/** The addresses that reach Service `name` on port 53: its ClusterIP and its endpoints' addresses. */
async function addressesOf(view: NamespaceView, name: string): Promise<{ clusterIp?: string; all: Set<string> }> {
  const svc = (await view.find(SERVICE, name)) as { spec?: { clusterIP?: string } } | undefined;
  const all = new Set<string>();
  const clusterIp = svc?.spec?.clusterIP && svc.spec.clusterIP !== 'None' ? svc.spec.clusterIP : undefined;
  if (clusterIp) all.add(clusterIp);
  for (const s of await view.list(SLICE)) {
    if (s.metadata?.labels?.['kubernetes.io/service-name'] !== name) continue;
    for (const e of (s as { endpoints?: { addresses?: string[] }[] }).endpoints ?? [])
      for (const a of e.addresses ?? []) all.add(a);
  }
  return { clusterIp, all };
}

/**
 * `corefile`: a CoreDNS configuration change judged by meaning (coredns.io/plugins/forward; the
 * Kubernetes docs, "Customizing DNS Service": a stub domain is a server block forwarding a zone).
 */
export async function checkCorefile(check: CorefileCheck, view: NamespaceView): Promise<Outcome> {
  const lang = view.lang;
  const cm = (await view.find(CONFIG_MAP, check.configMap)) as
    (KubeObject & { data?: Record<string, string> }) | undefined;
  if (!cm) return failed(t(lang, 'corefile.noConfigMap', { configMap: check.configMap, ns: view.namespace }));
  const text = cm.data?.[check.key];
  if (text === undefined) return failed(t(lang, 'corefile.noKey', { configMap: check.configMap, key: check.key }));
  let blocks;
  try {
    blocks = parseCorefile(text);
  } catch (err) {
    if (!(err instanceof CorefileError)) throw err;
    return failed(t(lang, 'corefile.syntax', { configMap: check.configMap, line: err.line, problem: err.message }));
  }
  const problems: string[] = [];
  const right: string[] = [];
  for (const f of check.forwards) {
    const zone = f.zone.replace(/\.$/, '');
    const probe = `probe.${zone}`;
    const found = blockFor(blocks, probe);
    if (!found) {
      problems.push(t(lang, 'corefile.noBlock', { zone }));
      continue;
    }
    const block = `${found.block.keys.join(' ')} (line ${found.block.line})`;
    const rule = forwardFor(found.block, probe);
    if (!rule) {
      problems.push(t(lang, 'corefile.noForward', { zone, block }));
      continue;
    }
    const target = await addressesOf(view, f.to);
    if (target.all.size === 0) {
      problems.push(t(lang, 'corefile.noTarget', { service: f.to, ns: view.namespace }));
      continue;
    }
    const wrong = rule.to.filter((to) => {
      const a = upstreamAddress(to);
      return !a || a.port !== 53 || !target.all.has(a.ip);
    });
    const params = { zone, block, line: rule.line, to: rule.to.join(' '), service: f.to, ip: target.clusterIp ?? '-' };
    if (wrong.length > 0) problems.push(t(lang, 'corefile.wrongTarget', { ...params, wrong: wrong.join(' ') }));
    else right.push(t(lang, 'corefile.right', params));
  }
  if (problems.length > 0)
    return failed(
      problems[0]!,
      problems.map((message) => ({ message })),
    );
  return passed(right.join('; '));
}
