import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as v from 'valibot';
import { defineCheckKind, type CheckData } from './define.js';
import { readLearnerFile } from './file.js';
import type { KubeObject } from '../../kube/types.js';
import { failed, passed, type Outcome } from '../result.js';
import type { NamespaceView } from '../view.js';
import { resolveLearnerPath } from '../../util/lab-paths.js';
import { t } from '../../i18n/t.js';

const SERVICE = { apiVersion: 'v1', kind: 'Service' } as const;

const fields = {
  /** The answer file in the lab's working folder: the chain's name on its first non-empty line. */
  path: v.string(),
  service: v.string(),
  /** The Service port (spec.ports[].port) whose chain is asked for. */
  port: v.number(),
};
type ServiceChainCheck = CheckData<'service-chain', typeof fields>;

/** The `service-chain` check kind; its `description` says what it checks. */
export const serviceChainKind = defineCheckKind({
  type: 'service-chain',
  description:
    "A file in the lab's working folder names the iptables chain kube-proxy (iptables mode) made for the port " +
    '`port` of Service `service`: KUBE-SVC- and the first 16 characters of the base32 SHA-256 of ' +
    '`<namespace>/<service>[:<port name>]<protocol in lower case>`, computed from the Service when the check ' +
    'runs (what `iptables-save -t nat` shows next to the comment `<namespace>/<service> cluster IP`).',
  fields,
  reads: () => [SERVICE],
  readsFiles: true,
  run: checkServiceChain,
});

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (Go's base32.StdEncoding), without padding. */
function base32(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = ((value << 8) | b) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/**
 * The chain kube-proxy's iptables proxier makes for a Service port (pkg/proxy/iptables/proxier.go,
 * servicePortChainName: "KUBE-SVC-" + portProtoHash(servicePortName, protocol), the hash being the
 * first 16 characters of base32(sha256(servicePortName + lower-case protocol))).
 * @param servicePortName `<namespace>/<name>`, with `:<port name>` when the port has a name
 */
export const serviceChainName = (servicePortName: string, protocol: string): string =>
  'KUBE-SVC-' +
  base32(
    createHash('sha256')
      .update(servicePortName + protocol.toLowerCase())
      .digest(),
  ).slice(0, 16);

/** `service-chain`: the learner found a Service's chain in `iptables-save` and wrote its name to a file. */
export async function checkServiceChain(check: ServiceChainCheck, view: NamespaceView): Promise<Outcome> {
  const lang = view.lang;
  const resolved = resolveLearnerPath(view.workDir, check.path);
  if (resolved.problem !== undefined)
    return failed(t(lang, 'file.unchecked', { path: check.path, problem: resolved.problem }));
  if (!existsSync(resolved.path)) return failed(t(lang, 'file.missing', { path: check.path, dir: view.workDir }));
  const text = readLearnerFile(resolved.path, check.path, lang);
  if (typeof text !== 'string') return text;
  const answer = (text.split('\n').find((l) => l.trim() !== '') ?? '').trim();
  if (answer === '') return failed(t(lang, 'file.empty', { path: check.path }));

  const svc = (await view.find(SERVICE, check.service)) as
    (KubeObject & { spec?: { ports?: { port: number; name?: string; protocol?: string }[] } }) | undefined;
  if (!svc) return failed(t(lang, 'connect.noService', { service: check.service, ns: view.namespace }));
  const entry = svc.spec?.ports?.find((p: { port: number }) => p.port === check.port);
  if (!entry)
    return failed(
      t(lang, 'connect.noPort', {
        service: check.service,
        port: check.port,
        ports: (svc.spec?.ports ?? []).map((p: { port: number }) => p.port).join(', ') || '-',
      }),
    );
  const portName = `${view.namespace}/${check.service}${entry.name ? `:${entry.name}` : ''}`;
  const chain = serviceChainName(portName, entry.protocol ?? 'TCP');
  const params = { path: check.path, answer, service: check.service, port: check.port };
  if (answer === chain) return passed(t(lang, 'chain.right', params));
  if (!answer.startsWith('KUBE-SVC-')) return failed(t(lang, 'chain.notSvc', params));
  return failed(t(lang, 'chain.wrong', params));
}
