import type { KubeConfig } from '@kubernetes/client-node';
import { lookup } from 'node:dns/promises';
import { realpathSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import { delimiter, isAbsolute, relative, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { xdgDir } from '../util/paths.js';
import { say } from '../i18n/current.js';

/**
 * Loopback addresses: 127.0.0.0/8 and ::1 (IPv4-mapped ::ffff:127.x.y.z match the IPv4 rule).
 * 0.0.0.0 and :: are deliberately not in it: they are "unspecified", not loopback; Linux and
 * macOS happen to connect them to this machine, Windows refuses the connection, and no
 * local cluster tool writes them into a kubeconfig, so they are treated as remote.
 */
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** How long a name may take to resolve before it counts as not local (ms). */
const LOOKUP_TIMEOUT_MS = 3000;

/** Where a kubeconfig context sends its requests, as far as cka-lab's guard is concerned. */
export type TargetVerdict = { local: true; reason: string } | { local: false; problem: string };

/** A URL without credentials, for messages: `https://user:pw@host:1/x` gives `https://host:1`. */
function shown(url: string): string {
  try {
    const u = new URL(url);
    return u.host ? `${u.protocol}//${u.host}` : url;
  } catch {
    return url;
  }
}

/** The host of a URL, brackets of IPv6 literals removed, lower case; undefined when unparsable. */
function hostOf(url: string): string | undefined {
  try {
    const host = new URL(url).hostname.toLowerCase();
    return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host || undefined;
  } catch {
    return undefined;
  }
}

/** True when `ip` (an IP literal) is a loopback address. */
function loopbackIp(ip: string): boolean {
  const family = isIP(ip);
  return family !== 0 && LOOPBACK.check(ip, family === 6 ? 'ipv6' : 'ipv4');
}

/** `localhost` and its subdomains, which RFC 6761 reserves for this machine (no trailing dot). */
function localhostName(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost');
}

/**
 * True when every connection to `host` stays on this machine: a loopback IP literal,
 * `localhost` or `*.localhost`, or a name that resolves (dns.lookup, all addresses, as
 * node:http does) to loopback addresses only. A name that does not resolve within
 * {@link LOOKUP_TIMEOUT_MS} is not loopback. Only the resolver is asked; the host itself
 * is never contacted.
 */
export async function isLoopbackHost(host: string): Promise<boolean> {
  if (isIP(host)) return loopbackIp(host);
  if (localhostName(host)) return true;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<[]>((done) => (timer = setTimeout(() => done([]), LOOKUP_TIMEOUT_MS)));
  try {
    const addresses = await Promise.race([lookup(host, { all: true, verbatim: true }), timeout]);
    return addresses.length > 0 && addresses.every((a) => loopbackIp(a.address));
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** True when a NO_PROXY list (Go/curl syntax: `*`, names, `.domains`, IPs, CIDRs, optional `:port`) covers `host`. */
function noProxyCovers(host: string, noProxy: string): boolean {
  for (const raw of noProxy.split(',')) {
    let entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return true;
    if (entry.includes('/')) {
      const [net, bits] = entry.split('/');
      const family = isIP(net ?? '');
      if (family && isIP(host) === family) {
        const list = new BlockList();
        try {
          list.addSubnet(net!, Number(bits), family === 6 ? 'ipv6' : 'ipv4');
          if (list.check(host, family === 6 ? 'ipv6' : 'ipv4')) return true;
        } catch {
          // a malformed CIDR covers nothing
        }
      }
      continue;
    }
    if (entry.startsWith('[')) entry = entry.slice(1, entry.indexOf(']') === -1 ? undefined : entry.indexOf(']'));
    else if (!isIP(entry)) entry = entry.replace(/:\d+$/, '');
    entry = entry.replace(/^\*?\./, '');
    if (host === entry || host.endsWith(`.${entry}`)) return true;
  }
  return false;
}

/**
 * The proxy from the environment that a conventional client (Go's net/http, hence kubectl;
 * Node with NODE_USE_ENV_PROXY) would use for `server`, or undefined. cka-lab's own client
 * (node:https with client-node's agents, @kubernetes/client-node 1.x) reads none of these
 * variables today; the guard still counts them, so a client that does cannot be steered away.
 * Like Go, loopback literals and `localhost` are never proxied.
 */
function envProxyFor(server: string, host: string): string | undefined {
  if (loopbackIp(host) || localhostName(host)) return undefined;
  const env = process.env;
  const proxy = server.startsWith('http:') ? env.HTTP_PROXY || env.http_proxy : env.HTTPS_PROXY || env.https_proxy;
  if (!proxy) return undefined;
  if (noProxyCovers(host, env.NO_PROXY || env.no_proxy || '')) return undefined;
  return proxy;
}

/** The real path of `p` (symlinks resolved), or its absolute path when it does not exist. */
function realPath(p: string): string {
  try {
    return realpathSync.native(resolve(p));
  } catch {
    return resolve(p);
  }
}

/** True when `file` is inside `folder`, compared as resolved real paths (not text prefixes). */
function inside(folder: string, file: string): boolean {
  const rel = relative(realPath(folder), realPath(file));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * Decides whether the context selected in `kc` is a practice cluster on this machine.
 * Names never grant trust (a context called `kind-prod` is judged by its server). In order:
 * - the cluster's `proxy-url`, if any, must be a loopback host, or the target is remote;
 * - every kubeconfig file in `kubeconfigPaths` inside cka-lab's state folder (real paths):
 *   local, cka-lab wrote it (the k3s driver's server may be a Docker host);
 * - else the server's host must be loopback ({@link isLoopbackHost}), and an environment
 *   proxy that would apply to it ({@link envProxyFor}) must be loopback too.
 * Loopback tunnels (ssh -L, a local SOCKS proxy) to a remote cluster cannot be told apart
 * and count as local.
 * @param kubeconfigPaths the kubeconfig files, as one string in KUBECONFIG syntax
 *   (path-delimiter separated) or a list; undefined for ~/.kube/config
 */
export async function judgeTarget(
  kc: KubeConfig,
  kubeconfigPaths?: string | readonly string[],
): Promise<TargetVerdict> {
  const context = kc.getCurrentContext();
  const cluster = kc.getCurrentCluster();
  const server = cluster?.server ?? '';
  const remote = say('safety.remote', { context, server: shown(server) || say('safety.noServer') });
  const proxied = (proxy: string, source: string) =>
    say('safety.proxied', { context, server: shown(server), proxy: shown(proxy), source });

  if (cluster?.proxyUrl) {
    const proxyHost = hostOf(cluster.proxyUrl);
    if (!proxyHost || !(await isLoopbackHost(proxyHost)))
      return { local: false, problem: proxied(cluster.proxyUrl, say('safety.proxyUrl')) };
  }

  const files = (
    typeof kubeconfigPaths === 'string' ? kubeconfigPaths.split(delimiter) : (kubeconfigPaths ?? [])
  ).filter(Boolean);
  const state = xdgDir('state');
  if (files.length > 0 && files.every((f) => inside(state, f)))
    return { local: true, reason: 'cka-lab wrote its kubeconfig' };

  const host = hostOf(server);
  if (!host || !(await isLoopbackHost(host))) return { local: false, problem: remote };
  if (!cluster?.proxyUrl) {
    const proxy = envProxyFor(server, host);
    if (proxy) {
      const proxyHost = hostOf(proxy);
      if (!proxyHost || !(await isLoopbackHost(proxyHost)))
        return { local: false, problem: proxied(proxy, say('safety.envProxy')) };
    }
  }
  return { local: true, reason: `its API server ${shown(server)} is on this machine` };
}

/**
 * Why the selected context is a practice cluster, or undefined when it is not; see {@link judgeTarget}.
 */
export async function localReason(
  kc: KubeConfig,
  kubeconfigPaths?: string | readonly string[],
): Promise<string | undefined> {
  const verdict = await judgeTarget(kc, kubeconfigPaths);
  return verdict.local ? verdict.reason : undefined;
}

/**
 * Refuses a context that is not on this machine or lab-managed ({@link judgeTarget}), unless
 * `allowRemote`: labs create and delete namespaces, which nobody wants on a production cluster
 * by mistake. Sends nothing to the cluster; only the resolver may be asked about its name.
 * @param kubeconfigPaths the kubeconfig files the context came from (KUBECONFIG syntax or a list)
 * @throws UsageError, one sentence saying why and how to proceed
 */
export async function assertSafeTarget(
  kc: KubeConfig,
  kubeconfigPaths: string | readonly string[] | undefined,
  allowRemote: boolean,
): Promise<void> {
  if (allowRemote) return;
  const verdict = await judgeTarget(kc, kubeconfigPaths);
  if (verdict.local) return;
  throw new UsageError(say('safety.refused', { problem: verdict.problem }));
}
