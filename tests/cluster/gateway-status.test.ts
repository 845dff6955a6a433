import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureGatewayApi,
  ensureGatewayCrds,
  gatewayApiServed,
  installGatewayCrds,
} from '../../src/cluster/gateway-crds.js';
import { loadLab } from '../../src/labs/loader.js';
import { assertRequirements } from '../../src/labs/runtime.js';
import type { KubeObject } from '../../src/kube/types.js';
import { dropNamespace, plainNamespace, quietLog, testClient, until } from './helpers.js';

// cka-lab-agent (build/agent/gateway.go) writes the Gateway API status of the objects of its controller
// cka-lab.dev/gateway-controller on the real local cluster, with the condition types and reasons of the
// Gateway API v1 types; objects of another controller are left alone.
const client = testClient();
const made: string[] = [];
const classes: string[] = [];
const V1 = 'gateway.networking.k8s.io/v1';
const GATEWAY_CLASS = { apiVersion: V1, kind: 'GatewayClass' };
const GATEWAY = { apiVersion: V1, kind: 'Gateway' };
const ROUTE = { apiVersion: V1, kind: 'HTTPRoute' };

interface Condition {
  type: string;
  status: string;
  reason: string;
}
const conditions = (o: KubeObject | undefined): Condition[] => (o?.status?.conditions as Condition[]) ?? [];
const condition = (list: Condition[], type: string): string | undefined => {
  const c = list.find((x) => x.type === type);
  return c && `${c.status} ${c.reason}`;
};
/** `Accepted <status> <reason>, ResolvedRefs <status> <reason>` of the route's parent written by the agent. */
const parentStatus = (route: KubeObject | undefined): string | undefined => {
  const parents = (route?.status?.parents as { controllerName: string; conditions: Condition[] }[]) ?? [];
  const mine = parents.find((p) => p.controllerName === 'cka-lab.dev/gateway-controller');
  return mine && ['Accepted', 'ResolvedRefs'].map((t) => `${t} ${condition(mine.conditions, t)}`).join(', ');
};

const routeTo = (name: string, spec: Record<string, unknown>): KubeObject => ({
  apiVersion: V1,
  kind: 'HTTPRoute',
  metadata: { name },
  spec: { rules: [{ backendRefs: [{ name: 'web', port: 80 }] }], ...spec },
});

beforeAll(async () => {
  await installGatewayCrds(client, await ensureGatewayCrds(quietLog()));
}, 120_000);
afterAll(async () => {
  for (const ns of made) await dropNamespace(client, ns);
  for (const name of classes) await client.delete(GATEWAY_CLASS, name).catch(() => undefined);
});

describe('cka-lab-agent writes the Gateway API status', () => {
  it('of its GatewayClass, Gateway and HTTPRoutes, with the reasons of the spec', { timeout: 90_000 }, async () => {
    const suffix = randomBytes(3).toString('hex');
    const ours = `gw-status-${suffix}`;
    const other = `gw-status-other-${suffix}`;
    classes.push(ours, other);
    await client.apply({
      apiVersion: V1,
      kind: 'GatewayClass',
      metadata: { name: ours },
      spec: { controllerName: 'cka-lab.dev/gateway-controller' },
    });
    await client.apply({
      apiVersion: V1,
      kind: 'GatewayClass',
      metadata: { name: other },
      spec: { controllerName: 'example.com/not-installed' },
    });
    const ns = await plainNamespace(client, 'gws', made);
    const elsewhere = await plainNamespace(client, 'gwx', made);
    await client.apply(
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 80 }] } },
      ns,
    );
    for (const [name, className] of [
      ['web', ours],
      ['foreign', other],
    ] as const) {
      await client.apply(
        {
          apiVersion: V1,
          kind: 'Gateway',
          metadata: { name },
          spec: {
            gatewayClassName: className,
            listeners: [
              { name: 'http', protocol: 'HTTP', port: 80, hostname: '*.example.com' },
              { name: 'raw', protocol: 'TCP', port: 9000 },
              {
                name: 'https',
                protocol: 'HTTPS',
                port: 443,
                hostname: 'shop.example.com',
                tls: { certificateRefs: [{ name: 'shop-tls' }] },
              },
            ],
          },
        },
        ns,
      );
    }
    await client.apply(routeTo('good', { parentRefs: [{ name: 'web' }], hostnames: ['shop.example.com'] }), ns);
    await client.apply(routeTo('section', { parentRefs: [{ name: 'web', sectionName: 'grpc' }] }), ns);
    await client.apply(routeTo('host', { parentRefs: [{ name: 'web' }], hostnames: ['shop.example.org'] }), ns);
    await client.apply(
      {
        ...routeTo('missing', { parentRefs: [{ name: 'web' }] }),
        spec: { parentRefs: [{ name: 'web' }], rules: [{ backendRefs: [{ name: 'api', port: 8080 }] }] },
      },
      ns,
    );
    await client.apply(routeTo('other-ns', { parentRefs: [{ name: 'web', namespace: ns }] }), elsewhere);
    await client.apply(routeTo('foreign', { parentRefs: [{ name: 'foreign' }] }), ns);

    const klass = await until(
      () => client.get(GATEWAY_CLASS, ours),
      (c) => condition(conditions(c), 'Accepted') === 'True Accepted',
    );
    expect(condition(conditions(klass), 'Accepted')).toBe('True Accepted');

    const gateway = await until(
      () => client.get(GATEWAY, 'web', ns),
      (g) => condition(conditions(g), 'Programmed') === 'True Programmed',
    );
    expect(conditions(gateway).map((c) => `${c.type} ${c.status} ${c.reason}`)).toEqual([
      'Accepted True ListenersNotValid', // raw and https cannot be configured, http can
      'Programmed True Programmed',
    ]);
    const addresses = gateway!.status!.addresses as { type: string; value: string }[];
    expect(addresses).toHaveLength(1);
    expect(addresses[0]!.type).toBe('IPAddress');
    expect(addresses[0]!.value).toMatch(/^172\.18\.255\.\d+$/);
    type ListenerStatus = { name: string; attachedRoutes: number; supportedKinds: unknown[]; conditions: Condition[] };
    const byName = (g: KubeObject | undefined, name: string) =>
      (g?.status?.listeners as ListenerStatus[]).find((l) => l.name === name)!;
    // good and missing attach to http (other-ns is not allowed, section and host match no listener).
    const settled = await until(
      () => client.get(GATEWAY, 'web', ns),
      (g) => byName(g, 'http')?.attachedRoutes === 2,
    );
    expect(byName(settled, 'http')).toMatchObject({
      attachedRoutes: 2,
      supportedKinds: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute' }],
    });
    expect(condition(byName(settled, 'http').conditions, 'Programmed')).toBe('True Programmed');
    expect(byName(settled, 'raw').supportedKinds).toEqual([]);
    expect(condition(byName(settled, 'raw').conditions, 'Accepted')).toBe('False UnsupportedProtocol');
    expect(condition(byName(settled, 'https').conditions, 'ResolvedRefs')).toBe('False InvalidCertificateRef');
    expect(condition(byName(settled, 'https').conditions, 'Programmed')).toBe('False Invalid');

    const expected: Record<string, [string, string]> = {
      good: [ns, 'Accepted True Accepted, ResolvedRefs True ResolvedRefs'],
      section: [ns, 'Accepted False NoMatchingParent, ResolvedRefs True ResolvedRefs'],
      host: [ns, 'Accepted False NoMatchingListenerHostname, ResolvedRefs True ResolvedRefs'],
      missing: [ns, 'Accepted True Accepted, ResolvedRefs False BackendNotFound'],
      // Its backend web is looked for in its own namespace, where there is none.
      'other-ns': [elsewhere, 'Accepted False NotAllowedByListeners, ResolvedRefs False BackendNotFound'],
    };
    for (const [name, [where, want]] of Object.entries(expected)) {
      const route = await until(
        () => client.get(ROUTE, name, where),
        (r) => parentStatus(r) === want,
      );
      expect(parentStatus(route), name).toBe(want);
    }

    // The missing Service comes: the route's backends resolve, as a controller's next reconcile would see.
    await client.apply(
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api' }, spec: { ports: [{ port: 8080 }] } },
      ns,
    );
    const resolved = await until(
      () => client.get(ROUTE, 'missing', ns),
      (r) => parentStatus(r) === 'Accepted True Accepted, ResolvedRefs True ResolvedRefs',
    );
    expect(parentStatus(resolved)).toBe('Accepted True Accepted, ResolvedRefs True ResolvedRefs');

    // The certificate's Secret comes, of type kubernetes.io/tls: the listener https is programmed.
    await client.apply(
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'shop-tls' },
        type: 'kubernetes.io/tls',
        data: { 'tls.crt': '', 'tls.key': '' },
      },
      ns,
    );
    const https = await until(
      () => client.get(GATEWAY, 'web', ns),
      (g) => condition(byName(g, 'https').conditions, 'ResolvedRefs') === 'True ResolvedRefs',
    );
    expect(condition(byName(https, 'https').conditions, 'Programmed')).toBe('True Programmed');

    // Another controller's class, Gateway and route: nothing written by the agent.
    expect(condition(conditions(await client.get(GATEWAY_CLASS, other)), 'Accepted')).toBe('Unknown Pending');
    expect(condition(conditions(await client.get(GATEWAY, 'foreign', ns)), 'Programmed')).toBe('Unknown Pending');
    expect(parentStatus(await client.get(ROUTE, 'foreign', ns))).toBeUndefined();
  });

  it('lets a lab that requires the Gateway API start on a cluster that serves it', async () => {
    expect(await gatewayApiServed(client)).toBe(true);
    const lab = await loadLab('gateway-api');
    // Served: nothing to install, on the local cluster or on another (driver context: never installs).
    expect(await ensureGatewayApi(lab, client, false, quietLog())).toBe(false);
    await expect(assertRequirements(lab, client, 'en', 'context')).resolves.toBeUndefined();
  });
});
