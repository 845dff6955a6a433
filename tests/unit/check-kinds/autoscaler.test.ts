import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, named, run } from './fixtures.js';
import type { KubeObject } from '../../../src/kube/types.js';

/**
 * tests/fixtures/check-kinds/autoscaling-hpas.json: `kubectl get hpa.v2.autoscaling,deploy,pod -n hexp -o json`
 * on the local cluster (metrics-server, kwok usage annotations) a few minutes after: Deployment web (3
 * replicas, requests 200m CPU, usage 180m) with `kubectl autoscale deployment web --min=1 --max=5
 * --cpu-percent=50` (it read 90% and scaled web to 5); Deployment api (2 replicas, no CPU request, usage
 * 30m) with `kubectl autoscale deployment api --min=2 --max=6 --cpu-percent=60` (ScalingActive False,
 * FailedGetResourceMetric: missing request for cpu); HPA cache (autoscaling/v2, Deployment cache, which
 * does not exist, max 4, cpu averageValue 100m and memory 70%). managedFields removed.
 */
const objects = (): KubeObject[] =>
  (JSON.parse(readFileSync(join(FIXTURES, 'autoscaling-hpas.json'), 'utf8')) as { items: KubeObject[] }).items;

describe('check kind autoscaler', () => {
  it('passes for the HPA kubectl autoscale made (autoscaling/v1, read as v2), which scaled web to 5', async () => {
    const outcome = await run(
      'autoscaler',
      { target: { name: 'web' }, minReplicas: 1, maxReplicas: 5, cpuUtilization: 50, active: true, replicas: 5 },
      objects(),
    );
    expect(outcome).toEqual({
      pass: true,
      summary:
        'HorizontalPodAutoscaler web scales Deployment web between 1 and 5 replicas on cpu utilisation 50%; it wants 5',
      problems: [],
    });
  });

  it('fails on the bounds and the CPU target, whatever spelling', async () => {
    const outcome = await run(
      'autoscaler',
      { target: { name: 'web' }, minReplicas: 2, maxReplicas: 10, cpuUtilization: 80 },
      objects(),
    );
    expect(outcome.pass).toBe(false);
    expect(outcome.problems).toEqual([
      {
        message: 'HorizontalPodAutoscaler web has minReplicas 1, but the task asks for 2',
        path: 'spec.minReplicas',
        expected: 2,
        actual: 1,
      },
      {
        message: 'HorizontalPodAutoscaler web has maxReplicas 5, but the task asks for 10',
        path: 'spec.maxReplicas',
        expected: 10,
        actual: 5,
      },
      {
        message: 'HorizontalPodAutoscaler web targets 50% average CPU utilisation, but the task asks for 80%',
        path: 'spec.metrics[].resource.target.averageUtilization',
        expected: 80,
        actual: 50,
      },
    ]);
  });

  it('fails an average value target and an extra metric', async () => {
    const outcome = await run('autoscaler', { target: { name: 'cache' }, cpuUtilization: 50 }, objects());
    expect(outcome.problems.map((p) => p.message)).toEqual([
      'HorizontalPodAutoscaler cache scales on cpu average value 100m, memory utilisation 70%, ' +
        'not on an average CPU utilisation of 50%',
      'HorizontalPodAutoscaler cache also scales on memory utilisation 70%, cpu average value 100m, ' +
        'which the task does not ask for',
    ]);
  });

  it('names the container without a CPU request first, then the controller condition', async () => {
    const outcome = await run(
      'autoscaler',
      { target: { name: 'api' }, cpuUtilization: 60, active: true, replicas: 2 },
      objects(),
    );
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toMatch(
      /^HorizontalPodAutoscaler api cannot compute CPU utilisation: container api of Pod api-\w+-\w+ has no CPU request/,
    );
    expect(outcome.problems[1]!.message).toMatch(
      /^HorizontalPodAutoscaler api does not scale: FailedGetResourceMetric: the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container api of Pod api-/,
    );
  });

  it('says when no HPA or two HPAs scale the target, and when it wants another count', async () => {
    const none = await run('autoscaler', { target: { name: 'webb' } }, objects(), { namespace: 'hexp' });
    expect(none.summary).toBe(
      'no HorizontalPodAutoscaler in namespace hexp scales Deployment webb ' +
        '(HPAs here: api -> Deployment api, cache -> Deployment cache, web -> Deployment web); ' +
        'did you mean Deployment web?',
    );
    const all = objects();
    const second = structuredClone(named(all, 'HorizontalPodAutoscaler', 'web'));
    second.metadata!.name = 'web-hpa';
    const two = await run('autoscaler', { target: { name: 'web' } }, [...all, second]);
    expect(two.summary).toBe(
      '2 HorizontalPodAutoscalers scale Deployment web (web, web-hpa): the controller acts on none of them ' +
        '(AmbiguousSelector); delete all but one',
    );
    const wants = await run('autoscaler', { target: { name: 'web' }, replicas: 3 }, objects());
    expect(wants.summary).toBe(
      'HorizontalPodAutoscaler web wants 5 replicas (CPU now 90% of requests), but 3 are expected',
    );
  });

  it('says when the controller has not read metrics yet, and when the target is not in apps', async () => {
    const all = objects();
    const web = named(all, 'HorizontalPodAutoscaler', 'web');
    delete web.status.conditions;
    web.spec.scaleTargetRef.apiVersion = 'v1';
    const outcome = await run('autoscaler', { target: { name: 'web' }, active: true }, all);
    expect(outcome.problems.map((p) => p.message)).toEqual([
      'HorizontalPodAutoscaler web targets apiVersion v1, but Deployment is in apps/v1 ' +
        '(spec.scaleTargetRef.apiVersion), so the controller cannot find it',
      'HorizontalPodAutoscaler web has not read its metrics yet (no ScalingActive condition); ' +
        'the controller looks every 15 s, once the Pods have metrics',
    ]);
  });

  it('says it in Korean', async () => {
    const outcome = await run('autoscaler', { target: { name: 'web' }, maxReplicas: 10 }, objects(), { lang: 'ko' });
    expect(outcome.summary).toBe('HorizontalPodAutoscaler web의 maxReplicas는 5인데, 과제는 10을 요구합니다');
  });
});
