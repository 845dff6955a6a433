import { afterAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/kube/types.js';
import { dropNamespace, testClient, until, plainNamespace } from './helpers.js';

// The local cluster's kwok stages (cluster/stages, generated with the image catalog
// cluster/images.yaml by src/cluster/local/stages.ts) make image pulls and Jobs behave like a kubelet's.

const client = testClient();
const namespaces: string[] = [];
const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
const EVENT = { apiVersion: 'v1', kind: 'Event' } as const;

afterAll(async () => {
  await Promise.all(namespaces.map((ns) => dropNamespace(client, ns)));
});

const namespace = (prefix: string): Promise<string> => plainNamespace(client, prefix, namespaces);

const pod = (name: string, image: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name, image }] },
});

const waiting = (p: KubeObject | undefined): string | undefined =>
  p?.status?.containerStatuses?.[0]?.state?.waiting?.reason;
const ready = (p: KubeObject | undefined): boolean =>
  !!p?.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');

describe('image pulls on the local cluster', () => {
  it("a Pod with an image outside the catalog goes ErrImagePull, then ImagePullBackOff, with the kubelet's Events, and is never Ready", async () => {
    const ns = await namespace('pull');
    await client.create(pod('typo', 'ngnix'), ns);
    const seen = new Set<string>();
    const last = await until(
      async () => {
        const p = await client.get(POD, 'typo', ns);
        const reason = waiting(p);
        if (reason) seen.add(reason);
        if (ready(p)) seen.add('Ready');
        return p;
      },
      (p) => waiting(p) === 'ImagePullBackOff',
    );
    expect([...seen]).toEqual(['ErrImagePull', 'ImagePullBackOff']);
    expect(last?.status?.phase).toBe('Pending');
    expect(last?.status?.containerStatuses[0].state.waiting.message).toMatch(
      /^Back-off pulling image "ngnix": ErrImagePull: .*"docker\.io\/library\/ngnix:latest".*pull access denied/,
    );
    // The stage writes its Events in steps after the status change: under load they arrive a little later.
    const reasons = ['Failed', 'BackOff'];
    const events = await until(
      async () =>
        (await client.list(EVENT, ns)).filter(
          (e) => (e.involvedObject as { name?: string } | undefined)?.name === 'typo',
        ),
      (es) =>
        es.filter((e) => e.message === 'Error: ImagePullBackOff' || e.reason === 'BackOff').length >= 2 &&
        reasons.every((r) => es.some((e) => e.reason === r)),
    );
    const summary = events.map((e) => `${e.type} ${e.reason} ${e.message}`);
    expect(summary).toContainEqual(
      expect.stringMatching(
        /^Warning Failed Failed to pull image "ngnix": failed to pull and unpack image "docker\.io\/library\/ngnix:latest": .*pull access denied/,
      ),
    );
    expect(summary).toContain('Warning Failed Error: ErrImagePull');
    expect(summary).toContain('Normal BackOff Back-off pulling image "ngnix"');
    expect(summary).toContain('Warning Failed Error: ImagePullBackOff');
    expect(
      (events.find((e) => e.reason === 'BackOff')?.involvedObject as { fieldPath?: string } | undefined)?.fieldPath,
    ).toBe('spec.containers{typo}');
    // It stays so: a kubelet never runs what it cannot pull.
    await new Promise((r) => setTimeout(r, 2000));
    const later = await client.get(POD, 'typo', ns);
    expect(ready(later)).toBe(false);
    expect(['ErrImagePull', 'ImagePullBackOff']).toContain(waiting(later));
  });

  it('a tag outside the catalog fails with "not found"; catalog images pull under every spelling, digests included; a fixed image starts', async () => {
    const ns = await namespace('tags');
    const digest = `@sha256:${'0123456789abcdef'.repeat(4)}`;
    const good = [
      'nginx',
      'nginx:latest',
      'docker.io/library/nginx:latest',
      'docker.io/nginx:1.27',
      `nginx:1.27${digest}`,
      `redis${digest}`,
      'registry.k8s.io/pause:3.10',
      'busybox:1.28',
    ];
    await Promise.all(good.map((image, i) => client.create(pod(`good-${i}`, image), ns)));
    await client.create(pod('badtag', 'nginx:1.99-no-such-tag'), ns);
    const pods = await until(
      () => client.list(POD, ns),
      (ps) =>
        ps.filter((p) => ready(p)).length === good.length &&
        waiting(ps.find((p) => p.metadata?.name === 'badtag')) !== undefined,
    );
    expect(
      pods
        .filter((p) => ready(p))
        .map((p) => p.spec?.containers[0].image)
        .sort(),
    ).toEqual([...good].sort());
    const badtag = pods.find((p) => p.metadata?.name === 'badtag');
    expect(ready(badtag)).toBe(false);
    expect(badtag?.status?.containerStatuses[0].state.waiting.message).toContain(
      '"docker.io/library/nginx:1.99-no-such-tag": docker.io/library/nginx:1.99-no-such-tag: not found',
    );

    await client.patch(
      POD,
      'badtag',
      ns,
      { spec: { containers: [{ name: 'badtag', image: 'nginx:1.27' }] } },
      'strategic',
    );
    const fixed = await until(
      () => client.get(POD, 'badtag', ns),
      (p) => ready(p),
    );
    expect(ready(fixed)).toBe(true);
    expect(fixed?.status?.phase).toBe('Running');
    expect(fixed?.status?.containerStatuses[0].state.running).toBeDefined();
  });

  it('a Deployment rolled out to a missing image stalls: its new Pods are never Ready and the progress deadline is exceeded', async () => {
    const ns = await namespace('rollout');
    const labels = { app: 'web' };
    const deployment = (image: string): KubeObject => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas: 2,
        progressDeadlineSeconds: 4,
        selector: { matchLabels: labels },
        template: { metadata: { labels }, spec: { containers: [{ name: 'web', image }] } },
      },
    });
    const DEPLOY = { apiVersion: 'apps/v1', kind: 'Deployment' } as const;
    await client.apply(deployment('nginx:1.26'), ns);
    await until(
      () => client.get(DEPLOY, 'web', ns),
      (d) => d?.status?.readyReplicas === 2 && d.status.updatedReplicas === 2,
    );
    await client.apply(deployment('nginx:1.277'), ns); // a typo of 1.27
    const stalled = await until(
      () => client.get(DEPLOY, 'web', ns),
      (d) =>
        d?.status?.conditions?.some(
          (c: { type: string; reason: string }) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded',
        ),
      30_000,
    );
    const progressing = stalled?.status?.conditions?.find((c: { type: string }) => c.type === 'Progressing');
    expect(progressing).toMatchObject({ status: 'False', reason: 'ProgressDeadlineExceeded' });
    expect(stalled?.status?.readyReplicas).toBeGreaterThanOrEqual(1); // the old Pods still serve
    const newPods = (await client.list(POD, ns)).filter((p) => p.spec?.containers[0].image === 'nginx:1.277');
    expect(newPods.length).toBeGreaterThan(0);
    expect(newPods.every((p) => !ready(p) && ['ErrImagePull', 'ImagePullBackOff'].includes(waiting(p) ?? ''))).toBe(
      true,
    );
  });
});

describe('Jobs on the local cluster', () => {
  it("a Job's Pod runs for a moment, then succeeds, and the Job completes", async () => {
    const ns = await namespace('job');
    await client.create(
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'once' },
        spec: {
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'once', image: 'busybox', command: ['sh', '-c', 'echo done'] }],
            },
          },
        },
      },
      ns,
    );
    const phases = new Set<string>();
    const job = await until(
      async () => {
        for (const p of await client.list(POD, ns)) if (p.status?.phase) phases.add(p.status.phase);
        return client.get({ apiVersion: 'batch/v1', kind: 'Job' }, 'once', ns);
      },
      (j) =>
        j?.status?.succeeded === 1 &&
        j.status.conditions?.some(
          (c: { type: string; status: string }) => c.type === 'Complete' && c.status === 'True',
        ),
    );
    expect(job?.status?.succeeded).toBe(1);
    expect(phases).toContain('Running'); // not Succeeded at once: it ran for 1-2 s first
    const [p] = await client.list(POD, ns);
    expect(p?.status?.phase).toBe('Succeeded');
    expect(p?.status?.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });

  it('a Job whose image does not pull never completes', async () => {
    const ns = await namespace('jobpull');
    await client.create(
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'broken' },
        spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'broken', image: 'busyboxx' }] } } },
      },
      ns,
    );
    const pods = await until(
      () => client.list(POD, ns),
      (ps) => waiting(ps[0]) === 'ImagePullBackOff',
    );
    expect(waiting(pods[0])).toBe('ImagePullBackOff');
    const job = await client.get({ apiVersion: 'batch/v1', kind: 'Job' }, 'broken', ns);
    expect(job?.status?.succeeded ?? 0).toBe(0);
  });
});
