/**
 * Where an Ingress controller sends one HTTP request, from the Ingress objects of one class, with the rules of
 * the Kubernetes Ingress documentation (https://kubernetes.io/docs/concepts/services-networking/ingress/):
 * host `*.example.com` matches one DNS label (`a.example.com`, not `example.com` nor `a.b.example.com`); a rule
 * without `host` matches every host; path type Exact matches the path as written, case-sensitively; Prefix
 * matches element by element on `/` (a trailing slash is ignored: `/foo/` and `/foo` match `/foo/bar`, not
 * `/foobar`); ImplementationSpecific is read as Prefix, as ingress-nginx does without regex annotations; among
 * the paths that match, the longest wins, Exact before Prefix at equal length. Hosts: an exact host rule is
 * preferred to a wildcard one, which is preferred to a rule without host (as ingress-nginx builds its server
 * blocks); a request whose host tier has no matching path goes to the default backend, else nowhere (404).
 */
import type { KubeObject } from '../kube/types.js';

/** The backend of an Ingress: a Service and its port (number or name), or a resource reference. */
export interface IngressBackend {
  service?: { name: string; port?: { number?: number; name?: string } };
  resource?: { apiGroup?: string; kind: string; name: string };
}

/** Where a request goes, and by which rule: `rule` is undefined for a default backend. */
export interface Route {
  ingress: string;
  backend: IngressBackend;
  rule?: { host: string; path: string; pathType: string };
}

interface HttpPath {
  path?: string;
  pathType?: string;
  backend: IngressBackend;
}
interface Rule {
  host?: string;
  http?: { paths?: HttpPath[] };
}

/** The annotation that makes an IngressClass the default one (networking.k8s.io). */
export const DEFAULT_INGRESS_CLASS = 'ingressclass.kubernetes.io/is-default-class';
/** The annotation older Ingresses name their class with (deprecated, still read by controllers). */
const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

/**
 * Whether a controller of IngressClass `className` serves `ingress`: spec.ingressClassName (or the old
 * annotation) names it, or names nothing and the class is the cluster's default.
 */
export function servedBy(ingress: KubeObject, className: string, classIsDefault: boolean): boolean {
  const named =
    (ingress.spec?.ingressClassName as string | undefined) ?? ingress.metadata?.annotations?.[CLASS_ANNOTATION];
  return named === undefined ? classIsDefault : named === className;
}

/** `*.example.com` covers `a.example.com` only; a host without a star covers itself (hosts are case-blind). */
export function hostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (!p.startsWith('*.')) return p === h;
  const dot = h.indexOf('.');
  return dot > 0 && h.slice(dot + 1) === p.slice(2);
}

const elements = (path: string): string[] => path.split('/').filter(Boolean);

/** Whether `path` of type `pathType` matches the request path `request` (query string removed by the caller). */
export function pathMatches(path: string, pathType: string, request: string): boolean {
  if (pathType === 'Exact') return path === request;
  const want = elements(path);
  const got = elements(request);
  return want.length <= got.length && want.every((e, i) => e === got[i]);
}

/**
 * Where a request for `host` and `path` goes among `ingresses` (those of one class), or undefined (404).
 * Ingresses are taken oldest first, so that the first default backend is the oldest Ingress's.
 */
export function route(ingresses: KubeObject[], host: string, path: string): Route | undefined {
  const requestPath = path.split('?')[0] || '/';
  const sorted = [...ingresses].sort((a, b) =>
    String(a.metadata?.creationTimestamp ?? '').localeCompare(String(b.metadata?.creationTimestamp ?? '')),
  );
  const rules = sorted.flatMap((ing) =>
    ((ing.spec?.rules as Rule[] | undefined) ?? []).map((rule) => ({ ingress: ing.metadata!.name!, rule })),
  );
  const tiers = [
    rules.filter((r) => r.rule.host && !r.rule.host.startsWith('*.') && hostMatches(r.rule.host, host)),
    rules.filter((r) => r.rule.host?.startsWith('*.') && hostMatches(r.rule.host, host)),
    rules.filter((r) => !r.rule.host),
  ];
  const tier = tiers.find((t) => t.length > 0) ?? [];
  let best: Route | undefined;
  let bestLength = -1;
  let bestExact = false;
  for (const { ingress, rule } of tier) {
    for (const p of rule.http?.paths ?? []) {
      const pathType = p.pathType ?? 'ImplementationSpecific';
      const written = p.path ?? '/';
      if (!pathMatches(written, pathType, requestPath)) continue;
      const exact = pathType === 'Exact';
      if (written.length > bestLength || (written.length === bestLength && exact && !bestExact)) {
        best = { ingress, backend: p.backend, rule: { host: rule.host ?? '*', path: written, pathType } };
        bestLength = written.length;
        bestExact = exact;
      }
    }
  }
  if (best) return best;
  const fallback = sorted.find((ing) => ing.spec?.defaultBackend);
  return fallback
    ? { ingress: fallback.metadata!.name!, backend: fallback.spec!.defaultBackend as IngressBackend }
    : undefined;
}
