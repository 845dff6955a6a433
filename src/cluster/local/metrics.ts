import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { contentRoot } from '../../util/paths.js';
import { yamlDocumentsIn } from './yaml-files.js';

/** The folder of the resource-usage data shipped with cka-lab (cluster/metrics). */
const metricsDir = (): string => join(contentRoot(), 'cluster', 'metrics');

/**
 * The kwok documents of cluster/metrics/*.yaml (a ClusterResourceUsage: what each container on a
 * kwok node uses, from the Pod's `kwok.x-k8s.io/usage-cpu`/`-memory` annotations or half its
 * requests), for the same `kwokctl --config` file as the stages. kwokctl adds its default Metric
 * (kubelet-like /metrics/resource per node), which serves these usages to metrics-server.
 * Source: https://kwok.sigs.k8s.io/docs/user/resource-usage-configuration/.
 * @returns one YAML text per document (empty when the folder is missing)
 * @throws Error when a shipped file is unreadable (a broken installation)
 */
export function metricsDocuments(): string[] {
  const dir = metricsDir();
  if (!existsSync(dir)) return [];
  return yamlDocumentsIn(dir).map((data) => stringify(data, { lineWidth: 0 }));
}

/**
 * What the KwokctlConfiguration needs to run metrics-server as a process of the cluster
 * (kwokctl's binary runtime, `--enable-metrics-server`): option lines (indented for `options:`)
 * and `componentsPatches` entries (indented for that list), as YAML text.
 */
export interface MetricsServerConfig {
  options: string[];
  componentsPatches: string[];
}

/**
 * The kwokctl settings for metrics-server (its port, `metricsServerPort`, is one of the cluster's
 * ports, on its 127.0.0.1 bind address): our binary, the APIService of cluster/metrics/metrics-server (built by kwokctl
 * with `kubectl kustomize`, so nothing is downloaded). metrics-server reaches each kwok node at
 * its `Hostname` address (`localhost`, the kwok controller's port): kwok nodes also carry
 * InternalIPs from 192.0.2.0/24 (TEST-NET-1), which kwokctl's default order would try first and
 * which must never be dialled. Scrapes every 10 s (metrics-server's minimum; kwokctl sets 15 s) so
 * `kubectl top` answers sooner after a Pod starts; a scrape then has to end within 5 s (metrics-server
 * wants its request timeout below 90 % of the resolution; kwok answers in milliseconds).
 * @param binary absolute path of the metrics-server binary
 */
export function metricsServerConfig(binary: string): MetricsServerConfig {
  // `override` replaces kwokctl's own value of the flag; without it the flag is added.
  const arg = (key: string, value: string, override: boolean) => [
    `  - key: ${key}`,
    `    value: ${JSON.stringify(value)}`,
    ...(override ? ['    override: true'] : []),
  ];
  return {
    options: [
      '  enableMetricsServer: true',
      `  metricsServerBinary: ${JSON.stringify(binary)}`,
      '  metricsServerManifests:',
      `  - ${JSON.stringify(join(metricsDir(), 'metrics-server'))}`,
    ],
    componentsPatches: [
      '- name: metrics-server',
      '  extraArgs:',
      ...arg('kubelet-preferred-address-types', 'Hostname', true),
      ...arg('metric-resolution', '10s', true),
      ...arg('kubelet-request-timeout', '5s', false),
    ],
  };
}
