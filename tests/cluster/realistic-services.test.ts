import { afterAll, describe, expect, it } from 'vitest';
import { dropNamespace, freshNamespace, testClient } from './helpers.js';

// cluster/stages/service-load-balancer.yaml plays a load-balancer controller on the local cluster.

const client = testClient();
const namespaces: string[] = [];
const SERVICE = { apiVersion: 'v1', kind: 'Service' } as const;

afterAll(async () => {
  await Promise.all(namespaces.map((ns) => dropNamespace(client, ns)));
});

describe('Services on the local cluster', () => {
  it('a LoadBalancer Service gets an external IP derived from its cluster IP; a ClusterIP Service gets none', async () => {
    const ns = freshNamespace('lb');
    namespaces.push(ns);
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const service = (name: string, type: string) => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name },
      spec: { type, selector: { app: 'web' }, ports: [{ port: 80 }] },
    });
    await client.create(service('web', 'LoadBalancer'), ns);
    await client.create(service('plain', 'ClusterIP'), ns);
    let web = await client.get(SERVICE, 'web', ns);
    for (let i = 0; i < 40 && !web?.status?.loadBalancer?.ingress; i++) {
      await new Promise((r) => setTimeout(r, 250));
      web = await client.get(SERVICE, 'web', ns);
    }
    const clusterIP: string = web?.spec?.clusterIP;
    expect(web?.status?.loadBalancer?.ingress).toEqual([
      { ip: clusterIP.replace(/^\d+\.\d+\./, '172.18.'), ipMode: 'VIP' },
    ]);
    const plain = await client.get(SERVICE, 'plain', ns);
    expect(plain?.status?.loadBalancer?.ingress).toBeUndefined();
  });
});
