import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { blockFor, forwardFor, parseCorefile } from '../../../src/checks/corefile.js';
import type { KubeObject } from '../../../src/kube/types.js';
import { FIXTURES, run } from './fixtures.js';

/**
 * tests/fixtures/check-kinds/coredns.json (see dns.test.ts): the ConfigMap coredns holds the setup's
 * Corefile with `forward corp.internal 10.0.0.233` added; corp-dns is 10.0.0.233, its Pod 10.244.0.8.
 */
const objects = (): KubeObject[] =>
  (JSON.parse(readFileSync(join(FIXTURES, 'coredns.json'), 'utf8')) as { items: KubeObject[] }).items;

const ROOT = `.:53 {
    errors
    health {
        lameduck 2s
    }
    ready
    forward . /etc/resolv.conf
    cache 5
    reload 2s
}
`;

/** The fixture with the ConfigMap coredns holding `corefile`. */
function withCorefile(corefile: string): KubeObject[] {
  const objs = objects();
  const cm = objs.find((o) => o.kind === 'ConfigMap' && o.metadata?.name === 'coredns')!;
  (cm as { data: Record<string, string> }).data.Corefile = corefile;
  return objs;
}

const check = (objs: KubeObject[], lang: 'en' | 'ko' = 'en') =>
  run('corefile', { forwards: [{ zone: 'corp.internal', to: 'corp-dns' }] }, objs, { namespace: 'dnst', lang });

describe('Corefile reading', () => {
  it('picks the server block with the longest zone, and the forward with the longest FROM', () => {
    const blocks = parseCorefile(`${ROOT}corp.internal:53 {\n  forward . 10.0.0.233\n}\n# a comment\n`);
    expect(blocks.map((b) => b.keys)).toEqual([['.:53'], ['corp.internal:53']]);
    expect(blockFor(blocks, 'db.corp.internal')?.zone).toBe('corp.internal.');
    expect(blockFor(blocks, 'web.ns.svc.cluster.local')?.zone).toBe('.');
    expect(blockFor(blocks, 'corp.internalx')?.zone).toBe('.');
    const one = parseCorefile(
      '.:53 {\n forward corp.internal 10.1.1.1\n forward . /etc/resolv.conf {\n except corp.internal\n }\n}',
    );
    expect(forwardFor(one[0]!, 'db.corp.internal')?.to).toEqual(['10.1.1.1']);
    expect(forwardFor(one[0]!, 'example.com')?.to).toEqual(['/etc/resolv.conf']);
  });

  it('refuses unbalanced braces with the line', () => {
    expect(() => parseCorefile('.:53 {\n  forward . 1.1.1.1\n')).toThrow(/not closed/);
  });
});

describe('corefile check kind', () => {
  it('passes for forward corp.internal <ClusterIP> in the root block (the fixture as recorded)', async () => {
    expect(await check(objects())).toMatchObject({
      pass: true,
      summary:
        'names under corp.internal are forwarded to 10.0.0.233, the Service corp-dns, by the server block .:53 (line 1)',
    });
  });

  it('passes for a stub domain block in any spelling: dns://, a final dot, IP:53, the Pod IP', async () => {
    for (const stub of [
      'corp.internal:53 {\n    forward . 10.0.0.233\n}\n',
      'dns://Corp.Internal.:53 {\n  forward . dns://10.0.0.233:53 {\n    policy sequential\n  }\n}\n',
      'corp.internal{\nforward . 10.244.0.8\n}\n',
    ])
      expect((await check(withCorefile(ROOT + stub))).pass, stub).toBe(true);
  });

  it('fails when the names go elsewhere: hosts entries, the cluster DNS, another port, nowhere', async () => {
    const hosts = ROOT.replace('    ready\n', '    ready\n    hosts {\n        10.20.30.40 db.corp.internal\n    }\n');
    expect(await check(withCorefile(hosts))).toMatchObject({
      pass: false,
      summary:
        'the forward on line 10 sends names under corp.internal to /etc/resolv.conf, but /etc/resolv.conf is not ' +
        'the Service corp-dns (10.0.0.233) on port 53',
    });
    expect((await check(withCorefile(`${ROOT}corp.internal:53 {\n  forward . 10.0.0.10\n}\n`))).summary).toContain(
      'but 10.0.0.10 is not the Service corp-dns',
    );
    expect((await check(withCorefile(`${ROOT}corp.internal:5353 {\n  forward . 10.0.0.233\n}\n`))).pass).toBe(false);
    expect((await check(withCorefile(`${ROOT}corp.internal:53 {\n  forward . 10.0.0.233:5353\n}\n`))).pass).toBe(false);
    expect(await check(withCorefile(`corp.internal:53 {\n  cache\n}\n`))).toMatchObject({
      pass: false,
      summary:
        'the server block corp.internal:53 (line 1) answers names under corp.internal but does not forward them ' +
        '(add a forward to the DNS server of that domain)',
    });
    const ko = await check(withCorefile('cluster.local:53 {\n}\n'), 'ko');
    expect(ko.summary).toBe(
      'Corefile에 포트 53에서 corp.internal을 맡는 server block이 없어서 CoreDNS가 그 이름들을 거절합니다',
    );
  });

  it('says where a Corefile does not parse', async () => {
    expect((await check(withCorefile(`${ROOT}corp.internal:53 {\n  forward . 10.0.0.233\n`))).summary).toBe(
      'the Corefile in ConfigMap coredns does not parse: line 11: the server block corp.internal:53 is not closed',
    );
  });
});
