import { afterAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/kube/types.js';
import { dropNamespace, testClient, until, plainNamespace } from './helpers.js';

// cluster/stages/pod-crash.yaml (with exit-code.jq/.tpl and pod-ready.yaml) makes a container
// whose command exits with an error crash like on a kubelet. Checks read restartCount, state and
// Events, never a STATUS column.

const client = testClient();
const namespaces: string[] = [];
const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
const EVENT = { apiVersion: 'v1', kind: 'Event' } as const;

afterAll(async () => {
  await Promise.all(namespaces.map((ns) => dropNamespace(client, ns)));
});

const namespace = (prefix: string): Promise<string> => plainNamespace(client, prefix, namespaces);

const pod = (name: string, command: string[], restartPolicy = 'Always'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { restartPolicy, containers: [{ name, image: 'busybox:1.36', command }] },
});

const status = (p: KubeObject | undefined) => p?.status?.containerStatuses?.[0];
const ready = (p: KubeObject | undefined): boolean =>
  !!p?.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True');

describe('crashing containers on the local cluster', () => {
  it(
    'a container whose command exits goes to CrashLoopBackOff with its exit code, a growing restartCount and BackOff Events, and is never Ready',
    { timeout: 90_000 },
    async () => {
      const ns = await namespace('crash');
      await client.create(pod('crash', ['sh', '-c', 'echo starting; exit 3']), ns);
      await client.create(pod('runs', ['sh', '-c', 'echo exit 1 > /tmp/x; sleep 3600']), ns);
      const counts = new Set<number>();
      const states = new Set<string>();
      let everReady = false;
      const last = await until(
        async () => {
          const p = await client.get(POD, 'crash', ns);
          const s = status(p);
          if (s) {
            counts.add(s.restartCount);
            states.add(s.state?.waiting?.reason ?? Object.keys(s.state ?? {})[0] ?? '');
          }
          if (ready(p)) everReady = true;
          return p;
        },
        (p) => (status(p)?.restartCount ?? 0) >= 2 && status(p)?.state?.waiting?.reason === 'CrashLoopBackOff',
        75_000,
      );
      expect([...counts].sort()).toEqual([0, 1, 2]);
      expect(states).toContain('terminated');
      expect(states).toContain('CrashLoopBackOff');
      expect(everReady).toBe(false);
      expect(last?.status?.phase).toBe('Running');
      const s = status(last);
      expect(s.ready).toBe(false);
      expect(s.lastState.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
      expect(s.state.waiting.message).toBe(
        `back-off 40s restarting failed container=crash pod=crash_${ns}(${last?.metadata?.uid})`,
      );
      const events = (await client.list(EVENT, ns)).filter(
        (e) => (e.involvedObject as { name?: string } | undefined)?.name === 'crash',
      );
      expect(events.map((e) => `${e.type} ${e.reason} ${e.message}`)).toContain(
        `Warning BackOff Back-off restarting failed container crash in pod crash_${ns}(${last?.metadata?.uid})`,
      );
      expect(
        (events.find((e) => e.reason === 'BackOff')?.involvedObject as { fieldPath?: string } | undefined)?.fieldPath,
      ).toBe('spec.containers{crash}');
      // A command that merely mentions exit runs on.
      const runs = await client.get(POD, 'runs', ns);
      expect(ready(runs)).toBe(true);
      expect(status(runs)?.restartCount).toBe(0);
    },
  );

  it('with restartPolicy Always a container whose command ends (sh -c "echo hello", true) also loops, with exit code 0 and reason Completed; one that waits runs', async () => {
    const ns = await namespace('ends');
    await client.create(pod('echo', ['sh', '-c', 'echo hello']), ns);
    await client.create(pod('true', ['true']), ns);
    await client.create(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'bare' },
        spec: { containers: [{ name: 'bare', image: 'busybox' }] },
      },
      ns,
    );
    await client.create(pod('waits', ['sh', '-c', 'echo hello; sleep 3600']), ns);
    await client.create(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'nginx' },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
      },
      ns,
    );
    const pods = await until(
      () => client.list(POD, ns),
      (ps) =>
        ps.filter((p) => status(p)?.state?.waiting?.reason === 'CrashLoopBackOff').length === 2 &&
        ps.filter(ready).length === 3,
    );
    const byName = new Map(pods.map((p) => [p.metadata!.name!, p]));
    for (const name of ['echo', 'true']) {
      expect(status(byName.get(name))?.state?.waiting?.reason).toBe('CrashLoopBackOff');
      expect(status(byName.get(name))?.lastState?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
      expect(ready(byName.get(name))).toBe(false);
    }
    for (const name of ['bare', 'waits', 'nginx']) expect(ready(byName.get(name))).toBe(true);
  });

  it('with restartPolicy Never a failing container fails the Pod (exit code 1 for `false`); a Job whose Pod fails does not complete', async () => {
    const ns = await namespace('fail');
    await client.create(pod('once', ['false'], 'Never'), ns);
    await client.create(
      {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: { name: 'job' },
        spec: {
          backoffLimit: 0,
          template: {
            spec: {
              restartPolicy: 'Never',
              containers: [{ name: 'job', image: 'busybox:1.36', command: ['/bin/sh', '-c', 'exit 2'] }],
            },
          },
        },
      },
      ns,
    );
    const once = await until(
      () => client.get(POD, 'once', ns),
      (p) => p?.status?.phase === 'Failed',
    );
    expect(once?.status?.phase).toBe('Failed');
    expect(status(once)?.state?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    const JOB = { apiVersion: 'batch/v1', kind: 'Job' } as const;
    const job = await until(
      () => client.get(JOB, 'job', ns),
      (j) =>
        !!j?.status?.conditions?.some(
          (c: { type: string; status: string }) => c.type === 'Failed' && c.status === 'True',
        ),
    );
    expect(job?.status?.conditions?.map((c: { type: string }) => c.type)).toContain('Failed');
    expect(job?.status?.succeeded ?? 0).toBe(0);
  });
});
