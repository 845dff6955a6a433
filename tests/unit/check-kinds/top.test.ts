import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, named, run } from './fixtures.js';
import type { KubeObject } from '../../../src/kube/types.js';

/**
 * tests/fixtures/check-kinds/top-shop.json: `kubectl get pods -o json` and
 * `kubectl get --raw /apis/metrics.k8s.io/v1beta1/namespaces/NS/pods` on the local cluster after
 * applying manifests/troubleshoot-monitoring/setup/shop.yaml (usage annotations: billing-batch
 * 870m CPU, search-index 1200Mi memory, api 240m/180Mi, web 60m/48Mi, cache 35m/620Mi) and
 * `kubectl run pending-one` with a nodeSelector no node has (Pending, so no metrics). The metrics
 * list's items carry no apiVersion and kind; the fixture adds them as the client does.
 * managedFields removed.
 */
const objects = (): KubeObject[] =>
  (JSON.parse(readFileSync(join(FIXTURES, 'top-shop.json'), 'utf8')) as { items: KubeObject[] }).items;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A working folder with `busiest.txt` holding `text`. */
function answer(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'top-check-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'busiest.txt'), text);
  return dir;
}

const check = (resource: string, text: string, objs = objects(), lang: 'en' | 'ko' = 'en') =>
  run('top', { path: 'busiest.txt', resource }, objs, { workDir: answer(text), lang });

describe('top check kind', () => {
  it('passes for the Pod that uses the most CPU, and the most memory, as metrics-server reports them', async () => {
    expect(await check('cpu', 'billing-batch\n')).toMatchObject({
      pass: true,
      summary: 'busiest.txt names Pod billing-batch, which uses the most cpu (870m)',
    });
    expect(await check('memory', 'search-index')).toMatchObject({
      pass: true,
      summary: 'busiest.txt names Pod search-index, which uses the most memory (1200Mi)',
    });
    // As kubectl prints a name (-o name), and with blank lines and spaces around it.
    expect((await check('cpu', 'pod/billing-batch')).pass).toBe(true);
    expect((await check('cpu', '\n  billing-batch  \n\n')).pass).toBe(true);
  });

  it('fails for another Pod, naming its usage and how to sort', async () => {
    expect(await check('cpu', 'search-index')).toMatchObject({
      pass: false,
      summary:
        'busiest.txt names Pod search-index, which uses 409m of cpu, but another Pod uses more ' +
        '(kubectl top pods --sort-by=cpu)',
    });
    // The busiest by memory is not the busiest by CPU, nor the one with the largest request.
    expect((await check('memory', 'billing-batch')).pass).toBe(false);
    expect((await check('memory', 'cache')).pass).toBe(false);
    expect((await check('cpu', 'web')).pass).toBe(false);
  });

  it('judges the cluster as it is: another Pod becomes the answer when its usage rises', async () => {
    const objs = objects();
    const api = named(objs, 'PodMetrics', 'api') as KubeObject & { containers: { usage: { cpu: string } }[] };
    api.containers[0]!.usage.cpu = '2';
    expect((await check('cpu', 'api', objs)).pass).toBe(true);
    expect((await check('cpu', 'billing-batch', objs)).pass).toBe(false);
    // Within 5m of the top, two Pods share it (CPU is a rate over the scrape window).
    api.containers[0]!.usage.cpu = '867m';
    expect((await check('cpu', 'api', objs)).pass).toBe(true);
    expect((await check('cpu', 'billing-batch', objs)).pass).toBe(true);
  });

  it('says what is wrong with the answer file', async () => {
    expect((await check('cpu', 'billing-batch   870m   96Mi')).summary).toBe(
      'busiest.txt should hold just the name of one Pod, not "billing-batch   870m   96Mi"',
    );
    expect((await check('cpu', '\n \n')).summary).toBe('busiest.txt is empty');
    expect((await check('cpu', 'billing')).summary).toBe(
      'busiest.txt names Pod billing, but namespace lab-test has no Pod of that name with metrics (kubectl top pods)',
    );
    const empty = mkdtempSync(join(tmpdir(), 'top-check-'));
    dirs.push(empty);
    const none = await run('top', { path: 'busiest.txt', resource: 'cpu' }, objects(), { workDir: empty });
    expect(none.summary).toMatch(/^the file busiest.txt does not exist in /);
  });

  it('fails while a running Pod has no metrics yet (a Pending Pod needs none)', async () => {
    const objs = objects().filter((o) => !(o.kind === 'PodMetrics' && o.metadata?.name === 'api'));
    expect((await check('cpu', 'billing-batch', objs)).summary).toBe(
      'metrics-server has no figures yet for the Pods of namespace lab-test (waiting for: api); ' +
        'wait a minute until kubectl top pods -n lab-test lists them all, then check again',
    );
    const noMetrics = objects().filter((o) => o.kind !== 'PodMetrics');
    expect((await check('cpu', 'billing-batch', noMetrics)).pass).toBe(false);
  });

  it('speaks Korean', async () => {
    expect((await check('cpu', 'billing-batch', objects(), 'ko')).summary).toBe(
      'busiest.txt에 적힌 Pod billing-batch가 cpu를 가장 많이 씁니다 (870m)',
    );
  });
});
