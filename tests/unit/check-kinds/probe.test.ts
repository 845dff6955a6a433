import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, run } from './fixtures.js';
import type { KubeObject } from '../../../src/kube/types.js';

/**
 * tests/fixtures/check-kinds/probes.json: `kubectl get pods,events -o json` of four namespaces on a
 * local cluster with a real node (containerd, runc, kubelet 1.35.4), some minutes after applying the
 * probes lab's manifests (managedFields and last-applied annotations removed):
 * - setup: manifests/probes/setup/pods.yaml (heartbeat and shop without probes, legacy restarted by
 *   its liveness probe before it has started);
 * - solution: manifests/probes/solution/*.yaml (heartbeat restarted by its liveness probe, shop Ready
 *   once its server answered, legacy started under its startup probe);
 * - wrong: heartbeat-never.yaml (restartPolicy Never: stopped, not restarted), shop-port-80.yaml
 *   (never Ready), legacy-short-startup.yaml (restarted by its 15 s startup probe);
 * - wrong2: heartbeat-readiness.yaml, shop-healthz.yaml (never Ready: 404), legacy-liveness-delay.yaml.
 */
const ns = (name: 'setup' | 'solution' | 'wrong' | 'wrong2'): KubeObject[] =>
  (JSON.parse(readFileSync(join(FIXTURES, 'probes.json'), 'utf8')) as Record<string, { items: KubeObject[] }>)[name]!
    .items;

const heartbeat = { pod: 'heartbeat', declares: ['liveness'], restarted: true, minRunSeconds: 20 };
const shop = { pod: 'shop', declares: ['readiness'], ready: true, readyAfterSeconds: 15 };
const legacy = {
  pod: 'legacy',
  declares: ['startup', 'liveness'],
  startupBudgetSeconds: 40,
  restarted: false,
  ready: true,
};

describe('check kind probe', () => {
  it('passes when the kubelet restarted the container after its liveness probe failed', async () => {
    const outcome = await run('probe', heartbeat, ns('solution'));
    expect(outcome.pass, outcome.summary).toBe(true);
    expect(outcome.summary).toMatch(
      /^Pod heartbeat, container heartbeat: liveness probe declared; restarted \d+ times by its liveness probe, after running (2\d|3\d) s$/,
    );
  });

  it('passes when the Pod turned Ready only once its server answered, and when a startup probe let it start', async () => {
    const s = await run('probe', shop, ns('solution'));
    expect(s.pass, s.summary).toBe(true);
    expect(s.summary).toBe('Pod shop, container shop: readiness probe declared; Ready 23 s after it started');
    const l = await run('probe', legacy, ns('solution'));
    expect(l.pass, l.summary).toBe(true);
    expect(l.summary).toBe(
      'Pod legacy, container legacy: startup, liveness probe declared; up to 60 s to start; never restarted; Ready',
    );
  });

  it('fails a container without the probe, and one that was never restarted', async () => {
    const outcome = await run('probe', heartbeat, ns('setup'));
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe('container heartbeat of Pod heartbeat declares no liveness probe (livenessProbe)');
    expect(outcome.problems[0]).toMatchObject({ expected: 'a probe', actual: null });
    const noRestart = await run('probe', { pod: 'heartbeat', restarted: true }, ns('setup'));
    expect(noRestart.summary).toBe('container heartbeat of Pod heartbeat has not been restarted (restartCount 0)');
    const wrong2 = await run('probe', heartbeat, ns('wrong2'));
    expect(wrong2.summary).toBe('container heartbeat of Pod heartbeat declares no liveness probe (livenessProbe)');
  });

  it('fails restartPolicy Never, which stops the container and never starts it again', async () => {
    const outcome = await run('probe', heartbeat, ns('wrong'));
    expect(outcome.pass).toBe(false);
    expect(outcome.problems[0]).toMatchObject({ path: 'spec.restartPolicy', expected: 'Always', actual: 'Never' });
    expect(outcome.summary).toContain('has restartPolicy Never, so the kubelet stops container heartbeat');
  });

  it('fails a liveness restart that came while the app was still healthy', async () => {
    const outcome = await run('probe', { ...heartbeat, minRunSeconds: 120 }, ns('solution'));
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toMatch(
      /ran only \d+ s before the kubelet restarted it, but the app is healthy for its first 120 s/,
    );
  });

  it('fails a Pod that turned Ready at once, and one whose probe asks an undeclared port', async () => {
    const early = await run('probe', shop, ns('setup'));
    expect(early.summary).toBe('container shop of Pod shop declares no readiness probe (readinessProbe)');
    const noProbeEarly = await run('probe', { pod: 'shop', readyAfterSeconds: 15 }, ns('setup'));
    expect(noProbeEarly.summary).toMatch(
      /^Pod shop turned Ready [0-3] s after container shop started, before the app answers \(15 s\)/,
    );
    const port80 = await run('probe', shop, ns('wrong'));
    expect(port80.summary).toBe(
      'the readiness probe of container shop asks port 80, which the container does not declare (its ports: 8080 (http))',
    );
    const healthz = await run('probe', shop, ns('wrong2'));
    expect(healthz.summary).toBe(
      'container shop of Pod shop is not Ready; the kubelet says: Readiness probe failed: HTTP probe failed with statuscode: 404',
    );
  });

  it('fails a startup probe too short for the app, and a container its liveness probe restarted', async () => {
    const short = await run('probe', legacy, ns('wrong'));
    expect(short.summary).toBe(
      'the startup probe of container legacy gives it 15 s to start (initialDelaySeconds + periodSeconds × failureThreshold), but the task asks for at least 40 s',
    );
    expect(short.problems[0]).toMatchObject({ expected: 40, actual: 15 });
    const restarted = await run('probe', { pod: 'legacy', restarted: false }, ns('setup'));
    expect(restarted.summary).toMatch(
      /^container legacy of Pod legacy was restarted \d+ times: Container legacy failed liveness probe, will be restarted$/,
    );
    const delay = await run('probe', legacy, ns('wrong2'));
    expect(delay.summary).toBe('container legacy of Pod legacy declares no startup probe (startupProbe)');
  });

  it('says it in Korean', async () => {
    const outcome = await run('probe', heartbeat, ns('wrong'), { lang: 'ko' });
    expect(outcome.summary).toContain('restartPolicy Never 때문에');
  });
});
