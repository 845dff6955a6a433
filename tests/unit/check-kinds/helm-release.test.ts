import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, run } from './fixtures.js';
import type { KubeObject } from '../../../src/kube/types.js';
import { decodeRelease, effectiveValues, rolledBackTo, unknownKeys } from '../../../src/checks/kinds/helm-release.js';

/**
 * tests/fixtures/check-kinds/helm.json: `kubectl get secrets,deploy,svc,cm -n fx-helm -o json` on the
 * local cluster (managedFields removed) after helm v4.3.1, in manifests/helm/files, ran (all with
 * -n fx-helm; "install X" = `helm install X ./web --set replicaCount=2 --set service.port=8080`,
 * "upgrade X" = `helm upgrade X ./web-0.2.0 --reuse-values --set replicaCount=3`):
 * web: install, upgrade, `helm rollback web 1`; norb: install, upgrade; upinst: install, upgrade,
 * `helm upgrade upinst ./web --set replicaCount=2 --set service.port=8080`; rb2: install, upgrade,
 * `helm rollback rb2 2`; lost: install, `helm upgrade lost ./web-0.2.0 --set replicaCount=3`;
 * wrongkey: `--set replicas=2 --set service.port=8080`; fromfile: `-f` a file with replicaCount: 2
 * and service.port: 8080; strval: `--set-string replicaCount=2 --set service.port=8080`; failing:
 * install with replicaCount=2, then `helm upgrade failing ./web --set service.type=Bogus` (refused);
 * drift: install with replicaCount=2, then `kubectl scale deploy drift --replicas=5` and
 * `kubectl delete svc drift`; kundo: install, upgrade, `kubectl rollout undo deploy kundo`.
 */
const objects = (): KubeObject[] =>
  (JSON.parse(readFileSync(join(FIXTURES, 'helm.json'), 'utf8')) as { items: KubeObject[] }).items;
const ns = { namespace: 'fx-helm' };
const secret = (name: string) => objects().find((o) => o.metadata?.name === name)!;
const given = { replicaCount: 2, service: { port: 8080 } };
const install = { chart: 'web', chartVersion: '0.1.0', values: given };
const upgrade = { chartVersion: '0.2.0', values: { replicaCount: 3, service: { port: 8080 } } };

describe('helm release Secrets', () => {
  it('decode to the release: revision, chart, values given, rollback', () => {
    const rev = decodeRelease(secret('sh.helm.release.v1.web.v3'));
    expect(rev).toMatchObject({ name: 'web', namespace: 'fx-helm', version: 3 });
    expect(rev.chart.metadata).toMatchObject({ name: 'web', version: '0.1.0' });
    expect(rev.config).toEqual(given);
    expect(rolledBackTo(rev)).toBe(1);
    expect(effectiveValues(rev)).toEqual({
      replicaCount: 2,
      image: { repository: 'nginx', tag: '' },
      service: { type: 'ClusterIP', port: 8080 },
      message: 'Hello from web',
    });
  });
  it('name the values given that the chart does not have', () => {
    expect(unknownKeys(decodeRelease(secret('sh.helm.release.v1.wrongkey.v1')))).toEqual(['replicas']);
    expect(unknownKeys(decodeRelease(secret('sh.helm.release.v1.web.v1')))).toEqual([]);
  });
});

describe('check kind helm-release', () => {
  it('passes for install, upgrade and rollback to revision 1, and for values from a file', async () => {
    const outcome = await run(
      'helm-release',
      { release: 'web', ...install, history: [install, upgrade], rollbackTo: 1 },
      objects(),
      ns,
    );
    expect(outcome.pass).toBe(true);
    expect(outcome.summary).toBe(
      'Release web is deployed at revision 3 with chart web-0.1.0 (a rollback to revision 1), ' +
        'values given {replicaCount: 2, service: {port: 8080}}',
    );
    // -f with replicaCount: 2 equals --set replicaCount=2; a chart default counts as given.
    expect((await run('helm-release', { release: 'fromfile', ...install }, objects(), ns)).pass).toBe(true);
    const defaults = { release: 'drift', values: { service: { port: 80 } }, objects: false };
    expect((await run('helm-release', defaults, objects(), ns)).pass).toBe(true);
  });
  it('fails a release that was upgraded and not rolled back, or upgraded back by hand', async () => {
    const norb = await run('helm-release', { release: 'norb', rollbackTo: 1 }, objects(), ns);
    expect(norb.summary).toBe(
      'The deployed revision 2 of release norb is not a rollback ("Upgrade complete"); run helm rollback norb 1',
    );
    expect(norb.problems[0]).toMatchObject({ expected: 'Rollback to 1', actual: 'Upgrade complete' });
    const upinst = await run('helm-release', { release: 'upinst', rollbackTo: 1 }, objects(), ns);
    expect(upinst.summary).toBe(
      "The deployed revision 3 of release upinst has revision 1's chart and values, but it was made by an " +
        'upgrade ("Upgrade complete"), not by helm rollback upinst 1',
    );
  });
  it('fails a rollback to the wrong revision, saying what each revision holds', async () => {
    const outcome = await run('helm-release', { release: 'rb2', rollbackTo: 1 }, objects(), ns);
    expect(outcome.summary).toBe(
      'The deployed revision 3 of release rb2 rolls back to revision 2 (web-0.2.0, values {replicaCount: 3, ' +
        'service: {port: 8080}}), not to revision 1 (web-0.1.0, values {replicaCount: 2, service: {port: 8080}})',
    );
    expect(outcome.problems[0]).toMatchObject({ expected: 'Rollback to 1', actual: 'Rollback to 2' });
    const noTarget = await run('helm-release', { release: 'rb2', rollbackTo: 3 }, objects(), ns);
    expect(noTarget.summary).toContain('is not a rollback to revision 3 (its revisions: 1, 2, 3)');
  });
  it('fails kubectl rollout undo: the release is not rolled back and its Deployment drifted', async () => {
    const outcome = await run('helm-release', { release: 'kundo', rollbackTo: 1 }, objects(), ns);
    expect(outcome.pass).toBe(false);
    expect(outcome.problems[1]).toMatchObject({
      message:
        'Deployment kundo differs from what revision 2 of release kundo made: spec.template.spec.containers[0].image ' +
        'expected "nginx:1.28", but found "nginx:1.27" (changed with kubectl behind Helm? helm upgrade or helm ' +
        'rollback, not kubectl, changes a release)',
      expected: 'nginx:1.28',
      actual: 'nginx:1.27',
    });
  });
  it('fails an upgrade without --reuse-values that lost a value, in the history', async () => {
    const outcome = await run('helm-release', { release: 'lost', history: [install, upgrade] }, objects(), ns);
    expect(outcome.summary).toBe(
      'No revision of release lost after revision 1 has {chartVersion: "0.2.0", values: {replicaCount: 3, ' +
        'service: {port: 8080}}}; the closest: Release lost, revision 2: values.service.port expected 8080, but found 80',
    );
    expect(outcome.problems[0]).toMatchObject({ path: 'history[1]', expected: upgrade });
  });
  it('fails a value on the wrong key or of the wrong type, naming the key the chart lacks', async () => {
    const wrongKey = await run('helm-release', { release: 'wrongkey', values: given }, objects(), ns);
    expect(wrongKey.problems[0]).toMatchObject({
      message:
        'Release wrongkey, revision 1: values.replicaCount expected 2, but found 1; the values given set ' +
        "replicas, which the chart's values.yaml does not have",
      path: 'values.replicaCount',
      expected: 2,
      actual: 1,
    });
    const stringValue = await run('helm-release', { release: 'strval', values: given }, objects(), ns);
    expect(stringValue.summary).toBe(
      'Release strval, revision 1: values.replicaCount expected 2, but found "2" (a string, but a number is expected)',
    );
  });
  it('fails a failed upgrade, an object deleted and one scaled behind Helm', async () => {
    const failing = await run('helm-release', { release: 'failing' }, objects(), ns);
    expect(failing.problems[0]).toMatchObject({ path: 'info.status', expected: 'deployed', actual: 'failed' });
    expect(failing.summary).toMatch(/^Revision 2 of release failing is failed \(Upgrade "failing" failed: .*Bogus/);
    expect(failing.summary).toContain('the last deployed revision is 1');
    const drift = await run('helm-release', { release: 'drift' }, objects(), ns);
    expect(drift.problems.map((p) => p.message)).toEqual([
      'Service drift, made by revision 1 of release drift, is missing from namespace fx-helm (deleted outside ' +
        'Helm?); helm upgrade or helm rollback makes it again',
      'Deployment drift differs from what revision 1 of release drift made: spec.replicas expected 2, but found 5 ' +
        '(changed with kubectl behind Helm? helm upgrade or helm rollback, not kubectl, changes a release)',
    ]);
  });
  it('fails a release installed under another name, and speaks Korean', async () => {
    const missing = await run('helm-release', { release: 'shop' }, objects(), ns);
    expect(missing.summary).toMatch(
      /^There is no Helm release shop in namespace fx-helm; the releases here are drift, failing, .*, web, wrongkey: was it installed under another name\?$/,
    );
    const ko = await run('helm-release', { release: 'rb2', rollbackTo: 1 }, objects(), { ...ns, lang: 'ko' });
    expect(ko.summary).toContain(
      '아니라 revision 2로 되돌렸습니다(web-0.2.0, 값 {replicaCount: 3, service: {port: 8080}})',
    );
  });
});
