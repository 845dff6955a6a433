/**
 * Where a Gateway sends one HTTP request, from the HTTPRoutes attached to it, with the rules of the Gateway API
 * specification (gateway.networking.k8s.io/v1, https://gateway-api.sigs.k8s.io/reference/spec/ HTTPRouteSpec,
 * HTTPRouteRule, HTTPPathMatch, HTTPHeaderMatch, HTTPBackendRef):
 *
 * - A route attaches to a Gateway by `parentRefs` (kind Gateway, namespace defaulting to the route's), to one
 *   listener with `sectionName` or to every listener; a listener of protocol HTTP or HTTPS takes it when its
 *   `hostname` (none: any host) and the route's `hostnames` (none: any host) intersect.
 * - A hostname `*.example.com` matches one or more labels before `.example.com` (`a.example.com`,
 *   `a.b.example.com`), never `example.com`; the request's host must match the listener and the route.
 * - Across routes, the route whose matching hostname is most specific wins (an exact hostname over a
 *   wildcard, a longer one over a shorter one); then matches are ranked: an Exact path, then the longest
 *   PathPrefix, then a method match, then the most header matches; then the oldest route, then
 *   `namespace/name` in alphabetical order, then the first rule in a route.
 * - PathPrefix matches element by element on `/` (a trailing slash is ignored); a rule without `matches`
 *   matches PathPrefix `/`. Header names are case-blind, values exact (RegularExpression is read as a
 *   regular expression).
 * - The matched rule's backendRefs share its traffic by `weight` (default 1, 0: none).
 */
import type { KubeObject } from '../kube/types.js';
import { pathMatches } from './ingress-routing.js';

/** One backend of a rule, as the API server stores it (group "", kind Service and weight 1 filled in). */
export interface GatewayBackend {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  port?: number;
  weight?: number;
}

/** The request: host, path, method and headers (names case-blind). */
export interface GatewayRequest {
  host: string;
  path: string;
  method?: string;
  headers?: Record<string, string>;
}

/** Where a request goes: the route and rule (index) that took it, and the rule's backends. */
export interface GatewayRoute {
  route: string;
  rule: number;
  backends: GatewayBackend[];
}

interface PathMatch {
  type?: string;
  value?: string;
}
interface HeaderMatch {
  type?: string;
  name: string;
  value: string;
}
interface Match {
  path?: PathMatch;
  headers?: HeaderMatch[];
  method?: string;
}
interface Rule {
  matches?: Match[];
  backendRefs?: GatewayBackend[];
}
interface ParentRef {
  group?: string;
  kind?: string;
  name: string;
  namespace?: string;
  sectionName?: string;
}
interface Listener {
  name: string;
  protocol: string;
  hostname?: string;
}

/** Whether a Gateway API hostname (`*.example.com`: one or more labels) matches `host`; case-blind. */
export function gatewayHostMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  return p.startsWith('*.') ? h.endsWith(p.slice(1)) && h.length > p.length - 1 : p === h;
}

/** The listeners of `gateway` that `route` attaches to through one of its parentRefs. */
export function attachedListeners(route: KubeObject, gateway: KubeObject): Listener[] {
  const ns = route.metadata?.namespace;
  const gwNs = gateway.metadata?.namespace ?? ns;
  const listeners = ((gateway.spec?.listeners as Listener[] | undefined) ?? []).filter((l) =>
    ['HTTP', 'HTTPS'].includes(l.protocol),
  );
  const refs = ((route.spec?.parentRefs as ParentRef[] | undefined) ?? []).filter(
    (r) =>
      (r.kind ?? 'Gateway') === 'Gateway' &&
      (r.group ?? 'gateway.networking.k8s.io') === 'gateway.networking.k8s.io' &&
      r.name === gateway.metadata?.name &&
      (r.namespace ?? ns) === gwNs,
  );
  const hostnames = (route.spec?.hostnames as string[] | undefined) ?? [];
  return listeners.filter(
    (l) =>
      refs.some((r) => !r.sectionName || r.sectionName === l.name) &&
      (!l.hostname || !hostnames.length || hostnames.some((h) => intersect(h, l.hostname!))),
  );
}

/** Whether two hostnames (either may be a wildcard) have a host in common. */
const intersect = (a: string, b: string): boolean =>
  gatewayHostMatches(a, b.replace(/^\*\./, 'x.')) || gatewayHostMatches(b, a.replace(/^\*\./, 'x.'));

/** How specific the route's hostname matching `host` is: exact beats wildcard, longer beats shorter. */
function hostRank(route: KubeObject, host: string): [number, number] | undefined {
  const hostnames = (route.spec?.hostnames as string[] | undefined) ?? [];
  if (!hostnames.length) return [0, 0];
  const matching = hostnames.filter((h) => gatewayHostMatches(h, host));
  if (!matching.length) return undefined;
  const exact = matching.filter((h) => !h.startsWith('*.'));
  return exact.length ? [2, Math.max(...exact.map((h) => h.length))] : [1, Math.max(...matching.map((h) => h.length))];
}

function matchesRequest(m: Match, req: GatewayRequest): boolean {
  const type = m.path?.type ?? 'PathPrefix';
  const value = m.path?.value ?? '/';
  const path = req.path.split('?')[0] || '/';
  if (type === 'RegularExpression') {
    if (!new RegExp(`^(?:${value})$`).test(path)) return false;
  } else if (!pathMatches(value, type === 'Exact' ? 'Exact' : 'Prefix', path)) return false;
  if (m.method && m.method !== (req.method ?? 'GET')) return false;
  const headers = Object.fromEntries(Object.entries(req.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return (m.headers ?? []).every((h) => {
    const got = headers[h.name.toLowerCase()];
    if (got === undefined) return false;
    return h.type === 'RegularExpression' ? new RegExp(h.value).test(got) : got === h.value;
  });
}

/** The precedence of a match, larger first: Exact, prefix length, method, header count. */
function matchRank(m: Match): number[] {
  const type = m.path?.type ?? 'PathPrefix';
  const length = (m.path?.value ?? '/').length;
  return [type === 'Exact' ? 1 : 0, length, m.method ? 1 : 0, (m.headers ?? []).length];
}

const compare = (a: number[], b: number[]): number => {
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
  return 0;
};

/**
 * Where `gateway` sends `req` among `routes` (HTTPRoutes of any namespace; those not attached to it are left
 * out), or undefined when no route matches (the Gateway answers 404).
 */
export function gatewayRoute(gateway: KubeObject, routes: KubeObject[], req: GatewayRequest): GatewayRoute | undefined {
  const candidates: { rank: number[]; age: string; key: string; route: KubeObject; rule: number; m: Match }[] = [];
  for (const route of routes) {
    const listeners = attachedListeners(route, gateway);
    if (!listeners.some((l) => !l.hostname || gatewayHostMatches(l.hostname, req.host))) continue;
    const hr = hostRank(route, req.host);
    if (!hr) continue;
    ((route.spec?.rules as Rule[] | undefined) ?? []).forEach((rule, i) => {
      for (const m of rule.matches?.length ? rule.matches : [{}]) {
        if (!matchesRequest(m, req)) continue;
        candidates.push({
          rank: [...hr, ...matchRank(m)],
          age: String(route.metadata?.creationTimestamp ?? ''),
          key: `${route.metadata?.namespace ?? ''}/${route.metadata?.name ?? ''}`,
          route,
          rule: i,
          m,
        });
      }
    });
  }
  candidates.sort(
    (a, b) => compare(b.rank, a.rank) || a.age.localeCompare(b.age) || a.key.localeCompare(b.key) || a.rule - b.rule,
  );
  const best = candidates[0];
  if (!best) return undefined;
  const rule = (best.route.spec!.rules as Rule[])[best.rule]!;
  return { route: best.route.metadata!.name!, rule: best.rule, backends: rule.backendRefs ?? [] };
}

/**
 * The share of traffic of each backend of a rule, as a fraction of the total weight (`weight` default 1);
 * backends of weight 0 are left out. `80/20` and `4/1` give the same shares.
 */
export function trafficShares(backends: GatewayBackend[]): { backend: GatewayBackend; share: number }[] {
  const total = backends.reduce((sum, b) => sum + (b.weight ?? 1), 0);
  return backends
    .filter((b) => (b.weight ?? 1) > 0)
    .map((backend) => ({ backend, share: (backend.weight ?? 1) / total }));
}
