import { afterAll, describe, expect, it } from 'vitest';
import { ensureGatewayCrds, gatewayCrds, installGatewayCrds } from '../../src/cluster/gateway-crds.js';
import { dropNamespace, plainNamespace, quietLog, testClient } from './helpers.js';

// The Gateway API CRDs come from the sigs.k8s.io/gateway-api module (build/gateway-api) and are installed
// into the real local cluster as a cka-lab component; a Gateway and an HTTPRoute are then accepted, with the
// defaults the CRD schema fills in.
const client = testClient();
const made: string[] = [];
afterAll(async () => {
  for (const ns of made) await dropNamespace(client, ns);
});

describe('Gateway API CRDs', () => {
  it('are fetched from the Go module, installed, and serve Gateways and HTTPRoutes', { timeout: 120_000 }, async () => {
    const dir = await ensureGatewayCrds(quietLog());
    const crds = await gatewayCrds(dir);
    const names = crds.map((c) => c.metadata!.name).sort();
    expect(names).toContain('httproutes.gateway.networking.k8s.io');
    expect(names).toContain('gateways.gateway.networking.k8s.io');
    expect(crds[0]!.metadata!.annotations!['gateway.networking.k8s.io/channel']).toBe('standard');
    expect(await installGatewayCrds(client, dir)).toEqual(crds.map((c) => c.metadata!.name));
    const ns = await plainNamespace(client, 'gw', made);
    await client.apply(
      {
        apiVersion: 'gateway.networking.k8s.io/v1',
        kind: 'HTTPRoute',
        metadata: { name: 'shop' },
        spec: { parentRefs: [{ name: 'shop' }], rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] },
      },
      ns,
    );
    const route = await client.get({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute' }, 'shop', ns);
    expect(route?.spec?.rules).toEqual([
      {
        backendRefs: [{ group: '', kind: 'Service', name: 'web', port: 80, weight: 1 }],
        matches: [{ path: { type: 'PathPrefix', value: '/' } }],
      },
    ]);
    const crd = await client.get(
      { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' },
      'httproutes.gateway.networking.k8s.io',
    );
    expect(crd?.metadata?.labels?.['cka-lab.dev/component']).toBe('gateway-api');
  });
});
