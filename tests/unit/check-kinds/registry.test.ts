import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  CHECK_KINDS,
  CHECK_TYPES,
  checkProblem,
  kindsRead,
  readsFiles,
  runCheck,
} from '../../../src/checks/kinds/index.js';
import { kindsUsed } from '../../../src/checks/watch.js';
import { loadLab } from '../../../src/labs/loader.js';
import { contentRoot } from '../../../src/util/paths.js';
import { checkOf, fixture, viewOf } from './fixtures.js';

describe('the check-kind registry', () => {
  it('lists each kind once, by its type, and each kind has its tests here', () => {
    expect(CHECK_TYPES).toEqual(CHECK_KINDS.map((k) => k.type));
    expect(new Set(CHECK_TYPES).size).toBe(CHECK_TYPES.length);
    for (const type of CHECK_TYPES)
      expect(existsSync(join(import.meta.dirname, `${type}.test.ts`)), `tests/unit/check-kinds/${type}.test.ts`).toBe(
        true,
      );
  });

  it('runs a check with the kind of its type', async () => {
    const view = viewOf(fixture('replicaset'));
    expect((await runCheck(checkOf('absent', { objects: { names: ['x'] } }), view)).summary).toBe(
      'no Pods x exist, as it should be',
    );
    expect((await runCheck(checkOf('pods-ready', { selector: { app: 'myapp' }, count: 6 }), view)).pass).toBe(true);
  });

  it('gives the API kinds each check reads, as its kind declares them', () => {
    expect(
      kindsRead(checkOf('object', { target: { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'x' } })),
    ).toMatchObject([{ apiVersion: 'apps/v1', kind: 'ReplicaSet' }]);
    expect(
      kindsRead(
        checkOf('absent', { objects: { controlledBy: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' } } }),
      ),
    ).toEqual([
      { apiVersion: 'v1', kind: 'Pod' },
      { apiVersion: 'apps/v1', kind: 'Deployment' },
    ]);
    expect(kindsRead(checkOf('file', { path: 'a.yaml' }))).toEqual([]);
    expect(readsFiles(checkOf('file', { path: 'a.yaml' }))).toBe(true);
    expect(readsFiles(checkOf('rollout', { deployment: 'web' }))).toBe(false);
  });

  it('watches the kinds a lab reads, plus the workload kinds', async () => {
    const lab = await loadLab('service-clusterip', contentRoot());
    const kinds = kindsUsed(lab).map((k) => `${k.apiVersion}/${k.kind}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'v1/Service',
        'discovery.k8s.io/v1/EndpointSlice',
        'v1/Pod',
        'apps/v1/ReplicaSet',
        'apps/v1/Deployment',
      ]),
    );
    expect(new Set(kinds).size).toBe(kinds.length);
  });

  it("finds what a kind checks beyond its schema: pods-ready's selector or names", () => {
    expect(checkProblem(checkOf('pods-ready', { count: 1 }))).toEqual({
      path: ['selector'],
      problem: 'give either selector or names',
    });
    expect(checkProblem(checkOf('pods-ready', { count: 1, names: ['a'] }))).toBeUndefined();
    expect(checkProblem(checkOf('object', { target: { apiVersion: 'v1', kind: 'Pod', name: 'a' } }))).toBeUndefined();
  });
});
