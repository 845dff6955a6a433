import { existsSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/kube/types.js';
import { dropNamespace, plainNamespace, testClient, until } from './helpers.js';

// cluster/storage: the default StorageClass `standard` (kube-controller-manager's in-tree hostPath
// provisioner, WaitForFirstConsumer like kind's), static binding by the real PV controller, reclaim
// on delete, and the policy that keeps the hostPath deleter inside /tmp/hostpath_pv.

const client = testClient();
const namespaces: string[] = [];
const volumes: string[] = [];
const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
const PVC = { apiVersion: 'v1', kind: 'PersistentVolumeClaim' } as const;
const PV = { apiVersion: 'v1', kind: 'PersistentVolume' } as const;
const EVENT = { apiVersion: 'v1', kind: 'Event' } as const;

afterAll(async () => {
  await Promise.all(volumes.map((v) => client.delete(PV, v).catch(() => false)));
  await Promise.all(namespaces.map((ns) => dropNamespace(client, ns)));
});

const claim = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...extra },
});

const hostPathVolume = (name: string, path: string, reclaim: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name },
  spec: {
    capacity: { storage: '1Gi' },
    accessModes: ['ReadWriteOnce'],
    persistentVolumeReclaimPolicy: reclaim,
    hostPath: { path },
    ...extra,
  },
});

const phase = (o: KubeObject | undefined): string | undefined => o?.status?.phase;

describe('storage on the local cluster', () => {
  it(
    'a PVC on the default StorageClass waits for its first consumer, then is provisioned and bound; deleting it deletes the volume',
    { timeout: 60_000 },
    async () => {
      const ns = await plainNamespace(client, 'storage', namespaces);
      const classes = await client.list({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass' });
      const defaults = classes.filter(
        (c) => c.metadata?.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true',
      );
      expect(defaults.map((c) => c.metadata?.name)).toEqual(['standard']);

      await client.create(claim('data'), ns);
      const waiting = await until(
        () => client.list(EVENT, ns),
        (es) => es.some((e) => e.reason === 'WaitForFirstConsumer'),
      );
      expect(waiting.find((e) => e.reason === 'WaitForFirstConsumer')?.message).toBe(
        'waiting for first consumer to be created before binding',
      );
      expect(phase(await client.get(PVC, 'data', ns))).toBe('Pending');
      expect((await client.get(PVC, 'data', ns))?.spec?.storageClassName).toBe('standard');

      const started = Date.now();
      await client.create(
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'user' },
          spec: {
            containers: [{ name: 'web', image: 'nginx:1.27', volumeMounts: [{ name: 'd', mountPath: '/data' }] }],
            volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }],
          },
        },
        ns,
      );
      const bound = await until(
        () => client.get(PVC, 'data', ns),
        (c) => phase(c) === 'Bound',
      );
      const boundMs = Date.now() - started;
      const running = await until(
        () => client.get(POD, 'user', ns),
        (p) => phase(p) === 'Running',
      );
      console.log(`PVC Bound ${boundMs} ms after its Pod was created; Pod on ${running?.spec?.nodeName}`);
      expect(running?.spec?.nodeName).toMatch(/^node-/);
      const pvName = bound?.spec?.volumeName as string;
      const pv = await client.get(PV, pvName);
      expect(pv?.metadata?.annotations?.['pv.kubernetes.io/provisioned-by']).toBe('kubernetes.io/host-path');
      expect(pv?.spec?.persistentVolumeReclaimPolicy).toBe('Delete');
      expect(pv?.spec?.hostPath?.path).toMatch(/^\/tmp\/hostpath_pv\/[0-9a-f-]+$/);
      expect(existsSync(pv?.spec?.hostPath?.path)).toBe(true);
      const events = await client.list(EVENT, ns);
      expect(events.map((e) => `${e.reason} ${e.message}`)).toContain(
        `ProvisioningSucceeded Successfully provisioned volume ${pvName} using kubernetes.io/host-path`,
      );

      // Reclaim: the Pod, then the claim; the PV controller deletes the volume and its folder.
      await client.delete(POD, 'user', ns);
      await until(
        () => client.get(POD, 'user', ns),
        (p) => p === undefined,
      );
      await client.delete(PVC, 'data', ns);
      const gone = await until(
        () => client.get(PV, pvName),
        (v) => v === undefined,
        30_000,
      );
      expect(gone).toBeUndefined();
      expect(existsSync(pv?.spec?.hostPath?.path)).toBe(false);
    },
  );

  it('a static PersistentVolume and a claim that asks for it bind', { timeout: 30_000 }, async () => {
    const ns = await plainNamespace(client, 'static-pv', namespaces);
    const name = `${ns}-pv`;
    volumes.push(name);
    await client.create(hostPathVolume(name, '/mnt/data', 'Retain', { storageClassName: 'manual' }));
    await client.create(claim('claim', { storageClassName: 'manual' }), ns);
    const c = await until(
      () => client.get(PVC, 'claim', ns),
      (x) => phase(x) === 'Bound',
    );
    expect(c?.spec?.volumeName).toBe(name);
    expect(phase(await client.get(PV, name))).toBe('Bound');
  });

  it(
    'a hostPath volume the deleter would remove outside /tmp/hostpath_pv is refused; others are admitted',
    { timeout: 30_000 },
    async () => {
      const ns = await plainNamespace(client, 'guard', namespaces);
      for (const path of ['/tmp/data', '/home/me/tmp/notes']) {
        const err = await client
          .create(hostPathVolume(`${ns}-bad`, path, 'Delete'))
          .then(() => undefined)
          .catch((e: unknown) => e);
        volumes.push(`${ns}-bad`);
        expect(err, path).toBeInstanceOf(Error);
        expect((err as Error).message).toContain(`refuses a hostPath PersistentVolume on ${path}`);
      }
      for (const [i, [path, reclaim]] of [
        ['/tmp/data', 'Retain'],
        ['/mnt/data', 'Delete'],
      ].entries()) {
        volumes.push(`${ns}-ok${i}`);
        await client.create(hostPathVolume(`${ns}-ok${i}`, path!, reclaim!));
      }
      const err = await client
        .patch(PV, `${ns}-ok0`, undefined, { spec: { persistentVolumeReclaimPolicy: 'Delete' } })
        .then(() => undefined)
        .catch((e: unknown) => e);
      expect((err as Error | undefined)?.message).toContain('refuses a hostPath PersistentVolume on /tmp/data');
    },
  );
});
