import * as v from 'valibot';
import { defineCheckKind, type CheckData } from './define.js';
import type { KubeObject } from '../../kube/types.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { t } from '../../i18n/t.js';
import { explainMissing } from '../describe.js';
import { gatewayRoute, trafficShares, type GatewayBackend, type GatewayRoute } from '../gateway-routing.js';

const GATEWAY = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway' } as const;
const GATEWAY_CLASS = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'GatewayClass' } as const;
const HTTP_ROUTE = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' } as const;
const SERVICE = { apiVersion: 'v1', kind: 'Service' } as const;

/** A Service port and its weight among the rule's backends (default 1: only proportions count). */
const Backend = v.strictObject({
  service: v.string(),
  port: v.number(),
  weight: v.optional(v.pipe(v.number(), v.minValue(0)), 1),
});

const fields = {
  /** The Gateway of the lab namespace the requests arrive at. */
  gateway: v.string(),
  /** Requests and where each must go (`to: null`: nowhere, the Gateway answers 404). */
  requests: v.pipe(
    v.array(
      v.strictObject({
        host: v.string(),
        path: v.optional(v.string(), '/'),
        method: v.optional(v.string()),
        /** Request headers, name to value (names are case-blind). */
        headers: v.optional(v.record(v.string(), v.string())),
        to: v.nullable(v.pipe(v.array(Backend), v.minLength(1))),
      }),
    ),
    v.minLength(1),
  ),
};
type GatewayRoutesCheck = CheckData<'gateway-routes', typeof fields>;

/** The `gateway-routes` check kind; its `description` says what it checks. */
export const gatewayRoutesKind = defineCheckKind({
  type: 'gateway-routes',
  description:
    'Each request of `requests` (`host`, `path`, maybe `method` and `headers`) arriving at the Gateway `gateway` ' +
    'is sent by the HTTPRoutes attached to it (parentRefs, sectionName, listener and route hostnames) to the ' +
    'Service ports of `to` in the proportions of their `weight` (80/20 equals 4/1; default 1), or nowhere with ' +
    '`to: null`, ranked as the Gateway API specifies (hostname specificity, Exact path, longest PathPrefix, ' +
    "method, header matches, oldest route, rule order; src/checks/gateway-routing.ts). The Gateway's " +
    'GatewayClass and every backend Service with its port must exist.',
  fields,
  reads: () => [GATEWAY, GATEWAY_CLASS, HTTP_ROUTE, SERVICE],
  run: checkGatewayRoutes,
});

interface Share {
  key: string;
  share: number;
}

/** `web:80 80%, web-v2:80 20%` */
const showShares = (shares: Share[]): string =>
  shares.map((s) => `${s.key} ${Math.round(s.share * 1000) / 10}%`).join(', ');

/** The shares of a rule's backends by `Service:port`, sorted, with the backends that are no Service. */
function actualShares(found: GatewayRoute): Share[] {
  return trafficShares(found.backends)
    .map(({ backend, share }) => ({ key: keyOf(backend), share }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

const keyOf = (b: GatewayBackend): string =>
  (b.kind ?? 'Service') === 'Service' && !b.group ? `${b.name}:${b.port ?? '?'}` : `${b.kind} ${b.name}`;

const sameShares = (a: Share[], b: Share[]): boolean =>
  a.length === b.length && a.every((s, i) => s.key === b[i]!.key && Math.abs(s.share - b[i]!.share) < 1e-9);

async function checkGatewayRoutes(check: GatewayRoutesCheck, view: NamespaceView): Promise<Outcome> {
  const lang = view.lang;
  const gateway = await view.find(GATEWAY, check.gateway);
  if (!gateway) return failed(await explainMissing(view, { ...GATEWAY, name: check.gateway }));
  const className = gateway.spec?.gatewayClassName as string;
  if (!(await view.find(GATEWAY_CLASS, className))) {
    return failed(t(lang, 'gatewayRoutes.noClass', { gateway: check.gateway, name: className }));
  }
  const routes = await view.list(HTTP_ROUTE);
  const services = await view.list(SERVICE);
  const problems: Problem[] = [];
  for (const req of check.requests) {
    const headers = Object.entries(req.headers ?? {})
      .map(([k, val]) => ` ${k}: ${val}`)
      .join(',');
    const what = `${req.method ?? 'GET'} http://${req.host}${req.path}${headers ? ` (${headers.trim()})` : ''}`;
    const found = gatewayRoute(gateway, routes, { ...req, headers: req.headers });
    const via = found ? t(lang, 'gatewayRoutes.via', { route: found.route, rule: found.rule + 1 }) : '';
    if (!req.to) {
      if (found) {
        const actual = showShares(actualShares(found));
        problems.push({ message: t(lang, 'gatewayRoutes.routed', { what, actual, via }) });
      }
      continue;
    }
    const wanted = trafficShares(req.to.map((b) => ({ name: b.service, port: b.port, weight: b.weight })))
      .map(({ backend, share }) => ({ key: keyOf(backend), share }))
      .sort((a, b) => a.key.localeCompare(b.key));
    const expected = showShares(wanted);
    if (!found) {
      problems.push({ message: t(lang, 'gatewayRoutes.unrouted', { what, expected }) });
      continue;
    }
    const actual = actualShares(found);
    if (!sameShares(actual, wanted)) {
      const shown = actual.length ? showShares(actual) : t(lang, 'gatewayRoutes.noBackends');
      problems.push({ message: t(lang, 'gatewayRoutes.wrong', { what, actual: shown, via, expected }) });
      continue;
    }
    for (const b of found.backends) {
      const missing = missingPort(services, b);
      if (missing) problems.push({ message: t(lang, missing, { what, service: b.name, port: b.port ?? '?' }) });
    }
  }
  if (problems.length) return failed(problems[0]!.message, problems);
  return passed(t(lang, 'gatewayRoutes.passed', { count: check.requests.length, gateway: check.gateway }));
}

/** The message key when the backend's Service or its port does not exist, else undefined. */
function missingPort(
  services: KubeObject[],
  b: GatewayBackend,
): 'gatewayRoutes.noService' | 'gatewayRoutes.noPort' | undefined {
  if ((b.weight ?? 1) === 0) return undefined;
  const service = services.find((s) => s.metadata?.name === b.name);
  if (!service) return 'gatewayRoutes.noService';
  const ports = (service.spec?.ports as { port: number }[] | undefined) ?? [];
  return ports.some((p) => p.port === b.port) ? undefined : 'gatewayRoutes.noPort';
}
