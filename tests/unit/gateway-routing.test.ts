import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/kube/types.js';
import {
  attachedListeners,
  gatewayHostMatches,
  gatewayRoute,
  trafficShares,
  type GatewayRequest,
} from '../../src/checks/gateway-routing.js';

/**
 * tests/fixtures/check-kinds/gateway-routes.json: `kubectl get gateway,httproute,svc -n gw -o json` on the
 * local cluster with the Gateway API v1.6.3 standard CRDs (build/gateway-api/fetch.sh) after applying: Gateway
 * shop (class gateway-lab, listener http, HTTP 80, hostname *.example.com); HTTPRoute shop (hostname
 * shop.example.com; rules: PathPrefix /api -> api:8080; Exact /status OR header X-Debug: 1 -> api:8080;
 * header X-Canary: true -> web-v2:80; no match -> web:80 weight 80 and web-v2:80 weight 20); HTTPRoute blog
 * (sectionName http, hostname *.example.com, -> blog:80). The API server filled in the defaults (PathPrefix /,
 * header type Exact, kind Service, weight 1). managedFields removed.
 */
const objects = (): KubeObject[] =>
  (
    JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/check-kinds/gateway-routes.json'), 'utf8')) as {
      items: KubeObject[];
    }
  ).items;
const of = (objs: KubeObject[], kind: string, name: string) =>
  objs.find((o) => o.kind === kind && o.metadata?.name === name)!;

/** Where the Gateway shop sends a request: `route#rule -> name:port*weight, ...`, or undefined. */
function where(req: GatewayRequest, objs = objects()): string | undefined {
  const routes = objs.filter((o) => o.kind === 'HTTPRoute');
  const found = gatewayRoute(of(objs, 'Gateway', 'shop'), routes, req);
  return (
    found &&
    `${found.route}#${found.rule} -> ${found.backends.map((b) => `${b.name}:${b.port}*${b.weight}`).join(', ')}`
  );
}

describe('Gateway API routing', () => {
  it('matches wildcard hostnames on one or more labels, never the bare domain', () => {
    expect(gatewayHostMatches('*.example.com', 'blog.example.com')).toBe(true);
    expect(gatewayHostMatches('*.example.com', 'a.b.example.com')).toBe(true);
    expect(gatewayHostMatches('*.example.com', 'example.com')).toBe(false);
    expect(gatewayHostMatches('*.example.com', 'badexample.com')).toBe(false);
    expect(gatewayHostMatches('Shop.Example.com', 'shop.example.com')).toBe(true);
  });

  it('attaches a route to the listeners its parentRefs and hostnames allow', () => {
    const objs = objects();
    const gateway = of(objs, 'Gateway', 'shop');
    expect(attachedListeners(of(objs, 'HTTPRoute', 'shop'), gateway).map((l) => l.name)).toEqual(['http']);
    const blog = of(objs, 'HTTPRoute', 'blog');
    (blog.spec!.parentRefs as { sectionName: string }[])[0]!.sectionName = 'https';
    expect(attachedListeners(blog, gateway)).toEqual([]);
    const other = of(objects(), 'HTTPRoute', 'shop');
    other.spec!.hostnames = ['shop.example.org'];
    expect(attachedListeners(other, gateway)).toEqual([]);
  });

  it('ranks Exact over prefixes, longer prefixes first, more headers first, the exact hostname first', () => {
    expect(where({ host: 'shop.example.com', path: '/api/v1' })).toBe('shop#0 -> api:8080*1');
    expect(where({ host: 'shop.example.com', path: '/apix' })).toBe('shop#3 -> web:80*80, web-v2:80*20');
    expect(where({ host: 'shop.example.com', path: '/status' })).toBe('shop#1 -> api:8080*1');
    expect(where({ host: 'shop.example.com', path: '/status/x' })).toBe('shop#3 -> web:80*80, web-v2:80*20');
    expect(where({ host: 'shop.example.com', path: '/', headers: { 'x-canary': 'true' } })).toBe(
      'shop#2 -> web-v2:80*1',
    );
    expect(where({ host: 'shop.example.com', path: '/', headers: { 'X-Canary': 'yes' } })).toBe(
      'shop#3 -> web:80*80, web-v2:80*20',
    );
    // /api (Exact-free prefix of 4 characters) outranks a header match on prefix /.
    expect(where({ host: 'shop.example.com', path: '/api', headers: { 'X-Canary': 'true' } })).toBe(
      'shop#0 -> api:8080*1',
    );
    // shop.example.com is more specific than the blog route's *.example.com, which takes the rest.
    expect(where({ host: 'blog.example.com', path: '/api' })).toBe('blog#0 -> blog:80*1');
    expect(where({ host: 'a.b.example.com', path: '/' })).toBe('blog#0 -> blog:80*1');
    expect(where({ host: 'example.com', path: '/' })).toBeUndefined();
    // An exact hostname beats a wildcard of the same length (else gw/blog would win, first by name).
    const objs = objects();
    of(objs, 'HTTPRoute', 'shop').spec!.hostnames = ['a.example.com'];
    expect(where({ host: 'a.example.com', path: '/apix' }, objs)).toBe('shop#3 -> web:80*80, web-v2:80*20');
  });

  it('gives each backend its weight as a share of the rule: 80/20 equals 4/1', () => {
    const shares = (weights: number[]) =>
      trafficShares(weights.map((weight, i) => ({ name: `b${i}`, weight }))).map((s) => s.share);
    expect(shares([80, 20])).toEqual(shares([4, 1]));
    expect(shares([80, 20])).toEqual([0.8, 0.2]);
    expect(trafficShares([{ name: 'a' }, { name: 'b', weight: 0 }])).toEqual([{ backend: { name: 'a' }, share: 1 }]);
  });
});
