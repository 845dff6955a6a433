import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { runChecks, type CheckedLab } from '../../../src/checks/engine.js';
import type { KubeClient } from '../../../src/kube/client.js';
import type { KubeObject, TypeRef } from '../../../src/kube/types.js';
import { checkOf, fixture, named } from '../check-kinds/fixtures.js';

const scratch = mkdtempSync(join(tmpdir(), 'cka-lab-engine-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The service-clusterip namespace in memory, where listing ReplicaSets fails as an API error would. */
const source = (objects: KubeObject[]) => ({
  list(ref: TypeRef): KubeObject[] {
    if (ref.kind === 'ReplicaSet') throw new Error('connection reset while listing ReplicaSets\nat stack line');
    return objects.filter((o) => o.apiVersion === ref.apiVersion && o.kind === ref.kind);
  },
});

describe('one check that throws does not crash the report', () => {
  it('reports the failing check in one sentence, and every other check as usual', async () => {
    const objects = fixture('service-clusterip');
    // A selector no API server would return: matchExpressions is not a list.
    named(objects, 'Pod', 'front-end-1').metadata!.labels = undefined;
    const broken = structuredClone(named(objects, 'Service', 'back-end'));
    broken.metadata!.name = 'broken';
    broken.spec.selector = { matchExpressions: 5 };
    objects.push(broken);
    mkdirSync(join(scratch, 'pod.yaml'));
    writeFileSync(join(scratch, 'bad.yaml'), 'kind: Pod\nmetadata: [\n');
    const svc = { apiVersion: 'v1', kind: 'Service', name: 'back-end' };
    const lab: CheckedLab = {
      id: 'isolation',
      title: 'isolation',
      tasks: [
        {
          id: 't',
          title: 't',
          points: 1,
          checks: [
            checkOf('object', { id: 'ok', target: svc, expect: { spec: { ports: [{ port: 80 }] } } }),
            checkOf('any', { id: 'api', objects: { apiVersion: 'apps/v1', kind: 'ReplicaSet' } }),
            checkOf('selector', {
              id: 'throws',
              target: { ...svc, name: 'broken' },
              within: { app: 'myapp' },
            }),
            checkOf('file', { id: 'folder', path: 'pod.yaml' }),
            checkOf('file', { id: 'yaml', path: 'bad.yaml' }),
            checkOf('endpoints', { id: 'after', service: 'back-end', min: 3 }),
          ],
        },
      ],
    };
    // No client: every kind comes from the source.
    const report = await runChecks(lab, undefined as unknown as KubeClient, 'lab-test', {
      lang: 'en',
      workDir: scratch,
      source: source(objects),
    });
    const byId = Object.fromEntries(report.tasks[0]!.checks.map((c) => [c.id, c]));
    expect(Object.keys(byId)).toEqual(['ok', 'api', 'throws', 'folder', 'yaml', 'after']);
    expect(byId.ok!.pass).toBe(true);
    expect(byId.api).toMatchObject({
      pass: false,
      summary: 'the check could not run: connection reset while listing ReplicaSets',
    });
    expect(byId.throws!.pass).toBe(false);
    expect(byId.throws!.summary).toMatch(/^the check could not run: /);
    expect(byId.throws!.summary).not.toContain('\n');
    expect(byId.folder!.summary).toBe('pod.yaml is a folder, not a file; save the manifest as a file with that name');
    expect(byId.yaml!.summary).toMatch(/^bad\.yaml is not valid YAML \(line \d+: /);
    expect(byId.after!.pass).toBe(true);
    expect(report).toMatchObject({ pass: false, passed: 2, failed: 4 });
  });
});
