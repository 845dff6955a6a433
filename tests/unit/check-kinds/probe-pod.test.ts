import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConnect } from '../../../src/checks/kinds/connect.js';
import { checkDns } from '../../../src/checks/kinds/dns.js';
import {
  ProbePodError,
  getAnswers,
  getScript,
  lookupAnswers,
  lookupScript,
  parseWget,
  probePod,
} from '../../../src/checks/probe-pod.js';
import type { HttpResult, LookupResult, Queries } from '../../../src/checks/probe-queries.js';
import type { KubeObject } from '../../../src/kube/types.js';
import { checkOf, FIXTURES, viewOf } from './fixtures.js';

/**
 * tests/fixtures/check-kinds/probe-pod-recorded.json, recorded on a real node at one moment: a namespace
 * `dnsic` with Pod `web` behind Service web (10.0.0.164, port 80) and Pods db-a, db-b (10.244.0.250,
 * .251) behind the headless Service db. `hostLookups`/`hostGets`: what node:dns and node:http answered
 * on the real node's host (hostQueries); `lookupLog`/`getLogs`: the logs of the probe Pods (busybox
 * 1.35) running lookupScript(lookups) and getScript(...gets[i]) in that namespace.
 */
const recorded = JSON.parse(readFileSync(join(FIXTURES, 'probe-pod-recorded.json'), 'utf8')) as {
  lookups: { server: string; name: string }[];
  gets: [string, number, number][];
  hostLookups: LookupResult[];
  hostGets: HttpResult[][];
  lookupLog: string;
  getLogs: string[];
};

/** DNS servers rotate the order of records: compared as sets, as the dns check does. */
const sorted = (rs: LookupResult[]): LookupResult[] => rs.map((r) => (Array.isArray(r) ? [...r].sort() : r));

const firstLine = (r: HttpResult): string | { code: string } =>
  'body' in r ? (r.body.split('\n').find((l) => l.trim() !== '') ?? '').trim() : r;

describe('the probe Pod transport', () => {
  it("reads busybox nslookup's answers as node:dns gives them on the host", () => {
    const pod = lookupAnswers(recorded.lookupLog, recorded.lookups.length);
    // A Service, a headless Service (two Pods), NXDOMAIN, a name without an A record: the same answers.
    expect(sorted(pod.slice(0, 4))).toEqual(sorted(recorded.hostLookups.slice(0, 4)));
    expect(sorted([pod[1]!])).toEqual([['10.244.0.250', '10.244.0.251']]);
    expect(pod[3]).toEqual({ code: 'ENODATA' });
    // No DNS server at 10.0.0.99: the Pod times out (this host's own resolver path answered ENOTFOUND).
    expect(pod[4]).toEqual({ code: 'ETIMEOUT' });
    // A question the log does not answer.
    expect(lookupAnswers(recorded.lookupLog, 6)[5]).toEqual({ code: 'EPROBE' });
  });

  it("reads busybox wget's pages and errors as node:http gives them on the host", () => {
    const pod = recorded.getLogs.map(getAnswers);
    // A Service's ClusterIP and a Pod IP: the same pages, one per try.
    for (const i of [0, 2]) expect(pod[i]!.map(firstLine)).toEqual(recorded.hostGets[i]!.map(firstLine));
    expect(firstLine(pod[0]![0]!)).toBe('<!DOCTYPE html>');
    // No Pod at that IP: timeouts and no route, try for try as on the host.
    expect(pod[3]).toEqual(recorded.hostGets[3]);
    // A port the Service does not have: refused, and given up after 3 of 5 tries as on the host.
    expect(pod[1]).toEqual([{ code: 'ECONNREFUSED' }, { code: 'ECONNREFUSED' }, { code: 'ECONNREFUSED' }]);
    expect(recorded.hostGets[1]).toHaveLength(3);
    // Recorded from busybox wget on a path nginx does not have.
    expect(parseWget('wget: server returned error: HTTP/1.1 404 Not Found\nrc=1')).toEqual({ code: 'HTTP 404' });
  });

  it('quotes every word of its scripts and asks names as absolute names', () => {
    const script = lookupScript([{ server: '10.0.0.10', name: "it's.$(reboot)" }]);
    expect(script).toContain(`q 0 'it'\\''s.$(reboot).' '10.0.0.10'`);
    expect(lookupScript([{ server: '10.0.0.10', name: 'web.ns.svc.cluster.local.' }])).toContain(
      "'web.ns.svc.cluster.local.' '10.0.0.10'",
    );
    const get = getScript('10.0.0.164', 80, 20);
    expect(get).toContain("wget -Y off -q -O - 'http://10.0.0.164:80/'");
    expect(get).toContain('[ $i -eq 3 ] && [ $ok -eq 0 ] && break');
  });

  it("is labelled as cka-lab's and runs as nobody", () => {
    const pod = probePod('cka-lab-probe-0123456789', 'true') as KubeObject & {
      spec: { restartPolicy: string; securityContext: { runAsNonRoot: boolean }; containers: { image: string }[] };
    };
    expect(pod.metadata?.labels?.['app.kubernetes.io/managed-by']).toBe('cka-lab');
    expect(pod.spec.restartPolicy).toBe('Never');
    expect(pod.spec.securityContext.runAsNonRoot).toBe(true);
    expect(pod.spec.containers[0]!.image).toBe('busybox:1.36');
  });

  it('says a DNS server did not answer the probe Pod, in those words', async () => {
    const objects = (JSON.parse(readFileSync(join(FIXTURES, 'coredns.json'), 'utf8')) as { items: KubeObject[] }).items;
    const timedOut = lookupAnswers(recorded.lookupLog, recorded.lookups.length)[4]!;
    const queries: Queries = {
      where: 'pod',
      lookups: (qs) => Promise.resolve(qs.map(() => timedOut)),
      gets: () => Promise.resolve([]),
    };
    const out = await checkDns(
      checkOf('dns', { name: 'web.dnst.svc.cluster.local', server: 'web', service: 'web' }),
      viewOf(objects, { namespace: 'dnst' }),
      queries,
    );
    expect(out.summary).toBe(
      'web (10.0.0.72) did not answer a lookup of web.dnst.svc.cluster.local (ETIMEOUT) asked from a probe Pod ' +
        'of the lab namespace; is its Pod running, and does no NetworkPolicy block the lookup?',
    );
  });

  it('fails the dns and connect checks with its message when it cannot run, and lets other errors through', async () => {
    const objects = (JSON.parse(readFileSync(join(FIXTURES, 'coredns.json'), 'utf8')) as { items: KubeObject[] }).items;
    const view = viewOf(objects, { namespace: 'dnst' });
    const broken = (err: Error): Queries => ({
      where: 'pod',
      lookups: () => Promise.reject(err),
      gets: () => Promise.reject(err),
    });
    const unready = new ProbePodError('The probe Pod cka-lab-probe-1 did not start within 60 s: ImagePullBackOff.');
    const dns = checkOf('dns', { name: 'web.dnst.svc.cluster.local', server: 'web', service: 'web' });
    const connect = checkOf('connect', { service: 'web', port: 80, answeredBy: { app: 'web' } });
    for (const out of [await checkDns(dns, view, broken(unready)), await checkConnect(connect, view, broken(unready))])
      expect(out).toMatchObject({ pass: false, summary: unready.message, problems: [] });
    const other = new Error('socket hang up');
    await expect(checkDns(dns, view, broken(other))).rejects.toBe(other);
    await expect(checkConnect(connect, view, broken(other))).rejects.toBe(other);
  });
});
