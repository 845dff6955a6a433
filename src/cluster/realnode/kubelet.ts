import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { record } from './host.js';
import { NET, NODE, type NodeLayout } from './layout.js';
import { startDaemon } from './processes.js';

/** The cluster's PKI as kwokctl wrote it (`<workdir>/pki`): one admin certificate for every component. */
export interface ClusterPki {
  caCrt: string;
  adminCrt: string;
  adminKey: string;
}

export const clusterPki = (clusterWorkdir: string): ClusterPki => ({
  caCrt: join(clusterWorkdir, 'pki', 'ca.crt'),
  adminCrt: join(clusterWorkdir, 'pki', 'admin.crt'),
  adminKey: join(clusterWorkdir, 'pki', 'admin.key'),
});

/**
 * A kubeconfig for the node's components: the API server on 127.0.0.1, verified with the
 * cluster's CA, authenticated with the cluster's admin client certificate (kwokctl issues one
 * certificate for all components; the kubelet and kube-proxy use it like the control plane does).
 */
export function componentKubeconfig(server: string, pki: ClusterPki): string {
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'local', cluster: { server, 'certificate-authority': pki.caCrt } }],
    users: [{ name: 'node', user: { 'client-certificate': pki.adminCrt, 'client-key': pki.adminKey } }],
    contexts: [{ name: 'local', context: { cluster: 'local', user: 'node' } }],
    'current-context': 'local',
  });
}

/** The kubelet's ports: its API (logs, exec, port-forward) and its health endpoint. */
export interface KubeletPorts {
  port: number;
  healthzPort: number;
}

/**
 * The KubeletConfiguration (kubelet.config.k8s.io/v1beta1; field names from the Kubernetes
 * reference "Kubelet Configuration (v1beta1)").
 *
 * Where it listens: the kubelet's API must be reachable by the API server at the node's
 * InternalIP, and a kubelet refuses a loopback node IP, so it listens on the cni0 bridge's own
 * address (10.244.0.1), nowhere else. That is safe: the address exists only on this machine's
 * bridge, CKA-LAB-INPUT drops packets to it that come from anywhere but lo and cni0, and the
 * API needs a client certificate from the cluster's CA or a token the API server accepts
 * (anonymous off, authorization by the API server). The read-only port is off; health on 127.0.0.1.
 *
 * On these machines (cgroup v1, swap possible, no systemd): `failCgroupV1: false`,
 * `cgroupDriver: cgroupfs`, `failSwapOn: false`. The node registers tainted (only Pods that
 * tolerate {@link NODE.taint} land there). `resolvConf: ''`: Pods get no host resolvers, so no
 * DNS query leaves the machine.
 */
export function kubeletConfig(layout: NodeLayout, pki: ClusterPki, ports: KubeletPorts, runtimeSocket: string): string {
  return JSON.stringify(
    {
      apiVersion: 'kubelet.config.k8s.io/v1beta1',
      kind: 'KubeletConfiguration',
      address: NET.gateway,
      port: ports.port,
      readOnlyPort: 0,
      healthzBindAddress: '127.0.0.1',
      healthzPort: ports.healthzPort,
      authentication: {
        anonymous: { enabled: false },
        webhook: { enabled: true },
        x509: { clientCAFile: pki.caCrt },
      },
      authorization: { mode: 'Webhook' },
      cgroupDriver: 'cgroupfs',
      failCgroupV1: false,
      failSwapOn: false,
      clusterDNS: [NET.clusterDns],
      clusterDomain: NET.clusterDomain,
      resolvConf: '',
      containerRuntimeEndpoint: `unix://${runtimeSocket}`,
      podLogsDir: join(layout.dir, 'pod-logs'),
      registerWithTaints: [NODE.taint],
      serializeImagePulls: false,
      nodeStatusUpdateFrequency: '10s',
      // The node's disk is the developer's disk: do not evict Pods for a nearly full disk.
      evictionHard: { 'memory.available': '100Mi' },
      imageGCHighThresholdPercent: 100,
      imageGCLowThresholdPercent: 99,
    },
    null,
    2,
  );
}

/** Starts the kubelet (recorded in the journal); its readiness is the Node's Ready condition. */
export function startKubelet(
  layout: NodeLayout,
  binDir: string,
  server: string,
  pki: ClusterPki,
  ports: KubeletPorts,
): number {
  const root = join(layout.dir, 'kubelet');
  mkdirSync(root, { recursive: true });
  const config = join(layout.dir, 'kubelet.yaml');
  writeFileSync(config, kubeletConfig(layout, pki, ports, layout.containerdSocket));
  const kubeconfig = join(layout.dir, 'kubelet.kubeconfig');
  writeFileSync(kubeconfig, componentKubeconfig(server, pki));
  const binary = join(binDir, 'kubelet');
  const pid = startDaemon(
    binary,
    [
      `--config=${config}`,
      `--kubeconfig=${kubeconfig}`,
      `--root-dir=${root}`,
      `--cert-dir=${join(root, 'pki')}`,
      `--hostname-override=${NODE.name}`,
      `--node-ip=${NET.gateway}`,
      `--node-labels=${NODE.label}=true`,
      '--v=1',
    ],
    join(layout.logs, 'kubelet.log'),
    { PATH: `${binDir}:${process.env.PATH ?? ''}` },
  );
  record(layout.stateDir, { kind: 'process', name: 'kubelet', pid, binary });
  return pid;
}
