import type { KubeConfig } from '@kubernetes/client-node';
import { resolve } from 'node:path';
import { UsageError } from '../cli/errors.js';
import { xdgDir } from '../util/paths.js';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]', '0.0.0.0', 'host.docker.internal', 'kubernetes.docker.internal']);
/** Context names that local cluster tools write (kind, k3d, minikube, Docker Desktop, ...). */
const LOCAL_CONTEXT = /^(kind-|k3d-|kwok-|minikube|docker-desktop|docker-for-desktop|rancher-desktop|orbstack|colima|microk8s)/;

/**
 * Why a kubeconfig context looks like a practice cluster, or undefined when it does
 * not: its API server is on this machine, its context name is one that local tools
 * (kind, k3d, minikube, ...) write, or the kubeconfig is one cka-lab wrote.
 */
export function localReason(kc: KubeConfig, kubeconfigPath?: string): string | undefined {
  const server = kc.getCurrentCluster()?.server ?? '';
  let host = '';
  try {
    host = new URL(server).hostname;
  } catch {
    // an unparsable server URL is not local
  }
  if (LOCAL_HOSTS.has(host) || host.endsWith('.localhost') || host.startsWith('127.')) return `its API server ${server} is on this machine`;
  if (LOCAL_CONTEXT.test(kc.getCurrentContext())) return `context ${kc.getCurrentContext()} is a local cluster tool's`;
  if (kubeconfigPath && resolve(kubeconfigPath).startsWith(resolve(xdgDir('state')))) return 'cka-lab wrote its kubeconfig';
  return undefined;
}

/**
 * Refuses a context that does not look local or lab-managed, unless `allowRemote`:
 * labs create and delete namespaces, which nobody wants on a production cluster by mistake.
 * @throws UsageError (exit 2) saying why and how to proceed
 */
export function assertSafeTarget(kc: KubeConfig, kubeconfigPath: string | undefined, allowRemote: boolean): void {
  if (allowRemote || localReason(kc, kubeconfigPath)) return;
  const server = kc.getCurrentCluster()?.server ?? '(unknown)';
  throw new UsageError(
    `The context "${kc.getCurrentContext()}" points at ${server}, which does not look like a local or lab cluster, so cka-lab will not touch it; pass --allow-remote if it is a classroom cluster you mean to use.`,
  );
}
