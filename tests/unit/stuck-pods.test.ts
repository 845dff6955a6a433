import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './check-kinds/fixtures.js';
import type { KubeClient } from '../../src/kube/client.js';
import type { KubeObject } from '../../src/kube/types.js';
import { podStuck, workloadStuck } from '../../src/labs/stuck-pods.js';

/**
 * tests/fixtures/check-kinds/troubleshoot-app.json: the Pods and Deployments of three lab namespaces
 * on a local cluster (kwok nodes, kube-controller-manager 1.35.4, cka-lab-agent), 15 s after `lab start`
 * (managedFields removed): troubleshoot-image (Deployment web, 3 Pods in ImagePullBackOff),
 * troubleshoot-crash (Deployment ticker, 2 Pods in CrashLoopBackOff) and troubleshoot-config (Pod api
 * in CreateContainerConfigError). scheduling.json has Ready Pods and Pods the scheduler could not place.
 */
type Captured = Record<string, { pods: KubeObject[]; deployments: KubeObject[] }>;
const app = JSON.parse(readFileSync(join(FIXTURES, 'troubleshoot-app.json'), 'utf8')) as Captured;
const scheduling = (JSON.parse(readFileSync(join(FIXTURES, 'scheduling.json'), 'utf8')) as { items: KubeObject[] })
  .items;
const pod = (name: string): KubeObject => scheduling.find((p) => p.metadata?.name === name)!;

/** A client whose namespace holds exactly `pods` (workloadStuck only lists Pods). */
const holding = (pods: KubeObject[]): KubeClient => ({ list: () => Promise.resolve(pods) }) as unknown as KubeClient;

describe('podStuck', () => {
  it('is true for a failed pull, a crash loop, a config error and an unschedulable Pod', () => {
    for (const id of ['troubleshoot-image', 'troubleshoot-crash', 'troubleshoot-config'])
      for (const p of app[id]!.pods) expect(podStuck(p), `${id} ${p.metadata?.name}`).toBe(true);
    expect(podStuck(pod('batch-wrong-value'))).toBe(true);
  });

  it('is true for a container killed for its memory and not Ready, before the back-off shows', () => {
    const killed = structuredClone(pod('batch'));
    killed.status.containerStatuses[0].ready = false;
    killed.status.containerStatuses[0].state = { terminated: { reason: 'OOMKilled', exitCode: 137 } };
    expect(podStuck(killed)).toBe(true);
    killed.status.containerStatuses[0].state = { running: { startedAt: '2026-12-01T20:09:27Z' } };
    killed.status.containerStatuses[0].lastState = { terminated: { reason: 'OOMKilled', exitCode: 137 } };
    expect(podStuck(killed)).toBe(true);
    killed.status.containerStatuses[0].ready = true;
    expect(podStuck(killed)).toBe(false);
  });

  it('is false for a running Pod', () => {
    expect(podStuck(pod('batch'))).toBe(false);
  });
});

describe('workloadStuck', () => {
  const web = app['troubleshoot-image']!.deployments[0]!;
  const webPods = app['troubleshoot-image']!.pods;
  const ticker = app['troubleshoot-crash']!.deployments[0]!;

  it('is true when every Pod of the Deployment is Ready or stuck, and one is stuck', async () => {
    expect(await workloadStuck(holding(webPods), 'ns', web)).toBe(true);
    expect(await workloadStuck(holding(app['troubleshoot-crash']!.pods), 'ns', ticker)).toBe(true);
  });

  it('is false while the controller has not seen the latest spec', async () => {
    const newer = { ...web, metadata: { ...web.metadata, generation: 2 } };
    expect(await workloadStuck(holding(webPods), 'ns', newer)).toBe(false);
  });

  it('is false while Pods are missing or still starting', async () => {
    expect(await workloadStuck(holding(webPods.slice(0, 2)), 'ns', web)).toBe(false);
    const starting = structuredClone(webPods[0]!);
    starting.status.containerStatuses[0].state = { waiting: { reason: 'ContainerCreating' } };
    expect(await workloadStuck(holding([starting, ...webPods.slice(1)]), 'ns', web)).toBe(false);
  });

  it('counts only the Pods its selector selects', async () => {
    const two = { ...web, spec: { ...web.spec, replicas: 2 } };
    expect(await workloadStuck(holding(app['troubleshoot-crash']!.pods), 'ns', two)).toBe(false);
  });

  it('is false when every Pod is Ready', async () => {
    const ready = webPods.map((p) => ({ ...p, status: pod('batch').status }));
    expect(await workloadStuck(holding(ready), 'ns', web)).toBe(false);
  });
});
