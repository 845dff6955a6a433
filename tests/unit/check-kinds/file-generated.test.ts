import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, run } from './fixtures.js';

/**
 * files/: what kubectl 1.35 printed for `kubectl create deployment nginx --image=nginx --replicas=4`
 * with --dry-run=client -o yaml, with --dry-run=server -o yaml (uid, creationTimestamp, generation, no
 * resourceVersion), and `kubectl get deployment nginx -o yaml` of the stored one; the same for
 * `kubectl run memcached --image=memcached` (a dry-run=server Pod has status phase Pending, qosClass).
 */
const files = join(FIXTURES, 'files');
const deployment = { kind: 'Deployment', metadata: { name: 'nginx' }, spec: { replicas: 4 } };

describe('check kind file: generated, not read back', () => {
  it('passes for --dry-run=client and --dry-run=server output', async () => {
    for (const path of ['deploy-dry-run-client.yaml', 'deploy-dry-run-server.yaml']) {
      const outcome = await run('file', { path, expect: deployment, generated: true }, [], { workDir: files });
      expect(outcome.pass, `${path}: ${outcome.summary}`).toBe(true);
    }
    const pod = await run('file', { path: 'pod-dry-run-server.yaml', expect: { kind: 'Pod' }, generated: true }, [], {
      workDir: files,
    });
    expect(pod.pass, pod.summary).toBe(true);
  });

  it('fails for a Deployment read back from the cluster, naming resourceVersion and the status', async () => {
    const outcome = await run('file', { path: 'deploy-read-back.yaml', expect: deployment, generated: true }, [], {
      workDir: files,
    });
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe('deploy-read-back.yaml: 2 fields do not match');
    expect(outcome.problems.map((p) => p.path)).toEqual(['metadata.resourceVersion', 'status']);
    expect(outcome.problems[1]!.message).toBe(
      'deploy-read-back.yaml status: has availableReplicas, conditions, observedGeneration, readyReplicas, replicas, terminatingReplicas, updatedReplicas, written by a controller into a stored object, so this was read back (kubectl get -o yaml); generate the file with --dry-run=client -o yaml instead',
    );
  });

  it('fails for a Pod read back, even with resourceVersion deleted by hand', async () => {
    const outcome = await run('file', { path: 'pod-read-back.yaml', expect: { kind: 'Pod' }, generated: true }, [], {
      workDir: files,
    });
    expect(outcome.pass).toBe(false);
    expect(outcome.problems.map((p) => p.path)).toEqual(['metadata.resourceVersion', 'status']);
    const scratch = mkdtempSync(join(tmpdir(), 'cka-lab-generated-'));
    try {
      const text = readFileSync(join(files, 'pod-read-back.yaml'), 'utf8').replace(/^\s+resourceVersion: .*\n/m, '');
      writeFileSync(join(scratch, 'pod.yaml'), text);
      const stripped = await run('file', { path: 'pod.yaml', expect: { kind: 'Pod' }, generated: true }, [], {
        workDir: scratch,
      });
      expect(stripped.problems.map((p) => p.path)).toEqual(['status']);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
