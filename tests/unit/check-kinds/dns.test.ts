import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDns, type LookupA } from '../../../src/checks/kinds/dns.js';
import type { KubeObject } from '../../../src/kube/types.js';
import { checkOf, FIXTURES, viewOf } from './fixtures.js';

/**
 * tests/fixtures/check-kinds/coredns.json: `kubectl get pods,services,configmaps,endpointslices -o json`
 * of a namespace `dnst` on a real node after applying manifests/coredns/setup, `kubectl create service
 * clusterip db --clusterip=None` and a Corefile with `forward corp.internal <corp-dns>` (managedFields
 * removed). coredns-lookups.json: the Service kube-system/kube-dns of that cluster, and the answers
 * node:dns got from the cluster DNS (10.0.0.10), the lab's coredns (10.0.0.253) and corp-dns
 * (10.0.0.233) for the names below, recorded from the real node's host at the same moment.
 */
const objects = (): KubeObject[] =>
  (JSON.parse(readFileSync(join(FIXTURES, 'coredns.json'), 'utf8')) as { items: KubeObject[] }).items;
const recorded = JSON.parse(readFileSync(join(FIXTURES, 'coredns-lookups.json'), 'utf8')) as {
  clusterDnsService: KubeObject;
  lookups: Record<string, Record<string, string[] | { code: string }>>;
};

/** Answers as recorded; a server or name not recorded times out, as an unreachable server does. */
const lookup: LookupA = (server, name) => {
  const byName = recorded.lookups[server];
  if (!byName) return Promise.resolve({ code: 'ETIMEOUT' });
  const key = Object.keys(byName).find((n) => n === name.toLowerCase().replace(/\.$/, ''));
  return Promise.resolve(key ? byName[key]! : { code: 'ENOTFOUND' });
};

const dns = (fields: Record<string, unknown>, opts: { workDir?: string; lang?: 'en' | 'ko' } = {}) =>
  checkDns(checkOf('dns', fields), viewOf(objects(), { namespace: 'dnst', ...opts }), lookup, () =>
    Promise.resolve(recorded.clusterDnsService),
  );

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function folderWith(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dns-check-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'web-fqdn.txt'), text);
  return dir;
}

describe('dns check kind', () => {
  it("passes when a StatefulSet Pod's name resolves at the cluster DNS to that Pod's IP", async () => {
    expect(await dns({ name: 'db-0.db.{namespace}.svc.cluster.local', pod: 'db-0' })).toMatchObject({
      pass: true,
      summary:
        'db-0.db.dnst.svc.cluster.local resolves at the cluster DNS (10.0.0.10) to 10.244.0.5, the address of Pod db-0',
    });
    // A headless Service's name: every Pod, in any order.
    expect((await dns({ name: 'db.{namespace}.svc.cluster.local', pods: ['db-0', 'db-1'] })).pass).toBe(true);
  });

  it("fails when the answer is not the Pod's IP, naming both", async () => {
    const out = await dns({ name: 'db-1.db.{namespace}.svc.cluster.local', pod: 'db-0' });
    expect(out).toMatchObject({
      pass: false,
      summary:
        'db-1.db.dnst.svc.cluster.local resolves at the cluster DNS (10.0.0.10) to 10.244.0.9, not to 10.244.0.5 (Pod db-0)',
    });
    expect(out.problems[0]).toMatchObject({ expected: '10.244.0.5', actual: '10.244.0.9' });
    // One Pod of two is not the headless Service's whole answer.
    expect((await dns({ name: 'db.{namespace}.svc.cluster.local', pods: ['db-0'] })).pass).toBe(false);
  });

  it('fails for a name that does not resolve, with the resolver code', async () => {
    expect(await dns({ name: 'web.default.svc.cluster.local', service: 'web' })).toMatchObject({
      pass: false,
      summary:
        'web.default.svc.cluster.local does not resolve at the cluster DNS (10.0.0.10) (ENOTFOUND); after a fix, ' +
        'a name that did not resolve may stay cached for up to 30 s',
    });
    expect((await dns({ name: 'web.default.svc.cluster.local', resolves: false })).pass).toBe(true);
  });

  it('reads the name from the answer file: fully qualified, any case, a final dot', async () => {
    const right = await dns(
      { nameFromFile: 'web-fqdn.txt', service: 'web' },
      { workDir: folderWith('WEB.dnst.svc.cluster.local.\n') },
    );
    expect(right).toMatchObject({ pass: true });
    expect(right.summary).toContain('10.0.0.72, the address of Service web');
    expect(
      await dns({ nameFromFile: 'web-fqdn.txt', service: 'web' }, { workDir: folderWith('web.dnst\n') }),
    ).toMatchObject({
      pass: false,
      summary:
        'web-fqdn.txt holds web.dnst, which is not fully qualified: write the whole name, ending in .cluster.local ' +
        '(a short name resolves only through the search list of a Pod)',
    });
    const ko = await dns(
      { nameFromFile: 'web-fqdn.txt', service: 'web' },
      { workDir: folderWith('web.dnst.cluster.local'), lang: 'ko' },
    );
    expect(ko.summary).toBe(
      'web.dnst.cluster.local이 클러스터 DNS(10.0.0.10)에서 풀리지 않습니다(ENOTFOUND). ' +
        '고친 뒤에도 풀리지 않았던 이름은 최대 30초 동안 캐시에 남을 수 있습니다',
    );
  });

  it("compares with another DNS server's answer, asked at the lab's CoreDNS", async () => {
    expect(await dns({ name: 'db.corp.internal', server: 'coredns', sameAs: 'corp-dns' })).toMatchObject({
      pass: true,
      summary: 'db.corp.internal resolves at coredns (10.0.0.253) to 10.20.30.40, the address of corp-dns',
    });
    // The cluster DNS knows nothing of corp.internal.
    expect((await dns({ name: 'db.corp.internal', sameAs: 'corp-dns' })).summary).toBe(
      'db.corp.internal does not resolve at the cluster DNS (10.0.0.10) (ESERVFAIL); after a fix, a name that ' +
        'did not resolve may stay cached for up to 30 s',
    );
  });

  it('says when the server cannot be reached from this machine, and when it does not exist', async () => {
    const objs = objects();
    const svc = objs.find((o) => o.kind === 'Service' && o.metadata?.name === 'web')!;
    (svc.spec as { clusterIP: string }).clusterIP = '10.0.0.99';
    const out = await checkDns(
      checkOf('dns', { name: 'web.dnst.svc.cluster.local', server: 'web', service: 'web' }),
      viewOf(objs, { namespace: 'dnst' }),
      lookup,
    );
    expect(out.summary).toContain('web (10.0.0.99) did not answer a lookup of web.dnst.svc.cluster.local (ETIMEOUT)');
    // The server to compare with does not answer either: said as such, not as a missing answer.
    expect((await dns({ name: 'db.corp.internal', sameAs: 'web' })).summary).toContain(
      'web (10.0.0.72) did not answer a lookup of db.corp.internal (ETIMEOUT)',
    );
    expect((await dns({ name: 'x.corp.internal', server: 'nope', resolves: false })).summary).toBe(
      'Service nope, the DNS server to ask, does not exist in namespace dnst or has no ClusterIP',
    );
  });
});
