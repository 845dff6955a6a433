import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, named, run } from './fixtures.js';
import type { KubeObject } from '../../../src/kube/types.js';

/**
 * tests/fixtures/check-kinds/gateway-routes.json: the Gateway shop, HTTPRoutes shop and blog and the Services
 * of namespace gw described in tests/unit/gateway-routing.test.ts, and the GatewayClass gateway-lab
 * (controllerName cka-lab.dev/gateway-controller, status Pending: no controller), read with kubectl -o json.
 */
const objects = (): KubeObject[] =>
  (JSON.parse(readFileSync(join(FIXTURES, 'gateway-routes.json'), 'utf8')) as { items: KubeObject[] }).items;

const opts = { namespace: 'gw' };
const requests = [
  { host: 'shop.example.com', path: '/api/v1', to: [{ service: 'api', port: 8080 }] },
  {
    host: 'shop.example.com',
    path: '/',
    to: [
      { service: 'web', port: 80, weight: 4 },
      { service: 'web-v2', port: 80, weight: 1 },
    ],
  },
  { host: 'shop.example.com', path: '/', headers: { 'X-Canary': 'true' }, to: [{ service: 'web-v2', port: 80 }] },
  { host: 'news.example.com', path: '/', to: [{ service: 'blog', port: 80 }] },
  { host: 'example.com', path: '/', to: null },
];
type Rule = { backendRefs: { name: string; weight: number; port: number }[] };
const rules = (objs: KubeObject[]) => named(objs, 'HTTPRoute', 'shop').spec.rules as Rule[];

describe('check kind gateway-routes', () => {
  it('passes when each request reaches its backends in the proportions asked (80/20 as 4/1)', async () => {
    const outcome = await run('gateway-routes', { gateway: 'shop', requests }, objects(), opts);
    expect(outcome).toEqual({
      pass: true,
      summary: '5 requests reach the backends asked, in the proportions asked, through Gateway shop',
      problems: [],
    });
  });

  it('fails for other weights, naming both splits', async () => {
    const objs = objects();
    rules(objs)[3]!.backendRefs[1]!.weight = 50;
    const outcome = await run('gateway-routes', { gateway: 'shop', requests }, objs, opts);
    expect(outcome.summary).toBe(
      'GET http://shop.example.com/ goes to web-v2:80 38.5%, web:80 61.5% (HTTPRoute shop, rule 4), ' +
        'but the task sends it to web-v2:80 20%, web:80 80%',
    );
  });

  it('fails when the header rule is missing, and when a request the task routes nowhere is routed', async () => {
    const objs = objects();
    rules(objs).splice(2, 1);
    const outcome = await run('gateway-routes', { gateway: 'shop', requests }, objs, opts);
    expect(outcome.summary).toBe(
      'GET http://shop.example.com/ (X-Canary: true) goes to web-v2:80 20%, web:80 80% (HTTPRoute shop, rule 3), ' +
        'but the task sends it to web-v2:80 100%',
    );
    const catchAll = objects();
    delete named(catchAll, 'HTTPRoute', 'blog').spec.hostnames;
    delete (named(catchAll, 'Gateway', 'shop').spec.listeners as { hostname?: string }[])[0]!.hostname;
    const nowhere = await run('gateway-routes', { gateway: 'shop', requests }, catchAll, opts);
    expect(nowhere.summary).toBe(
      'GET http://example.com/ goes to blog:80 100% (HTTPRoute blog, rule 1), but the task routes it nowhere',
    );
  });

  it('names a missing backend Service, a missing port and a missing GatewayClass', async () => {
    const noApi = objects().filter((o) => !(o.kind === 'Service' && o.metadata?.name === 'api'));
    expect((await run('gateway-routes', { gateway: 'shop', requests }, noApi, opts)).summary).toBe(
      'GET http://shop.example.com/api/v1 goes to Service api, which does not exist (ResolvedRefs False, BackendNotFound)',
    );
    const objs = objects();
    rules(objs)[0]!.backendRefs[0]!.port = 80;
    const wrongPort = await run(
      'gateway-routes',
      { gateway: 'shop', requests: [{ host: 'shop.example.com', path: '/api', to: [{ service: 'api', port: 80 }] }] },
      objs,
      opts,
    );
    expect(wrongPort.summary).toBe(
      'GET http://shop.example.com/api goes to Service api port 80, but the Service has no such port',
    );
    const noClass = objects().filter((o) => o.kind !== 'GatewayClass');
    expect((await run('gateway-routes', { gateway: 'shop', requests }, noClass, opts)).summary).toBe(
      'Gateway shop names GatewayClass gateway-lab, which does not exist (kubectl get gatewayclass)',
    );
    const ko = await run('gateway-routes', { gateway: 'shop', requests }, noClass, { ...opts, lang: 'ko' });
    expect(ko.summary).toBe('Gateway shop이 적은 GatewayClass gateway-lab가 없습니다 (kubectl get gatewayclass)');
  });
});
