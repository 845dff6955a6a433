import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, named, run } from './fixtures.js';
import type { KubeObject } from '../../../src/kube/types.js';
import { containerDefaults, effectiveHard, limitRangerSet, podUsage } from '../../../src/checks/kinds/resources.js';
import { quantityNanos, sameQuantity } from '../../../src/checks/quantity.js';

/**
 * tests/fixtures/check-kinds/resources.json: `kubectl get deploy,rs,pod,limitrange,resourcequota -o json`
 * on the local cluster (two kwok nodes of 32 CPUs) after, in one namespace: Deployment api (setup of
 * the resources lab) and Pod early (no resources) created; then LimitRange defaults (defaultRequest
 * 100m/64Mi, default 200m/128Mi); kubectl set resources deployment api --requests=cpu=0.25,
 * memory=67108864 --limits=cpu=500m,memory=128Mi (rolled out); Pod plain (no resources), Pod explicit
 * (the same values written in it), Pod huge (cpu 40: Pending, Insufficient cpu), Pod sel (cpu 4,
 * nodeSelector disktype=ssd: Pending), Pod small (cpu 40m: Running); ResourceQuotas team-quota
 * (requests.cpu 48 ...), aliases (cpu 48, memory 4Gi ...) and scoped (pods 10, scope BestEffort).
 * managedFields and last-applied annotations removed.
 */
const objects = (): KubeObject[] =>
  (JSON.parse(readFileSync(join(FIXTURES, 'resources.json'), 'utf8')) as { items: KubeObject[] }).items;

const API = {
  deployment: 'api',
  container: 'api',
  requests: { cpu: '250m', memory: '64Mi' },
  limits: { cpu: '500m', memory: '128Mi' },
};
const DEFAULTS = { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m', memory: '128Mi' } };
const HARD = { pods: '10', 'requests.cpu': '48', 'requests.memory': '4Gi', 'limits.cpu': '64', 'limits.memory': '8Gi' };

describe('quantities', () => {
  it('compares amounts, not spellings', () => {
    expect(sameQuantity('0.25', '250m')).toBe(true);
    expect(sameQuantity(0.25, '250m')).toBe(true);
    expect(sameQuantity('67108864', '64Mi')).toBe(true);
    expect(sameQuantity('65536Ki', '64Mi')).toBe(true);
    expect(sameQuantity('40000m', 40)).toBe(true);
    expect(sameQuantity('1e3', '1k')).toBe(true);
    expect(sameQuantity('64M', '64Mi')).toBe(false);
    expect(sameQuantity('40m', '40')).toBe(false);
    expect(sameQuantity('1E', '1e18')).toBe(true);
    expect(quantityNanos('64MB')).toBeUndefined();
    expect(quantityNanos('')).toBeUndefined();
    expect(quantityNanos('.5')).toBe(500_000_000n);
  });
});

describe('check kind resources', () => {
  it('passes for a Deployment whose template and Pods have the values, memory stored as bytes', async () => {
    const all = objects();
    expect(named(all, 'Deployment', 'api').spec.template.spec.containers[0].resources.requests.memory).toBe('67108864');
    const outcome = await run('resources', API, all);
    expect(outcome).toEqual({
      pass: true,
      summary: 'Deployment api: requests cpu=250m, memory=64Mi; limits cpu=500m, memory=128Mi',
      problems: [],
    });
  });

  it('names the field, the amounts in bytes, and a Pod the rollout has not replaced', async () => {
    const all = objects();
    const outcome = await run('resources', { ...API, requests: { cpu: '250m', memory: '64M' } }, all);
    expect(outcome.pass).toBe(false);
    expect(outcome.problems[0]).toEqual({
      message:
        'container api of the Pod template of Deployment api: requests.memory is 67108864 (67108864 bytes), ' +
        'but the task asks for 64M (64000000 bytes)',
      path: 'requests.memory',
      expected: '64M',
      actual: '67108864',
    });
    // A Pod of the Deployment still running without resources: the template alone does not pass.
    const pod = all.find((o) => o.kind === 'Pod' && o.metadata?.name?.startsWith('api-'))!;
    delete pod.spec.containers[0].resources;
    const stale = await run('resources', API, all);
    expect(stale.pass).toBe(false);
    expect(stale.summary).toBe(
      `Deployment api still runs an older Pod: container api of Pod ${pod.metadata!.name}: requests.cpu is not set, ` +
        'but the task asks for 250m (the rollout has not finished)',
    );
  });

  it('judges what a new container gets from the LimitRanges', async () => {
    expect(containerDefaults(objects().filter((o) => o.kind === 'LimitRange'))).toEqual({
      requests: { cpu: '100m', memory: '64Mi' },
      limits: { cpu: '200m', memory: '128Mi' },
    });
    expect((await run('resources', { defaults: DEFAULTS }, objects())).summary).toBe(
      'a new container without resources gets requests cpu=100m, memory=64Mi; limits cpu=200m, memory=128Mi ' +
        '(LimitRange defaults)',
    );
    const outcome = await run('resources', { defaults: { ...DEFAULTS, requests: { cpu: '200m' } } }, objects());
    expect(outcome.summary).toBe(
      'a new container without resources in namespace lab-test: requests.cpu is 100m, but the task asks for 200m',
    );
    const none = await run('resources', { defaults: DEFAULTS }, []);
    expect(none.summary).toBe('namespace lab-test has no LimitRange, so a container without resources gets none');
  });

  it('tells a Pod defaulted by the LimitRange from one with the values written in, or created before it', async () => {
    const all = objects();
    expect(
      limitRangerSet(named(all, 'Pod', 'plain').metadata?.annotations?.['kubernetes.io/limit-ranger'], 'plain'),
    ).toEqual({
      requests: ['cpu', 'memory'],
      limits: ['cpu', 'memory'],
    });
    const check = { ...DEFAULTS, fromLimitRange: true };
    expect((await run('resources', { pod: 'plain', ...check }, all)).pass).toBe(true);
    const explicit = await run('resources', { pod: 'explicit', ...check }, all);
    expect(explicit.summary).toBe(
      'container explicit of Pod explicit: requests.cpu, requests.memory, limits.cpu, limits.memory written in the ' +
        'Pod, not set by a LimitRange (the kubernetes.io/limit-ranger annotation does not name it)',
    );
    const early = await run('resources', { pod: 'early', ...check }, all);
    expect(early.pass).toBe(false);
    expect(early.summary).toBe(
      'Pod early was created before LimitRange defaults: a LimitRange sets defaults only when a Pod is created; ' +
        'delete the Pod and create it again (and 4 more)',
    );
    // creationTimestamp has whole seconds: a LimitRange made in the same second as an undefaulted Pod came after it.
    const sameSecond = all.map((o) =>
      o.kind === 'LimitRange'
        ? {
            ...o,
            metadata: { ...o.metadata, creationTimestamp: named(all, 'Pod', 'early').metadata?.creationTimestamp },
          }
        : o,
    );
    const tie = await run('resources', { pod: 'early', ...check }, sameSecond);
    expect(tie.summary).toMatch(/^Pod early was created before LimitRange defaults/);
  });

  it('passes for a Pod Pending for the cause asked, and names another cause or the node it went to', async () => {
    const all = objects();
    const huge = await run('resources', { pod: 'huge', requests: { cpu: '40000m' }, pending: 'Insufficient cpu' }, all);
    expect(huge.pass).toBe(true);
    expect(huge.summary).toMatch(/^Pod huge stays Pending: 0\/2 nodes are available: 2 Insufficient cpu\./);
    const sel = await run('resources', { pod: 'sel', pending: 'Insufficient cpu' }, all);
    expect(sel.summary).toMatch(
      /^Pod sel is Pending \(Unschedulable: 0\/2 nodes are available: 2 node\(s\) didn't match Pod's node affinity\/selector\..*\), but not because of Insufficient cpu$/,
    );
    const small = await run('resources', { pod: 'small', pending: 'Insufficient cpu' }, all);
    expect(small.summary).toMatch(
      /^Pod small was scheduled to node node-00000\d: it fits, but the task asks for a Pod that does not \(Insufficient cpu\)$/,
    );
  });

  it('reads quota names as the API server does: cpu is requests.cpu, the smaller of two spellings holds', async () => {
    expect([...effectiveHard({ cpu: '60', 'requests.cpu': '48', memory: '4Gi' })]).toEqual([
      ['requests.cpu', { name: 'requests.cpu', value: '48' }],
      ['requests.memory', { name: 'memory', value: '4Gi' }],
    ]);
    const all = objects();
    expect((await run('resources', { quota: 'team-quota', hard: HARD, counted: true }, all)).pass).toBe(true);
    expect((await run('resources', { quota: 'aliases', hard: HARD, counted: true }, all)).pass).toBe(true);
    const wrong = await run('resources', { quota: 'aliases', hard: { ...HARD, 'requests.cpu': '64' } }, all);
    expect(wrong.summary).toBe('ResourceQuota aliases: spec.hard cpu (requests.cpu) is 48, but the task asks for 64');
    const scoped = await run('resources', { quota: 'scoped', hard: { pods: 10 } }, all);
    expect(scoped.summary).toBe('ResourceQuota scoped counts only the Pods of its scopes (BestEffort), not every Pod');
  });

  it('checks status.used against the Pods of the namespace', async () => {
    const all = objects();
    const pods = all.filter((o) => o.kind === 'Pod');
    expect(podUsage(pods).get('requests.cpu')).toBe(quantityNanos('44740m'));
    // A Pod the quota controller has not counted yet.
    const quota = named(all, 'ResourceQuota', 'team-quota');
    quota.status.used.pods = '7';
    const outcome = await run('resources', { quota: 'team-quota', counted: true }, all);
    expect(outcome.summary).toBe('ResourceQuota team-quota counts pods=7, but the Pods of the namespace add up to 8');
    delete quota.status.used;
    expect((await run('resources', { quota: 'team-quota', counted: true }, all)).summary).toBe(
      'ResourceQuota team-quota has no status.used yet: the quota controller has not counted it',
    );
  });

  it('says what is missing, and in Korean with particles', async () => {
    expect((await run('resources', { pod: 'hug', requests: { cpu: 40 } }, objects())).summary).toContain(
      'did you mean Pod huge?',
    );
    const ko = await run('resources', { pod: 'small', pending: 'Insufficient cpu' }, objects(), { lang: 'ko' });
    expect(ko.summary).toMatch(/^Pod small이 노드 node-00000\d에 배치되었습니다/);
  });
});
