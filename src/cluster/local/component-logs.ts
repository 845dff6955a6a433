import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from '../../errors.js';
import { say } from '../../i18n/current.js';
import { readComponents } from './components.js';
import { componentLog } from './static-manifests.js';

/**
 * The last `lines` lines of a component's log (`lab cluster logs <component>`): what the
 * component printed since its last start (kwokctl and the manifest watcher truncate it at each
 * start), as `kubectl logs` or /var/log/pods show a static Pod's on a kubeadm node.
 * @param cluster the local cluster (its kwok.yaml names the components and their folders)
 * @throws UsageError for a name that is not a component, or a log that does not exist yet
 */
export async function componentLogTail(
  cluster: { clusterWorkdir: string },
  component: string,
  lines: number,
): Promise<string> {
  const specs = await readComponents(cluster.clusterWorkdir);
  const spec = specs.find((s) => s.name === component);
  if (!spec) {
    throw new UsageError(say('local.logsUnknown', { component, components: specs.map((s) => s.name).join(', ') }));
  }
  const file = componentLog(spec);
  if (!existsSync(file)) throw new UsageError(say('local.logsNone', { component, file }));
  return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}
