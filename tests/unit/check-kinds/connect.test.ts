import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkConnect, type HttpGet } from '../../../src/checks/kinds/connect.js';
import type { KubeObject } from '../../../src/kube/types.js';
import { checkOf, FIXTURES, viewOf } from './fixtures.js';

/**
 * tests/fixtures/check-kinds/connectivity.json: `kubectl get pods,services -o json` of a namespace `dnst`
 * on a real node after applying manifests/connectivity/setup and the solutions of the tasks clusterip
 * (Service shop, 10.0.0.19:80 -> 8080) and nodeport (Service admin, NodePort 31295); the Pods' hostIP is
 * the real node's 10.244.0.1 (managedFields removed). connectivity-lookups.json: what 20 real GETs from
 * the node's host got at 10.0.0.19:80 and at 10.244.0.1:31295, and 2 at 10.0.0.19:8080 (no such
 * Service port: this host routes it out to a proxy that answers with an empty page).
 */
const objects = (): KubeObject[] =>
  (JSON.parse(readFileSync(join(FIXTURES, 'connectivity.json'), 'utf8')) as { items: KubeObject[] }).items;
const recorded = JSON.parse(readFileSync(join(FIXTURES, 'connectivity-lookups.json'), 'utf8')) as Record<
  string,
  ({ body: string } | { code: string })[]
>;

/** Replays the recorded answers of each address in turn; an address not recorded refuses, as a Pod port does. */
function replay(overrides: Record<string, ({ body: string } | { code: string })[]> = {}): HttpGet {
  const next = new Map<string, number>();
  return (host, port) => {
    const key = `${host}:${port}`;
    const answers = overrides[key] ?? recorded[key];
    if (!answers) return Promise.resolve({ code: 'ECONNREFUSED' });
    const i = next.get(key) ?? 0;
    next.set(key, i + 1);
    return Promise.resolve(answers[i % answers.length]!);
  };
}

const connect = (
  fields: Record<string, unknown>,
  get = replay(),
  objs = objects(),
  lang: 'en' | 'ko' = 'en',
  workDir?: string,
) => checkConnect(checkOf('connect', fields), viewOf(objs, { namespace: 'dnst', lang, workDir }), get);

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A working folder whose admin-url.txt holds `text`. */
function folderWith(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'connect-check-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'admin-url.txt'), text);
  return dir;
}

describe('connect check kind', () => {
  it('passes when every Pod of the set answers at the ClusterIP and at the nodePort, and no other', async () => {
    expect(await connect({ service: 'shop', port: 80, answeredBy: { app: 'shop' } })).toMatchObject({
      pass: true,
      summary:
        '10.0.0.19:80 (Service shop) was answered by shop-544b87894d-6ktf6, shop-544b87894d-wbfmv in 20 ' +
        'connections: every Pod labelled app=shop, and no other',
    });
    const admin = await connect({ service: 'admin', port: 80, via: 'nodePort', answeredBy: { app: 'admin' } });
    expect(admin).toMatchObject({ pass: true });
    expect(admin.summary).toContain('10.244.0.1:31295 (Service admin)');
  });

  it('fails when another Pod answers too, naming it', async () => {
    const out = await connect(
      { service: 'shop', port: 80, answeredBy: { app: 'shop' } },
      replay({
        '10.0.0.19:80': [
          { body: 'shop-544b87894d-6ktf6\n' },
          { body: 'admin-67974c457c-c9bvf\n' },
          { body: 'shop-544b87894d-wbfmv\n' },
        ],
      }),
    );
    expect(out).toMatchObject({
      pass: false,
      summary:
        '10.0.0.19:80 (Service shop) was answered by admin-67974c457c-c9bvf, which is not a Pod labelled app=shop',
    });
  });

  it('fails when a Pod of the set never answers, or the connections fail', async () => {
    const one = await connect(
      { service: 'shop', port: 80, answeredBy: { app: 'shop' } },
      replay({ '10.0.0.19:80': [{ body: 'shop-544b87894d-6ktf6\n' }] }),
    );
    expect(one.summary).toBe(
      'the Pods shop-544b87894d-wbfmv (app=shop) never answered at 10.0.0.19:80 in 20 connections',
    );
    const refused = await connect(
      { service: 'shop', port: 80, answeredBy: { app: 'shop' } },
      replay({ '10.0.0.19:80': [{ code: 'ECONNREFUSED' }] }),
    );
    expect(refused.summary).toMatch(/^cannot connect to 10\.0\.0\.19:80 \(Service shop\): ECONNREFUSED; /);
    // The empty page of a port the Service does not have is no Pod's answer.
    const objs = objects();
    const svc = objs.find((o) => o.kind === 'Service' && o.metadata?.name === 'shop')!;
    (svc.spec as { ports: { port: number }[] }).ports[0]!.port = 8080;
    expect(
      (await connect({ service: 'shop', port: 8080, answeredBy: { app: 'shop' } }, replay(), objs)).summary,
    ).toMatch(/^cannot connect to 10\.0\.0\.19:8080 \(Service shop\): EMPTY/);
  });

  it("fails for a missing port or nodePort, in the learner's language", async () => {
    expect((await connect({ service: 'shop', port: 8080, answeredBy: { app: 'shop' } })).summary).toBe(
      'Service shop has no port 8080 (its ports: 80)',
    );
    expect((await connect({ service: 'shop', port: 80, via: 'nodePort', answeredBy: { app: 'shop' } })).summary).toBe(
      'Service shop is of type ClusterIP: its port 80 has no nodePort to reach from outside',
    );
    const ko = await connect(
      { service: 'shop', port: 80, via: 'nodePort', answeredBy: { app: 'shop' } },
      replay(),
      objects(),
      'ko',
    );
    expect(ko.summary).toBe('Service shop의 type(ClusterIP)에는 포트 80에 밖에서 닿을 nodePort가 없습니다');
  });

  it('connects Pod to Pod at the Pod IP and port written in a file, which must be a Pod IP', async () => {
    // The admin Pod's server answers on 8080 with its name, as in the recorded answers of the Services.
    const adminPod = objects().find((o) => o.kind === 'Pod' && o.metadata?.labels?.app === 'admin')!;
    const ip = (adminPod.status as { podIP: string }).podIP;
    const name = adminPod.metadata!.name!;
    const get = replay({ [`${ip}:8080`]: [{ body: `${name}\n` }] });
    const url = (text: string, lang: 'en' | 'ko' = 'en') =>
      connect(
        { urlFromFile: 'admin-url.txt', answeredBy: { app: 'admin' }, tries: 3 },
        get,
        objects(),
        lang,
        folderWith(text),
      );
    for (const text of [`http://${ip}:8080/`, `${ip}:8080`, `\n HTTP://${ip}:8080/index.html \n`])
      expect((await url(text)).pass, text).toBe(true);
    expect((await url(`http://${ip}:8080/`)).summary).toBe(
      `${ip}:8080 (Pod ${name}) was answered by ${name} in 3 connections: every Pod labelled app=admin, and no other`,
    );
    // The Service's ClusterIP answers too, but it is not the Pod.
    expect((await url('http://10.0.0.19:80/')).summary).toBe(
      'admin-url.txt names 10.0.0.19, which is not the IP of a Pod of namespace dnst: connect to the Pod itself ' +
        '(kubectl get pods -o wide), not to a Service or a node',
    );
    expect((await url(`http://${ip}/`)).summary).toMatch(new RegExp(`^cannot connect to ${ip}:80 \\(Pod ${name}\\)`));
    expect((await url('admin')).summary).toBe(
      'admin-url.txt should hold one address like http://10.244.0.7:8080/, not "admin"',
    );
    expect((await url(`${ip}`, 'ko')).summary).toBe(
      `admin-url.txt에는 http://10.244.0.7:8080/ 같은 주소 하나만 있어야 하는데 "${ip}"입니다`,
    );
  });
});
