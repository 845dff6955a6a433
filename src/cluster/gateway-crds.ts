/**
 * The Gateway API CustomResourceDefinitions (standard channel of the release build/gateway-api/go.mod pins):
 * fetched from the sigs.k8s.io/gateway-api Go module into a cache folder, and installed into a cluster as a
 * cluster component of cka-lab, not as objects of a lab (a lab owns only CRDs of its own group; these are
 * `*.gateway.networking.k8s.io`, shared by every Gateway API lab and kept across lab resets).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiError, type KubeClient } from '../kube/client.js';
import type { KubeObject } from '../kube/types.js';
import type { Log } from '../util/log.js';
import { contentRoot, xdgDir } from '../util/paths.js';
import { ensureGoBuild } from './go-build.js';
import { say } from '../i18n/current.js';
import { ClusterError } from '../errors.js';

/** The files of build/gateway-api that decide what is fetched, and so the cache key. */
export const GATEWAY_CRD_INPUTS = ['fetch.sh', 'go.mod', 'go.sum'] as const;

/** The label cka-lab puts on what it installs as a cluster component. */
export const COMPONENT_LABEL = { 'app.kubernetes.io/managed-by': 'cka-lab', 'cka-lab.dev/component': 'gateway-api' };

const buildDir = (): string => join(contentRoot(), 'build', 'gateway-api');

/**
 * The cache folder of the CRDs: $XDG_CACHE_HOME/cka-lab/gateway-api_<hash>, where the hash (8 hex digits of
 * SHA-256) covers {@link GATEWAY_CRD_INPUTS}, so another release fetches afresh.
 */
export function gatewayCrdsDir(): string {
  const hash = createHash('sha256');
  for (const f of GATEWAY_CRD_INPUTS) hash.update(`${f}\0`).update(readFileSync(join(buildDir(), f)));
  return join(xdgDir('cache'), `gateway-api_${hash.digest('hex').slice(0, 8)}`);
}

/** The CRD files in the cache folder (none when not fetched yet). */
const crdFiles = (dir: string): string[] =>
  existsSync(dir) ? readdirSync(dir).filter((f) => /^gateway\.networking\.k8s\.io_.*\.yaml$/.test(f)) : [];

/**
 * Fetches the CRDs with `go mod download` unless they are cached (build/gateway-api/fetch.sh; about a second
 * from the module cache, a few from the proxy). Two processes fetch once, under the build lock.
 * @returns the folder of the CRD files
 * @throws ClusterError when Go is missing or the fetch fails (its last lines included)
 */
export async function ensureGatewayCrds(log: Log): Promise<string> {
  const dir = gatewayCrdsDir();
  await ensureGoBuild(
    {
      dir,
      ready: () => crdFiles(dir).some((f) => f.endsWith('_httproutes.yaml')),
      script: join(buildDir(), 'fetch.sh'),
      args: [dir],
      waitMs: 5 * 60_000,
      noGo: say('tools.noGo'),
      building: say('tools.building', { names: 'Gateway API CRDs' }),
      failed: (tail) => say('tools.failed', { tail }),
      built: (seconds) => say('tools.built', { seconds, dir }),
    },
    log,
  );
  return dir;
}

/**
 * The CustomResourceDefinitions of the cached release, labelled as a cka-lab component (the files also hold a
 * ValidatingAdmissionPolicy that guards upgrades; it is left out: it refuses nothing a lab does).
 */
export async function gatewayCrds(dir: string): Promise<KubeObject[]> {
  const { parseAllDocuments } = (await import('yaml')).default; // a CommonJS package: its exports are on default
  const objects = crdFiles(dir).flatMap((f) =>
    parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJS() as KubeObject | null),
  );
  return objects
    .filter((o): o is KubeObject => o?.kind === 'CustomResourceDefinition')
    .map((o) => ({ ...o, metadata: { ...o.metadata, labels: { ...o.metadata?.labels, ...COMPONENT_LABEL } } }));
}

/**
 * Installs (server-side applies) the Gateway API CRDs into the cluster of `client` and waits until the
 * API server serves them (condition Established), so that a lab's setup can create Gateways right after.
 * Applying again is harmless: it is how a newer pinned release upgrades them.
 * @param timeoutMs how long to wait for Established, in ms
 * @throws the client's errors; Error when a CRD is not Established within `timeoutMs`
 */
export async function installGatewayCrds(client: KubeClient, dir: string, timeoutMs = 30_000): Promise<string[]> {
  const crds = await gatewayCrds(dir);
  for (const crd of crds) await client.apply(crd);
  const names = crds.map((c) => c.metadata!.name!);
  const deadline = Date.now() + timeoutMs;
  for (const name of names) {
    for (;;) {
      const crd = await client.get({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' }, name);
      const conditions = (crd?.status?.conditions as { type: string; status: string }[] | undefined) ?? [];
      if (conditions.some((c) => c.type === 'Established' && c.status === 'True')) break;
      if (Date.now() > deadline) throw new Error(`CustomResourceDefinition ${name} is not Established`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  return names;
}

/** The kinds a Gateway API lab uses, by their resource names in gateway.networking.k8s.io/v1. */
const NEEDED_RESOURCES = ['gatewayclasses', 'gateways', 'httproutes'];

/**
 * Whether the cluster serves GatewayClasses, Gateways and HTTPRoutes in gateway.networking.k8s.io/v1
 * (API discovery: any user may read it, unlike CustomResourceDefinitions).
 * @throws the client's errors other than 404 (the group is not served)
 */
export async function gatewayApiServed(client: KubeClient): Promise<boolean> {
  try {
    const list = await client.request<{ resources?: { name: string }[] }>('GET', '/apis/gateway.networking.k8s.io/v1');
    const names = new Set((list.resources ?? []).map((r) => r.name));
    return NEEDED_RESOURCES.every((n) => names.has(n));
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return false;
    throw err;
  }
}

/**
 * For a lab that `requires: [gateway-api]`: makes sure the cluster serves the Gateway API. On cka-lab's
 * local cluster (`install`), CRDs that are not served are fetched and installed as a cka-lab component
 * ({@link ensureGatewayCrds}, {@link installGatewayCrds}); no lab reset deletes them. On any other
 * cluster nothing is installed: cka-lab touches only what it created, so the learner installs them.
 * @returns whether they were installed now
 * @throws ClusterError (exit 3) when another cluster does not serve them, saying how to install them;
 *   as {@link ensureGatewayCrds} and {@link installGatewayCrds}
 */
export async function ensureGatewayApi(
  lab: { id: string; requires?: readonly string[] },
  client: KubeClient,
  install: boolean,
  log: Log,
): Promise<boolean> {
  if (!(lab.requires ?? []).includes('gateway-api')) return false;
  if (await gatewayApiServed(client)) return false;
  if (!install) {
    const version = /sigs\.k8s\.io\/gateway-api (v[\d.]+)/.exec(readFileSync(join(buildDir(), 'go.mod'), 'utf8'))?.[1];
    throw new ClusterError(say('start.needsGatewayApi', { lab: lab.id, version: version ?? 'v1.6.3' }));
  }
  const dir = await ensureGatewayCrds(log);
  log.progress(say('start.installingGatewayApi'));
  await installGatewayCrds(client, dir);
  return true;
}
