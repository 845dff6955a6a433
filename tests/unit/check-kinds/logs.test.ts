import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, checkOf } from './fixtures.js';
import { logsKind } from '../../../src/checks/kinds/logs.js';
import { NamespaceView, type ObjectSource } from '../../../src/checks/view.js';
import type { KubeObject, TypeRef } from '../../../src/kube/types.js';

/**
 * tests/fixtures/check-kinds/logs-shop.json: `kubectl get pods -o json` (managedFields removed) and
 * `kubectl logs POD -c CONTAINER` of every container, on the local cluster after applying
 * manifests/troubleshoot-monitoring/setup/shop.yaml (logs from cluster/logs/shop-logs.yaml and the nginx
 * and redis templates): Pod api's container api logs four ERROR lines among INFO and WARN ones, the first
 * more than 10 lines from the end; its first container, log-shipper, logs none; billing-batch logs
 * `provider_errors=0` lines (lower case), the others no error at all.
 */
const FIXTURE = JSON.parse(readFileSync(join(FIXTURES, 'logs-shop.json'), 'utf8')) as {
  items: KubeObject[];
  logs: Record<string, string>;
};

/** The fixture namespace: its Pods, and each container's log by `pod/container`. */
class Namespace implements ObjectSource {
  constructor(
    private readonly pods: KubeObject[],
    private readonly logs: Record<string, string>,
  ) {}
  list(ref: TypeRef): KubeObject[] {
    return this.pods.filter((o) => o.apiVersion === ref.apiVersion && o.kind === ref.kind);
  }
  log(pod: string, container: string): string | undefined {
    return this.logs[`${pod}/${container}`];
  }
}

const ERRORS = FIXTURE.logs['api/api']!.split('\n').filter((l) => l.includes('ERROR'));

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** Runs a `logs` check on an answer file holding `text`. */
function check(
  text: string,
  fields: Record<string, unknown> = {},
  logs = FIXTURE.logs,
  pods = structuredClone(FIXTURE.items),
  lang: 'en' | 'ko' = 'en',
) {
  const dir = mkdtempSync(join(tmpdir(), 'logs-check-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'answer.txt'), text);
  const view = new NamespaceView(undefined, 'lab-test', dir, new Namespace(pods, logs), lang);
  return logsKind.run(checkOf('logs', { path: 'answer.txt', match: 'ERROR', ...fields }) as never, view);
}

describe('logs check kind', () => {
  it('the fixture: api/api logs four ERROR lines, no other container any', () => {
    expect(ERRORS).toHaveLength(4);
    expect(ERRORS[0]).toBe('2026-01-01 09:00:00,538 ERROR [db] connection refused to db:5432; retrying in 2 s');
    const others = Object.entries(FIXTURE.logs).filter(([k, v]) => k !== 'api/api' && v.includes('ERROR'));
    expect(others).toEqual([]);
  });

  it('passes for the error lines as kubectl logs | grep writes them, in any order and spacing', async () => {
    expect(await check(ERRORS.join('\n') + '\n')).toMatchObject({
      pass: true,
      summary: 'answer.txt holds the 4 lines matching ERROR that container api of Pod api logs',
    });
    expect((await check(ERRORS.join('\n'))).pass).toBe(true); // no trailing newline
    expect((await check([...ERRORS].reverse().join('\n\n') + '\n\n')).pass).toBe(true);
    expect((await check(ERRORS.map((l) => `  ${l.replace(' ERROR ', '   ERROR  ')}\r`).join('\n'))).pass).toBe(true);
    // The same lines found with another pattern the task allows.
    expect((await check(ERRORS.join('\n'), { match: 'connection refused' })).pass).toBe(true);
  });

  it('fails for a part of the lines, other lines, decorated lines or lines no container logs', async () => {
    expect(await check(ERRORS[2]! + '\n')).toMatchObject({
      pass: false,
      summary: 'answer.txt holds 1 of the 4 lines matching ERROR that the container logs: write all of them',
    });
    // The whole log of api's container api (kubectl logs api -c api > answer.txt).
    expect((await check(FIXTURE.logs['api/api']!)).summary).toBe(
      'answer.txt holds a line that does not match ERROR: ' +
        '"2026-01-01 09:00:00,402 INFO [main] shop-api 3.4.0 starting (python 3.12.7, 4 workers)"; ' +
        'write only the lines that do',
    );
    // The default container's log (kubectl logs api without -c).
    expect((await check(FIXTURE.logs['api/log-shipper']!)).summary).toBe(
      'answer.txt holds a line that does not match ERROR: "log-shipper: watching /var/log/shop-api/*.log"; ' +
        'write only the lines that do',
    );
    // grep -i error over every Pod: billing-batch's provider_errors=0 lines come along.
    const billing = FIXTURE.logs['billing-batch/billing']!.split('\n').filter((l) => /error/i.test(l));
    expect(billing).toHaveLength(2);
    expect((await check([...ERRORS, ...billing].join('\n'))).summary).toMatch(
      /^answer.txt holds a line that does not match ERROR: ".*provider_errors=0"/,
    );
    // kubectl logs --timestamps, and --prefix.
    expect((await check(`2026-01-01T09:00:00.538000000Z ${ERRORS[0]!}\n`)).summary).toBe(
      `answer.txt holds "2026-01-01T09:00:00.538000000Z ${ERRORS[0]!}", with what kubectl adds before a line ` +
        '(--timestamps or --prefix): write the lines as the container logs them',
    );
    expect((await check(ERRORS.map((l) => `[pod/api/api] ${l}`).join('\n'))).pass).toBe(false);
    expect((await check('ERROR payment failed\n')).summary).toBe(
      'answer.txt holds a line that no container of namespace lab-test logs: "ERROR payment failed"',
    );
    expect((await check('\n  \n')).summary).toBe('answer.txt is empty');
    // kubectl logs -l shows only the last 10 lines of each container unless --tail says otherwise.
    const tail10 = FIXTURE.logs['api/api']!.trimEnd().split('\n').slice(-10);
    expect((await check(tail10.filter((l) => l.includes('ERROR')).join('\n'))).summary).toBe(
      'answer.txt holds 3 of the 4 lines matching ERROR that the container logs: write all of them',
    );
  });

  it('takes its truth from the logs when it runs: lines of two containers are mixed', async () => {
    const logs = {
      ...FIXTURE.logs,
      'search-index/indexer': FIXTURE.logs['search-index/indexer'] + 'ERROR session store down\n',
    };
    expect((await check(ERRORS.join('\n'), {}, logs)).pass).toBe(true);
    expect((await check('ERROR session store down', {}, logs)).pass).toBe(true);
    expect((await check([...ERRORS, 'ERROR session store down'].join('\n'), {}, logs)).summary).toBe(
      'answer.txt holds lines matching ERROR of more than one container: ' +
        'write those of one container (kubectl logs POD -c CONTAINER)',
    );
  });

  it('answer: pod names the Pod whose container logs the lines', async () => {
    expect(await check('api\n', { answer: 'pod' })).toMatchObject({
      pass: true,
      summary: 'answer.txt names Pod api, whose container api logs 4 lines matching ERROR',
    });
    expect((await check('pod/api', { answer: 'pod' })).pass).toBe(true);
    expect((await check('billing-batch\n', { answer: 'pod' })).summary).toBe(
      'answer.txt names Pod billing-batch, whose containers log no line matching ERROR ' +
        '(kubectl logs billing-batch --all-containers)',
    );
    expect((await check('app\n', { answer: 'pod' })).summary).toBe(
      'answer.txt names Pod app, but namespace lab-test has no running Pod of that name (kubectl get pods)',
    );
    expect((await check(ERRORS[0]!, { answer: 'pod' })).summary).toMatch(
      /^answer.txt should hold just the name of one Pod, not "2026-01-01/,
    );
  });

  it('reads only started containers, and says when none logs a matching line', async () => {
    const pods = structuredClone(FIXTURE.items);
    const api = pods.find((p) => p.metadata?.name === 'api')!;
    for (const s of api.status.containerStatuses as { state: unknown }[])
      s.state = { waiting: { reason: 'ContainerCreating' } };
    expect((await check(ERRORS.join('\n'), {}, FIXTURE.logs, pods)).summary).toBe(
      'no container of the Pods in namespace lab-test logs a line matching ERROR ' +
        '(kubectl logs POD -c CONTAINER | grep -E "ERROR"); are the Pods running? On a local cluster made ' +
        "before the lab's logs were added, run lab cluster reset",
    );
  });

  it('speaks Korean', async () => {
    expect((await check(ERRORS[0]!, {}, FIXTURE.logs, structuredClone(FIXTURE.items), 'ko')).summary).toBe(
      'answer.txt에는 그 컨테이너가 남긴 ERROR에 맞는 줄 4개 중 1개만 있습니다. 모두 적으세요',
    );
    expect((await check('api', { answer: 'pod' }, FIXTURE.logs, structuredClone(FIXTURE.items), 'ko')).summary).toBe(
      'answer.txt에 적힌 Pod api의 컨테이너 api가 ERROR에 맞는 줄을 4개 남깁니다',
    );
  });

  it('refuses a match that is no regular expression when the lab is loaded', () => {
    expect(logsKind.problem(checkOf('logs', { path: 'a.txt', match: 'ERROR(' }) as never)).toMatchObject({
      path: ['match'],
    });
  });
});
