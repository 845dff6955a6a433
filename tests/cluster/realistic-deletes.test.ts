import { afterAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/kube/types.js';
import { dropNamespace, freshNamespace, testClient, until } from './helpers.js';

// build/agent/reaper.go: on kwok nodes the agent removes a deleted Pod as a kubelet does, with a
// UID precondition, so a Pod created in its place under the same name (`kubectl replace --force`)
// is never removed by a delete meant for the old one.

const client = testClient();
const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
let ns = '';

afterAll(async () => {
  if (ns) await dropNamespace(client, ns);
});

const pod = (image: string, finalizers?: string[]): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'redis', ...(finalizers ? { finalizers } : {}) },
  spec: { containers: [{ name: 'redis', image }] },
});

describe('deleting Pods on kwok nodes', () => {
  it(
    'a deleted Pod is gone in seconds and the Pod created in its place stays, round after round',
    { timeout: 120_000 },
    async () => {
      ns = freshNamespace('delete');
      await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      // The old Pod waits in ImagePullBackOff, as in the pods lab, so kwok has delayed work on it.
      await client.create(pod('redis123'), ns);
      await until(
        () => client.get(POD, 'redis', ns),
        (p) => p?.status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ImagePullBackOff',
      );
      for (let round = 0; round < 5; round++) {
        const image = round % 2 === 0 ? 'redis' : 'redis123';
        const old = await client.get(POD, 'redis', ns);
        const started = Date.now();
        await client.delete(POD, 'redis', ns); // the default grace period, as `kubectl delete pod`
        await until(
          () => client.get(POD, 'redis', ns),
          (p) => p === undefined,
          15_000,
        );
        expect(Date.now() - started).toBeLessThan(15_000);
        await client.create(pod(image), ns);
        const fresh = await client.get(POD, 'redis', ns);
        expect(fresh?.metadata?.uid).not.toBe(old?.metadata?.uid);
        // Long enough for any delete meant for the old Pod to land.
        await new Promise((r) => setTimeout(r, 3_000));
        const after = await client.get(POD, 'redis', ns);
        expect(after?.metadata?.uid).toBe(fresh?.metadata?.uid);
        expect(after?.metadata?.deletionTimestamp).toBeUndefined();
      }
      const last = await until(
        () => client.get(POD, 'redis', ns),
        (p) => p?.status?.phase === 'Running',
      );
      expect(last?.spec?.containers?.[0]?.image).toBe('redis');
    },
  );

  it(
    'a Pod held by a finalizer stays Terminating until the finalizer goes, as on a kubelet',
    { timeout: 60_000 },
    async () => {
      await client.delete(POD, 'redis', ns).catch(() => undefined);
      await until(
        () => client.get(POD, 'redis', ns),
        (p) => p === undefined,
        15_000,
      );
      await client.create(pod('redis', ['cka-lab.dev/test-hold']), ns);
      await until(
        () => client.get(POD, 'redis', ns),
        (p) => p?.status?.phase === 'Running',
      );
      await client.delete(POD, 'redis', ns);
      await new Promise((r) => setTimeout(r, 3_000));
      const held = await client.get(POD, 'redis', ns);
      expect(held?.metadata?.deletionTimestamp).toBeDefined();
      // The reaper's delete has run: grace period 0 once the containers are stopped.
      expect(held?.metadata?.deletionGracePeriodSeconds).toBe(0);
      await client.patch(POD, 'redis', ns, [{ op: 'remove', path: '/metadata/finalizers' }], 'json');
      await until(
        () => client.get(POD, 'redis', ns),
        (p) => p === undefined,
        15_000,
      );
    },
  );
});
