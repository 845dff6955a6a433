import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, named, run } from './fixtures.js';
import type { KubeObject } from '../../../src/kube/types.js';
import { hostMatches, pathMatches } from '../../../src/checks/ingress-routing.js';

/**
 * tests/fixtures/check-kinds/ingress-routes.json: `kubectl get ingress,svc,secret -n exp -o json` and
 * `kubectl get ingressclass -o json` on the local cluster after applying manifests/ingress/setup/apps.yaml
 * (Services web 80, api 8080 named http, blog 80, fallback 80; IngressClass ingress-nginx and the default
 * ingress-internal) and manifests/ingress/solution/shop.yaml (Ingress shop of class ingress-nginx), then:
 * kubectl create secret tls shop-tls (shop.crt/shop.key, for shop.example.com) and old-tls (old.example.com);
 * kubectl create secret generic shop-generic (the shop files, type Opaque) and shop-badkey (type
 * kubernetes.io/tls, shop.crt with old.key); kubectl create ingress noclass --rule="other.example.com/*=web:80"
 * (the admission plugin gave it ingressClassName ingress-internal). managedFields removed.
 */
const objects = (): KubeObject[] =>
  (JSON.parse(readFileSync(join(FIXTURES, 'ingress-routes.json'), 'utf8')) as { items: KubeObject[] }).items;

const to = (service: string, port: number | string) => ({ service, port });
/** The requests of the ingress lab's first task and a few it does not name. */
const requests = [
  { host: 'shop.example.com', path: '/', to: to('web', 80) },
  { host: 'shop.example.com', path: '/api/v1/items', to: to('api', 8080) },
  { host: 'shop.example.com', path: '/apix', to: to('web', 80) },
  { host: 'shop.example.com', path: '/status', to: to('api', 'http') },
  { host: 'shop.example.com', path: '/status/x', to: to('web', 'http') },
  { host: 'blog.example.com', path: '/posts', to: to('blog', 80) },
  { host: 'a.b.example.com', path: '/', to: to('fallback', 80) },
  { host: 'example.org', path: '/', to: to('fallback', 80) },
];
const shop = (objs: KubeObject[]) => named(objs, 'Ingress', 'shop');
type Paths = { path: string; pathType: string; backend: unknown }[];
const shopPaths = (objs: KubeObject[]): Paths => (shop(objs).spec.rules as { http: { paths: Paths } }[])[0]!.http.paths;

describe('Ingress routing rules', () => {
  it('matches wildcard hosts on one label and Prefix paths element by element', () => {
    expect(hostMatches('*.example.com', 'blog.example.com')).toBe(true);
    expect(hostMatches('*.example.com', 'example.com')).toBe(false);
    expect(hostMatches('*.example.com', 'a.b.example.com')).toBe(false);
    expect(hostMatches('Shop.example.com', 'shop.EXAMPLE.com')).toBe(true);
    expect(pathMatches('/foo', 'Prefix', '/foo/bar')).toBe(true);
    expect(pathMatches('/foo/', 'Prefix', '/foo')).toBe(true);
    expect(pathMatches('/foo', 'Prefix', '/foobar')).toBe(false);
    expect(pathMatches('/', 'Prefix', '/anything')).toBe(true);
    expect(pathMatches('/foo', 'Exact', '/foo/')).toBe(false);
    expect(pathMatches('/foo', 'Exact', '/FOO')).toBe(false);
  });
});

describe('check kind routes', () => {
  it('passes when every request reaches its Service and port through the class', async () => {
    const outcome = await run('routes', { ingressClass: 'ingress-nginx', requests }, objects(), { namespace: 'exp' });
    expect(outcome).toEqual({
      pass: true,
      summary: '8 requests reach the backends asked through IngressClass ingress-nginx (Ingress shop); HTTPS for: -',
      problems: [],
    });
  });

  it('fails for a catch-all: one rule without host sending everything to web', async () => {
    const objs = objects();
    shop(objs).spec = {
      ingressClassName: 'ingress-nginx',
      rules: [
        {
          http: {
            paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }],
          },
        },
      ],
    };
    const outcome = await run('routes', { ingressClass: 'ingress-nginx', requests }, objs, { namespace: 'exp' });
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe(
      'a request for http://shop.example.com/api/v1/items goes to Service web port 80 ' +
        '(Ingress shop, host *, path / (Prefix)), but the task sends it to Service api port 8080',
    );
    expect(outcome.problems).toHaveLength(5);
  });

  it('fails for /status as Prefix (it takes /status/x) and /api as Exact', async () => {
    const objs = objects();
    shopPaths(objs)[2]!.pathType = 'Prefix';
    const prefix = await run('routes', { ingressClass: 'ingress-nginx', requests }, objs, { namespace: 'exp' });
    expect(prefix.summary).toBe(
      'a request for http://shop.example.com/status/x goes to Service api port 8080 ' +
        '(Ingress shop, host shop.example.com, path /status (Prefix)), but the task sends it to Service web port http',
    );
    const objs2 = objects();
    shopPaths(objs2)[1]!.pathType = 'Exact';
    const exact = await run('routes', { ingressClass: 'ingress-nginx', requests }, objs2, { namespace: 'exp' });
    expect(exact.summary).toContain('http://shop.example.com/api/v1/items goes to Service web port 80');
  });

  it("prefers an exact host's rules to a wildcard's, even when the wildcard has a longer path", async () => {
    const objs = objects();
    const rules = shop(objs).spec.rules as { http: { paths: Paths } }[];
    rules[1]!.http.paths.push({
      path: '/api/v1',
      pathType: 'Prefix',
      backend: { service: { name: 'blog', port: { number: 80 } } },
    });
    const outcome = await run('routes', { ingressClass: 'ingress-nginx', requests }, objs, { namespace: 'exp' });
    expect(outcome.pass).toBe(true);
  });

  it('sends requests nowhere without a default backend, and says so', async () => {
    const objs = objects();
    delete shop(objs).spec.defaultBackend;
    const outcome = await run('routes', { ingressClass: 'ingress-nginx', requests }, objs, { namespace: 'exp' });
    expect(outcome.summary).toBe(
      'a request for http://a.b.example.com/ matches no rule and there is no default backend (404), ' +
        'but the task sends it to Service fallback port 80',
    );
    const nowhere = await run(
      'routes',
      { ingressClass: 'ingress-nginx', requests: [{ host: 'x.org', path: '/', to: null }] },
      objects(),
      { namespace: 'exp' },
    );
    expect(nowhere.summary).toBe(
      'a request for http://x.org/ goes to Service fallback port 80 (the default backend of Ingress shop), ' +
        'but the task routes it nowhere',
    );
  });

  it('names a Service port that does not exist, and a missing Service', async () => {
    const objs = objects();
    (shopPaths(objs)[1]!.backend as { service: { port: unknown } }).service.port = { number: 80 };
    const outcome = await run('routes', { ingressClass: 'ingress-nginx', requests }, objs, { namespace: 'exp' });
    expect(outcome.summary).toBe(
      'a request for http://shop.example.com/api/v1/items goes to Service api port 80 ' +
        '(Ingress shop, host shop.example.com, path /api (Prefix)), but the Service has no such port',
    );
    const noApi = objects().filter((o) => !(o.kind === 'Service' && o.metadata?.name === 'api'));
    const missing = await run('routes', { ingressClass: 'ingress-nginx', requests }, noApi, { namespace: 'exp' });
    expect(missing.summary).toBe(
      'a request for http://shop.example.com/api/v1/items goes to Service api, which does not exist',
    );
  });

  it('counts only the Ingresses of the class: one without class got the default class', async () => {
    const objs = objects().filter((o) => !(o.kind === 'Ingress' && o.metadata?.name === 'shop'));
    const outcome = await run('routes', { ingressClass: 'ingress-nginx', requests }, objs, { namespace: 'exp' });
    expect(outcome.summary).toBe(
      'no Ingress of IngressClass ingress-nginx in namespace exp; the Ingresses here name other classes: ' +
        'noclass (ingress-internal)',
    );
    const absent = await run('routes', { ingressClass: 'ingress-public', requests }, objs, { namespace: 'exp' });
    expect(absent.summary).toBe('IngressClass ingress-public does not exist (kubectl get ingressclass)');
    const ko = await run('routes', { ingressClass: 'ingress-nginx', requests }, objects(), {
      namespace: 'exp',
      lang: 'ko',
    });
    expect(ko.summary).toBe(
      '요청 8개가 IngressClass ingress-nginx(Ingress shop)을 거쳐 요구한 백엔드에 닿습니다. HTTPS: -',
    );
  });

  it('judges TLS by the Secret: type kubernetes.io/tls, a certificate for the host, its own key', async () => {
    const withTls = (secretName: string, hosts = ['shop.example.com']) => {
      const objs = objects();
      shop(objs).spec.tls = [{ hosts, secretName }];
      return run('routes', { ingressClass: 'ingress-nginx', requests, tls: ['shop.example.com'] }, objs, {
        namespace: 'exp',
      });
    };
    expect((await withTls('shop-tls')).pass).toBe(true);
    expect((await withTls('shop-tls', ['*.example.com'])).pass).toBe(true);
    expect((await withTls('shop-generic')).summary).toBe(
      'Secret shop-generic has type Opaque, but a TLS Secret has type kubernetes.io/tls ' +
        '(kubectl create secret tls NAME --cert=... --key=...)',
    );
    expect((await withTls('old-tls')).summary).toBe(
      'the certificate in Secret old-tls is for DNS:old.example.com, not for shop.example.com',
    );
    expect((await withTls('shop-badkey')).summary).toBe(
      'the key under tls.key of Secret shop-badkey is not the key of its certificate',
    );
    expect((await withTls('shop-tsl')).summary).toBe(
      'Secret shop-tsl, named by the tls entry for host shop.example.com, does not exist',
    );
    expect((await withTls('shop-tls', ['www.example.com'])).summary).toBe(
      'no tls entry of the Ingresses lists host shop.example.com (spec.tls[].hosts)',
    );
  });
});
