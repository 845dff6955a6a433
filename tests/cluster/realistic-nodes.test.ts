import { afterAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/kube/types.js';
import { dropNamespace, freshNamespace, testClient, until } from './helpers.js';

// cluster/stages/node-not-ready.yaml: a kwok node annotated cka-lab.dev/node-state=NotReady turns
// NotReady (and Ready again without the annotation); the node controller then evicts its Pods
// after their toleration time.

const client = testClient();
const NODE = { apiVersion: 'v1', kind: 'Node' } as const;
const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
const ANNOTATION = 'cka-lab.dev/node-state';
let node = '';
let ns = '';

afterAll(async () => {
  if (node)
    await client
      .patch(NODE, node, undefined, { metadata: { annotations: { [ANNOTATION]: null } } })
      .catch(() => undefined);
  if (ns) await dropNamespace(client, ns);
});

const readyCondition = (n: KubeObject | undefined) =>
  n?.status?.conditions?.find((c: { type: string }) => c.type === 'Ready');

describe('nodes on the local cluster', () => {
  it(
    'a node annotated NotReady turns NotReady, is tainted, its Pods are evicted after their toleration; without the annotation it is Ready again',
    { timeout: 90_000 },
    async () => {
      ns = freshNamespace('node');
      await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      // Not a lab's own Node (cka-lab.dev/lab), which its lab deletes and recreates while validating.
      const nodes = (await client.list(NODE)).filter((n) => !n.metadata?.labels?.['cka-lab.dev/lab']);
      node = nodes
        .map((n) => n.metadata!.name!)
        .sort()
        .at(-1)!;
      await client.create(
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'victim' },
          spec: {
            nodeName: node,
            containers: [{ name: 'victim', image: 'nginx' }],
            tolerations: [
              { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 3 },
              { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 3 },
            ],
          },
        },
        ns,
      );
      await until(
        () => client.get(POD, 'victim', ns),
        (p) => p?.status?.phase === 'Running',
      );

      await client.patch(NODE, node, undefined, { metadata: { annotations: { [ANNOTATION]: 'NotReady' } } });
      const down = await until(
        () => client.get(NODE, node),
        (n) => readyCondition(n)?.status === 'False',
      );
      expect(readyCondition(down)).toMatchObject({
        status: 'False',
        reason: 'KubeletNotReady',
        message: expect.stringContaining('cni plugin not initialized'),
      });
      // It stays NotReady (no heartbeat turns it back).
      await new Promise((r) => setTimeout(r, 3000));
      const tainted = await until(
        () => client.get(NODE, node),
        (n) =>
          !!n?.spec?.taints?.some(
            (t: { key: string; effect: string }) =>
              t.key === 'node.kubernetes.io/not-ready' && t.effect === 'NoExecute',
          ),
        30_000,
      );
      expect(readyCondition(tainted)?.status).toBe('False');
      expect(tainted?.spec?.taints).toContainEqual(
        expect.objectContaining({ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }),
      );
      const evictedAt = Date.now();
      const gone = await until(
        () => client.get(POD, 'victim', ns),
        (p) => !p || !!p.metadata?.deletionTimestamp,
        40_000,
      );
      expect(gone === undefined || !!gone.metadata?.deletionTimestamp).toBe(true);
      expect(Date.now() - evictedAt).toBeLessThan(40_000);

      await client.patch(NODE, node, undefined, { metadata: { annotations: { [ANNOTATION]: null } } });
      // Ready at once; the node controller takes the taint away some 20 s later.
      expect(
        readyCondition(
          await until(
            () => client.get(NODE, node),
            (n) => readyCondition(n)?.status === 'True',
            5000,
          ),
        )?.status,
      ).toBe('True');
      const up = await until(
        () => client.get(NODE, node),
        (n) =>
          readyCondition(n)?.status === 'True' &&
          !n?.spec?.taints?.some((t: { key: string }) => t.key === 'node.kubernetes.io/not-ready'),
        45_000,
      );
      expect(readyCondition(up)?.status).toBe('True');
      expect(up?.spec?.taints ?? []).not.toContainEqual(
        expect.objectContaining({ key: 'node.kubernetes.io/not-ready' }),
      );
      // Its Hostname address survives: the API server reaches kwok through it for kubectl logs.
      expect(up?.status?.addresses).toContainEqual(expect.objectContaining({ type: 'Hostname' }));
      node = '';
    },
  );
});
