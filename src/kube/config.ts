// The module itself, not the package index: in the CommonJS bundle, the index would
// initialise every module it re-exports (watch, exec, cp...) on every start-up.
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import { existsSync } from 'node:fs';
import { UsageError } from '../cli/errors.js';

/** Where to find the cluster, in kubectl's terms. */
export interface KubeTarget {
  /** Path to a kubeconfig file; overrides KUBECONFIG. */
  kubeconfig?: string;
  /** Context name inside the kubeconfig; defaults to its current-context. */
  context?: string;
  /** Allow a context that does not look local or lab-managed (`--allow-remote`). */
  allowRemote?: boolean;
}

/**
 * Loads a kubeconfig the way kubectl does: `target.kubeconfig`, else the files in
 * KUBECONFIG (colon-separated, merged), then selects `target.context` if given.
 * @throws UsageError when the file is missing or the context does not exist.
 */
export function loadKubeConfig(target: KubeTarget): KubeConfig {
  const kc = new KubeConfig();
  const file = target.kubeconfig;
  if (file) {
    if (!existsSync(file)) throw new UsageError(`The kubeconfig ${file} does not exist; pass an existing file to --kubeconfig.`);
    kc.loadFromFile(file);
  } else {
    kc.loadFromDefault();
  }
  if (target.context) {
    if (!kc.getContextObject(target.context)) {
      const known = kc.getContexts().map((c) => c.name).join(', ') || 'none';
      throw new UsageError(`The context "${target.context}" is not in the kubeconfig (contexts: ${known}); pass one of them to --context.`);
    }
    kc.setCurrentContext(target.context);
  }
  if (!kc.getCurrentCluster()) {
    throw new UsageError('The kubeconfig has no current cluster; pass --context, or run `lab cluster up` for the local cluster.');
  }
  return kc;
}
