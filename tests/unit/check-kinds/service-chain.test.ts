import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serviceChainName } from '../../../src/checks/kinds/service-chain.js';
import type { KubeObject } from '../../../src/kube/types.js';
import { FIXTURES, run } from './fixtures.js';

/** tests/fixtures/check-kinds/connectivity.json: see connect.test.ts (namespace dnst, Services shop and admin). */
const objects = (): KubeObject[] =>
  (JSON.parse(readFileSync(join(FIXTURES, 'connectivity.json'), 'utf8')) as { items: KubeObject[] }).items;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function folderWith(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'chain-check-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'shop-chain.txt'), text);
  return dir;
}

const check = (text: string, objs = objects()) =>
  run('service-chain', { path: 'shop-chain.txt', service: 'shop', port: 80 }, objs, {
    namespace: 'dnst',
    workDir: folderWith(text),
  });

describe('service-chain check kind', () => {
  it('computes the chain names kube-proxy wrote on the real node (iptables-save -t nat)', () => {
    // Read from iptables-save on the real node: "dnst/shop cluster IP" -j KUBE-SVC-PRQUSUVKGW36QLJX, and
    // "scratch/shop" (another namespace) KUBE-SVC-446FK7MWNWR7BFLJ.
    expect(serviceChainName('dnst/shop', 'TCP')).toBe('KUBE-SVC-PRQUSUVKGW36QLJX');
    expect(serviceChainName('scratch/shop', 'TCP')).toBe('KUBE-SVC-446FK7MWNWR7BFLJ');
  });

  it('passes for the chain of Service shop port 80, with blank lines and spaces around it', async () => {
    expect(await check('\n  KUBE-SVC-PRQUSUVKGW36QLJX  \n')).toMatchObject({
      pass: true,
      summary: 'shop-chain.txt names KUBE-SVC-PRQUSUVKGW36QLJX, the chain of Service shop port 80',
    });
  });

  it('fails for an endpoint chain, the entry chain, or another Service port', async () => {
    expect((await check('KUBE-SEP-Z5H5SIY6UQYN5VIE')).summary).toContain('which is not a KUBE-SVC-... chain');
    expect((await check('-A KUBE-SERVICES -d 10.0.0.19/32 -j KUBE-SVC-PRQUSUVKGW36QLJX')).pass).toBe(false);
    expect((await check(serviceChainName('dnst/admin', 'TCP'))).summary).toMatch(
      /which is not the chain of Service shop port 80; look for the rule commented/,
    );
    // A named port is part of the hashed name: dnst/shop:web is another chain.
    const objs = objects();
    const svc = objs.find((o) => o.kind === 'Service' && o.metadata?.name === 'shop')!;
    (svc.spec as { ports: { name?: string }[] }).ports[0]!.name = 'web';
    expect((await check('KUBE-SVC-PRQUSUVKGW36QLJX', objs)).pass).toBe(false);
    expect((await check(serviceChainName('dnst/shop:web', 'TCP'), objs)).pass).toBe(true);
  });
});
