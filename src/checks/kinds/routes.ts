import { X509Certificate, createPrivateKey } from 'node:crypto';
import * as v from 'valibot';
import { defineCheckKind, type CheckData } from './define.js';
import type { KubeObject } from '../../kube/types.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { t } from '../../i18n/t.js';
import type { Lang } from '../../i18n/text.js';
import {
  DEFAULT_INGRESS_CLASS,
  hostMatches,
  route,
  servedBy,
  type IngressBackend,
  type Route,
} from '../ingress-routing.js';

const INGRESS = { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' } as const;
const INGRESS_CLASS = { apiVersion: 'networking.k8s.io/v1', kind: 'IngressClass' } as const;
const SERVICE = { apiVersion: 'v1', kind: 'Service' } as const;
const SECRET = { apiVersion: 'v1', kind: 'Secret' } as const;

/** A Service and one of its ports, by number or name. */
const Backend = v.strictObject({ service: v.string(), port: v.union([v.number(), v.string()]) });

const fields = {
  /** Only the Ingresses a controller of this IngressClass serves count; the class must exist. */
  ingressClass: v.string(),
  /** Requests and where each must go; `to: null`: nowhere (the controller answers 404). */
  requests: v.pipe(
    v.array(
      v.strictObject({
        host: v.string(),
        path: v.optional(v.string(), '/'),
        to: v.nullable(Backend),
      }),
    ),
    v.minLength(1),
  ),
  /** Hosts served over HTTPS: a tls entry covers each, with a kubernetes.io/tls Secret whose certificate does. */
  tls: v.optional(v.array(v.string())),
};
type RoutesCheck = CheckData<'routes', typeof fields>;

/** The `routes` check kind; its `description` says what it checks. */
export const routesKind = defineCheckKind({
  type: 'routes',
  description:
    'Each request of `requests` (`host`, `path`) reaches the Service and port of `to` (a port number or name, ' +
    "compared through the Service's ports), or nowhere with `to: null`, as a controller of IngressClass " +
    '`ingressClass` routes it from the Ingresses it serves (ingressClassName, or none when the class is the ' +
    'default): hosts exact, then `*.` wildcards of one label, then rules without host; Exact and Prefix paths ' +
    '(element-wise), the longest match first; else the default backend (src/checks/ingress-routing.ts). The ' +
    "backend Service must exist with that port. Each host of `tls` is in an Ingress's tls hosts whose Secret " +
    'exists, has type kubernetes.io/tls, and holds a certificate valid for the host and its key.',
  fields,
  reads: (check) => [INGRESS, INGRESS_CLASS, SERVICE, ...(check.tls ? [SECRET] : [])],
  run: checkRoutes,
});

/** `http://shop.example.com/api` */
const url = (host: string, path: string): string => `http://${host}${path.startsWith('/') ? path : `/${path}`}`;

/** `Service api port 8080` for a Service backend, `Kind name` for a resource. */
function showBackend(b: IngressBackend): string {
  if (b.service) return `Service ${b.service.name} port ${b.service.port?.number ?? b.service.port?.name ?? '?'}`;
  return `${b.resource?.kind ?? '?'} ${b.resource?.name ?? '?'}`;
}

function via(lang: Lang, r: Route): string {
  return r.rule
    ? t(lang, 'routes.viaRule', {
        ingress: r.ingress,
        host: r.rule.host,
        path: r.rule.path,
        pathType: r.rule.pathType,
      })
    : t(lang, 'routes.viaDefault', { ingress: r.ingress });
}

interface ServicePort {
  name?: string;
  port: number;
}

/** The Service port a port number or name means, or undefined when the Service has none such. */
function portOf(service: KubeObject | undefined, port: number | string | undefined): number | undefined {
  const ports = (service?.spec?.ports as ServicePort[] | undefined) ?? [];
  const found = ports.find((p) => (typeof port === 'number' ? p.port === port : p.name === port));
  return found?.port;
}

async function checkRoutes(check: RoutesCheck, view: NamespaceView): Promise<Outcome> {
  const lang = view.lang;
  const ingressClass = await view.find(INGRESS_CLASS, check.ingressClass);
  if (!ingressClass) return failed(t(lang, 'routes.noClass', { name: check.ingressClass }));
  const isDefault = ingressClass.metadata?.annotations?.[DEFAULT_INGRESS_CLASS] === 'true';
  const all = await view.list(INGRESS);
  const ingresses = all.filter((i) => servedBy(i, check.ingressClass, isDefault));
  if (!ingresses.length) {
    const others = all.map((i) => {
      const cls = (i.spec?.ingressClassName as string | undefined) ?? '-';
      return `${i.metadata?.name ?? '?'} (${cls})`;
    });
    return failed(
      t(lang, 'routes.noIngress', {
        name: check.ingressClass,
        ns: view.namespace,
        others: others.join(', '),
        count: others.length,
      }),
    );
  }
  const services = await view.list(SERVICE);
  const serviceNamed = (name: string): KubeObject | undefined => services.find((s) => s.metadata?.name === name);
  const problems: Problem[] = [];
  for (const req of check.requests) {
    const where = url(req.host, req.path);
    const r = route(ingresses, req.host, req.path);
    if (!req.to) {
      if (r) {
        const message = t(lang, 'routes.routed', { url: where, actual: showBackend(r.backend), via: via(lang, r) });
        problems.push({ message, actual: r.backend });
      }
      continue;
    }
    const expected = `Service ${req.to.service} port ${req.to.port}`;
    if (!r) {
      problems.push({ message: t(lang, 'routes.unrouted', { url: where, expected }), expected: req.to });
      continue;
    }
    const got = r.backend.service;
    const service = serviceNamed(req.to.service);
    const wantPort = portOf(service, req.to.port);
    const sameService = got?.name === req.to.service;
    const gotPort = sameService ? portOf(service, got!.port?.number ?? got!.port?.name) : undefined;
    if (!sameService || gotPort === undefined || gotPort !== wantPort) {
      if (sameService && service && gotPort === undefined) {
        const port = got!.port?.number ?? got!.port?.name ?? '?';
        problems.push({
          message: t(lang, 'routes.noPort', { url: where, service: req.to.service, port, via: via(lang, r) }),
          actual: r.backend,
        });
      } else if (sameService && !service) {
        problems.push({ message: t(lang, 'routes.noService', { url: where, service: req.to.service }) });
      } else {
        const actual = showBackend(r.backend);
        problems.push({
          message: t(lang, 'routes.wrongBackend', { url: where, actual, via: via(lang, r), expected }),
          expected: req.to,
          actual: r.backend,
        });
      }
    }
  }
  for (const host of check.tls ?? []) problems.push(...(await tlsProblems(host, ingresses, view)));
  if (problems.length) return failed(problems[0]!.message, problems);
  return passed(
    t(lang, 'routes.passed', {
      count: check.requests.length,
      name: check.ingressClass,
      ingresses: ingresses.map((i) => i.metadata?.name).join(', '),
      tls: (check.tls ?? []).join(', ') || '-',
    }),
  );
}

interface TlsEntry {
  hosts?: string[];
  secretName?: string;
}

/** What keeps `host` from being served over HTTPS by the tls entries of `ingresses`; nothing when it is. */
async function tlsProblems(host: string, ingresses: KubeObject[], view: NamespaceView): Promise<Problem[]> {
  const lang = view.lang;
  const entries = ingresses.flatMap((i) =>
    ((i.spec?.tls as TlsEntry[] | undefined) ?? []).map((e) => ({ ingress: i.metadata!.name!, entry: e })),
  );
  const covering = entries.filter((e) => (e.entry.hosts ?? []).some((h) => hostMatches(h, host)));
  if (!covering.length) return [{ message: t(lang, 'routes.tlsNone', { host }), path: 'spec.tls' }];
  const problems: Problem[] = [];
  for (const { entry } of covering) {
    const name = entry.secretName;
    if (!name) {
      problems.push({ message: t(lang, 'routes.tlsNoSecretName', { host }), path: 'spec.tls' });
      continue;
    }
    const secret = await view.find(SECRET, name);
    const found = secretProblem(secret, name, host, lang);
    if (!found) return [];
    problems.push(found);
  }
  return problems;
}

/** Why `secret` cannot serve `host` over TLS, or undefined when it can. */
function secretProblem(secret: KubeObject | undefined, name: string, host: string, lang: Lang): Problem | undefined {
  if (!secret) return { message: t(lang, 'routes.tlsNoSecret', { host, secret: name }) };
  const type = (secret.type as string | undefined) ?? 'Opaque';
  if (type !== 'kubernetes.io/tls') return { message: t(lang, 'routes.tlsType', { secret: name, type }) };
  const data = (secret.data as Record<string, string> | undefined) ?? {};
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(Buffer.from(data['tls.crt'] ?? '', 'base64'));
  } catch {
    return { message: t(lang, 'routes.tlsBadCert', { secret: name }) };
  }
  if (!cert.checkHost(host)) {
    const names = cert.subjectAltName ?? cert.subject;
    return { message: t(lang, 'routes.tlsHost', { secret: name, host, names }) };
  }
  try {
    if (!cert.checkPrivateKey(createPrivateKey(Buffer.from(data['tls.key'] ?? '', 'base64')))) throw new Error();
  } catch {
    return { message: t(lang, 'routes.tlsKey', { secret: name }) };
  }
  return undefined;
}
