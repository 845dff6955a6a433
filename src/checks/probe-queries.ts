import { Resolver } from 'node:dns/promises';
import { request } from 'node:http';

/**
 * The answer of one A lookup: the addresses, or the error code in c-ares' words (ENOTFOUND for
 * NXDOMAIN, ENODATA for no A record, ETIMEOUT, ECONNREFUSED...), whichever transport asked.
 */
export type LookupResult = string[] | { code: string };

/** The answer of one HTTP GET: the body, or the error code in Node's words (ECONNREFUSED, ETIMEDOUT...). */
export type HttpResult = { body: string } | { code: string };

/** A lookup of the A records of `name` at the DNS server `server` (an IPv4 address, port 53). */
export type LookupA = (server: string, name: string) => Promise<LookupResult>;

/** One HTTP GET of `/` at host:port on a new connection. */
export type HttpGet = (host: string, port: number) => Promise<HttpResult>;

/** How many failed connections end a `gets` early when none has been answered yet. */
export const GIVE_UP_AFTER = 3;

/**
 * The network questions of one check (DNS lookups, HTTP requests), asked by one transport: from
 * this machine ({@link hostQueries}) or from a short-lived Pod in the lab namespace
 * (src/checks/probe-pod.ts). Both answer in the same shapes, so checks judge them the same way.
 */
export interface Queries {
  /** `from this machine` or `from a probe Pod`: for messages. */
  readonly where: 'host' | 'pod';
  /**
   * A lookups, one per question, in order (no search domains).
   * @throws ProbePodError when the probe Pod could not run
   */
  lookups(questions: { server: string; name: string }[]): Promise<LookupResult[]>;
  /**
   * Up to `tries` GETs of `/` at host:port, each on a new connection; it stops after
   * {@link GIVE_UP_AFTER} tries when none was answered with a non-empty page.
   * @throws ProbePodError when the probe Pod could not run
   */
  gets(host: string, port: number, tries: number): Promise<HttpResult[]>;
}

/** Asks `server` from this machine with node:dns (c-ares; no search domains), 2 s a try, 2 tries. */
export const lookupA: LookupA = async (server, name) => {
  const r = new Resolver({ timeout: 2000, tries: 2 });
  r.setServers([server]);
  try {
    return await r.resolve4(name);
  } catch (err) {
    return { code: (err as NodeJS.ErrnoException).code ?? String(err) };
  }
};

/** A GET on a new connection (no keep-alive, so kube-proxy picks an endpoint each time), 2 s at most. */
export const httpGet: HttpGet = (host, port) =>
  new Promise((resolve) => {
    const req = request({ host, port, path: '/', agent: false, timeout: 2000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c.length + body.length > 65_536 ? '' : c));
      res.on('end', () => resolve({ body }));
      res.on('error', (e: NodeJS.ErrnoException) => resolve({ code: e.code ?? String(e) }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ code: e.code ?? String(e) }));
    req.end();
  });

/** True when a page names someone: its first non-empty line is not empty. */
export const answered = (r: HttpResult): boolean => 'body' in r && r.body.trim() !== '';

/**
 * The host transport: questions asked from this machine, which reaches ClusterIPs and Pod IPs only
 * on the local driver's real node (kube-proxy's rules and the cni0 bridge on this host).
 * @param lookup how one name is resolved (tests hand in recorded answers)
 * @param get how one GET is made (tests hand in recorded answers)
 */
export function hostQueries(lookup: LookupA = lookupA, get: HttpGet = httpGet): Queries {
  return {
    where: 'host',
    lookups: async (questions) => {
      const out: LookupResult[] = [];
      for (const q of questions) out.push(await lookup(q.server, q.name));
      return out;
    },
    gets: async (host, port, tries) => {
      const out: HttpResult[] = [];
      for (let i = 0; i < tries; i++) {
        out.push(await get(host, port));
        if (i === GIVE_UP_AFTER - 1 && !out.some(answered)) break;
      }
      return out;
    },
  };
}
