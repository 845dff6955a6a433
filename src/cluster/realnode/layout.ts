import { basename, join } from 'node:path';

/**
 * The fixed addresses of the real node. The Service range is kube-apiserver's default
 * (10.0.0.0/24, kwokctl sets no `--service-cluster-ip-range`), so the `kubernetes` Service is
 * 10.0.0.1 and the cluster DNS takes 10.0.0.10 from the range's static band (the lowest 16
 * addresses, which the API server hands out last; Kubernetes docs, "Service ClusterIP allocation").
 */
export const NET = {
  bridge: 'cni0',
  podCidr: '10.244.0.0/24',
  /** The bridge's own address: the gateway of the Pods and the node's InternalIP. */
  gateway: '10.244.0.1',
  kubernetesServiceIp: '10.0.0.1',
  clusterDns: '10.0.0.10',
  clusterDomain: 'cluster.local',
} as const;

/** The real node's name, label and taint (only Pods that tolerate it land there). */
export const NODE = {
  name: 'real-node',
  label: 'cka-lab.dev/real-node',
  taint: { key: 'cka-lab.dev/real-node', value: 'true', effect: 'NoSchedule' },
} as const;

/** Where the real node of one cluster keeps its files. */
export interface NodeLayout {
  /** The cluster's state folder. */
  stateDir: string;
  /** `<stateDir>/realnode`: configs, logs, pid files, the journal, kubelet and containerd data. */
  dir: string;
  /** Volatile state (sockets, runc state, network namespaces) under /run, short enough for socket paths. */
  runDir: string;
  containerdSocket: string;
  logs: string;
}

/** The layout of the real node of the cluster whose state folder is `stateDir`. */
export function nodeLayout(stateDir: string): NodeLayout {
  const dir = join(stateDir, 'realnode');
  const runDir = join('/run/cka-lab', basename(stateDir));
  return { stateDir, dir, runDir, containerdSocket: join(runDir, 'containerd.sock'), logs: join(dir, 'logs') };
}
