import { readFileSync } from 'node:fs';
import writeFileAtomic from 'write-file-atomic';
import { parse, stringify } from 'yaml';

/**
 * Sets the namespace of the current context in a kubeconfig that cka-lab wrote for
 * its own cluster, so plain `kubectl` (after `eval "$(lab env)"`) works in the lab
 * namespace. Never called on a user's kubeconfig.
 */
export function setOwnContextNamespace(kubeconfig: string, namespace: string): void {
  const config = parse(readFileSync(kubeconfig, 'utf8')) as {
    'current-context'?: string;
    contexts?: { name: string; context: { namespace?: string } }[];
  };
  const current = config.contexts?.find((c) => c.name === config['current-context']);
  if (!current || current.context.namespace === namespace) return;
  current.context.namespace = namespace;
  writeFileAtomic.sync(kubeconfig, stringify(config), { mode: 0o600 });
}
