import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClusterError } from '../../errors.js';
import { poll } from '../../util/poll.js';
import { answersHealthy } from '../local/components.js';
import { record } from './host.js';
import { NET, NODE, type NodeLayout } from './layout.js';
import { componentKubeconfig, type ClusterPki } from './kubelet.js';
import { startDaemon } from './processes.js';

/**
 * The KubeProxyConfiguration (kubeproxy.config.k8s.io/v1alpha1): iptables mode; health and
 * metrics on 127.0.0.1; NodePorts only on the node's bridge address (never on the machine's
 * other addresses, and not on 127.0.0.1, which would need route_localnet everywhere); no
 * masquerade of Pod traffic (no cluster CIDR, `masqueradeAll: false`); conntrack limits and
 * timeouts left as the kernel has them (0 = do not change).
 */
export function kubeProxyConfig(kubeconfig: string, healthzPort: number, metricsPort: number): string {
  return JSON.stringify(
    {
      apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
      kind: 'KubeProxyConfiguration',
      mode: 'iptables',
      clientConnection: { kubeconfig },
      hostnameOverride: NODE.name,
      bindAddress: '127.0.0.1',
      healthzBindAddress: `127.0.0.1:${healthzPort}`,
      metricsBindAddress: `127.0.0.1:${metricsPort}`,
      nodePortAddresses: [`${NET.gateway}/32`],
      iptables: { masqueradeAll: false, localhostNodePorts: false },
      conntrack: {
        maxPerCore: 0,
        min: 0,
        tcpEstablishedTimeout: '0s',
        tcpCloseWaitTimeout: '0s',
        udpTimeout: '0s',
        udpStreamTimeout: '0s',
      },
    },
    null,
    2,
  );
}

/**
 * Starts kube-proxy (recorded in the journal) and waits until its health endpoint answers,
 * which it does after its first sync of the iptables rules.
 * @throws ClusterError when it is not healthy within 30 s
 */
export async function startKubeProxy(
  layout: NodeLayout,
  binDir: string,
  server: string,
  pki: ClusterPki,
  ports: { healthzPort: number; metricsPort: number },
): Promise<number> {
  const kubeconfig = join(layout.dir, 'kube-proxy.kubeconfig');
  writeFileSync(kubeconfig, componentKubeconfig(server, pki));
  const config = join(layout.dir, 'kube-proxy.yaml');
  writeFileSync(config, kubeProxyConfig(kubeconfig, ports.healthzPort, ports.metricsPort));
  const binary = join(binDir, 'kube-proxy');
  const pid = startDaemon(binary, [`--config=${config}`, '--v=1'], join(layout.logs, 'kube-proxy.log'));
  record(layout.stateDir, { kind: 'process', name: 'kube-proxy', pid, binary });
  const healthy = await poll(() => answersHealthy(`http://127.0.0.1:${ports.healthzPort}/healthz`, 1000), {
    intervalMs: 200,
    timeoutMs: 30_000,
  });
  if (!healthy)
    throw new ClusterError(
      `kube-proxy did not become healthy; see ${join(layout.logs, 'kube-proxy.log')}, then run \`lab cluster down\`.`,
    );
  return pid;
}
