import { ClusterError } from '../../errors.js';
import type { KubeClient } from '../../kube/client.js';
import type { KubeObject } from '../../kube/types.js';
import { poll } from '../../util/poll.js';
import { NET, NODE } from './layout.js';

/**
 * The Corefile: the cluster's zone from the API (like kubeadm's), health and readiness; no
 * `forward`, so a name outside the cluster is answered here and no query leaves the machine.
 */
export const COREFILE = `.:53 {
    errors
    health {
        lameduck 5s
    }
    ready
    kubernetes ${NET.clusterDomain} in-addr.arpa ip6.arpa {
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
        ttl 30
    }
    cache 30
    loop
    reload
    loadbalance
}
`;

const labels = { 'k8s-app': 'kube-dns' };

/**
 * The objects of cluster DNS, as kubeadm installs them (ServiceAccount, ClusterRole and binding
 * `system:coredns`, ConfigMap `coredns`, Deployment `coredns`, Service `kube-dns` at the
 * cluster DNS address the kubelet gives Pods), with one replica on the real node (it tolerates
 * the node's taint) running the imported CoreDNS image.
 */
export function corednsObjects(image: string): KubeObject[] {
  const ns = 'kube-system';
  return [
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'coredns', namespace: ns } },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'system:coredns' },
      rules: [
        { apiGroups: [''], resources: ['endpoints', 'services', 'pods', 'namespaces'], verbs: ['list', 'watch'] },
        { apiGroups: ['discovery.k8s.io'], resources: ['endpointslices'], verbs: ['list', 'watch'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'system:coredns' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:coredns' },
      subjects: [{ kind: 'ServiceAccount', name: 'coredns', namespace: ns }],
    },
    { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: ns }, data: { Corefile: COREFILE } },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'coredns', namespace: ns, labels },
      spec: {
        replicas: 1,
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: 'coredns',
            priorityClassName: 'system-cluster-critical',
            dnsPolicy: 'Default',
            nodeSelector: { [NODE.label]: 'true' },
            tolerations: [{ key: NODE.taint.key, operator: 'Exists', effect: 'NoSchedule' }],
            containers: [
              {
                name: 'coredns',
                image,
                imagePullPolicy: 'IfNotPresent',
                args: ['-conf', '/etc/coredns/Corefile'],
                ports: [
                  { name: 'dns', containerPort: 53, protocol: 'UDP' },
                  { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
                ],
                resources: { requests: { cpu: '50m', memory: '40Mi' }, limits: { memory: '128Mi' } },
                volumeMounts: [{ name: 'config', mountPath: '/etc/coredns', readOnly: true }],
                livenessProbe: { httpGet: { path: '/health', port: 8080 }, initialDelaySeconds: 10, periodSeconds: 10 },
                readinessProbe: { httpGet: { path: '/ready', port: 8181 }, periodSeconds: 1 },
              },
            ],
            volumes: [{ name: 'config', configMap: { name: 'coredns' } }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kube-dns', namespace: ns, labels: { ...labels, 'kubernetes.io/name': 'CoreDNS' } },
      spec: {
        selector: labels,
        clusterIP: NET.clusterDns,
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        ],
      },
    },
  ];
}

/** How long CoreDNS may take to be Ready before its Pod is replaced once, in ms. */
const RESTART_AFTER_MS = 20_000;

/**
 * Applies the CoreDNS objects and waits until its Pod is Ready (replacing the Pod once when it is not
 * Ready after {@link RESTART_AFTER_MS}).
 * @throws ClusterError when the cluster DNS address is taken by another Service, or CoreDNS is
 *   not Ready within `timeoutMs` ms
 */
export async function installCoredns(client: KubeClient, image: string, timeoutMs = 60_000): Promise<void> {
  const existing = await client.list({ apiVersion: 'v1', kind: 'Service' });
  const taken = existing.find(
    (s) =>
      (s as { spec?: { clusterIP?: string } }).spec?.clusterIP === NET.clusterDns &&
      !(s.metadata?.name === 'kube-dns' && s.metadata.namespace === 'kube-system'),
  );
  if (taken)
    throw new ClusterError(
      `The cluster DNS address ${NET.clusterDns} is taken by the Service ${taken.metadata?.namespace}/` +
        `${taken.metadata?.name}; delete it, or start afresh with \`lab cluster reset\`.`,
    );
  for (const obj of corednsObjects(image)) await client.apply(obj);
  const podsReady = async () => {
    const pods = await client.list({ apiVersion: 'v1', kind: 'Pod' }, 'kube-system', 'k8s-app=kube-dns');
    return pods.some((p) =>
      ((p as { status?: { conditions?: { type: string; status: string }[] } }).status?.conditions ?? []).some(
        (c) => c.type === 'Ready' && c.status === 'True',
      ),
    );
  };
  // A safety net: a Pod not Ready after a while is replaced once. (CoreDNS's API watches that never
  // synced were kube-proxy's rule for the `kubernetes` Service seen before ours; real-node.ts now
  // waits for kube-proxy's first sync and puts ours first before CoreDNS starts.)
  const firstTry = Math.min(RESTART_AFTER_MS, timeoutMs / 2);
  let ready = await poll(podsReady, { intervalMs: 250, timeoutMs: firstTry });
  if (!ready) {
    for (const pod of await client.list({ apiVersion: 'v1', kind: 'Pod' }, 'kube-system', 'k8s-app=kube-dns'))
      await client.delete({ apiVersion: 'v1', kind: 'Pod' }, pod.metadata!.name!, 'kube-system').catch(() => undefined);
    ready = await poll(podsReady, { intervalMs: 250, timeoutMs: timeoutMs - firstTry });
  }
  if (!ready) {
    const pods = await client
      .list({ apiVersion: 'v1', kind: 'Pod' }, 'kube-system', 'k8s-app=kube-dns')
      .catch(() => []);
    throw new ClusterError(
      `CoreDNS did not become Ready on the real node (${podState(pods[0]) ?? 'no Pod'}); ` +
        'see `kubectl -n kube-system describe pod -l k8s-app=kube-dns`.',
    );
  }
}

/** A short text of a Pod's state for messages: phase, node, and its container's waiting reason or readiness. */
function podState(pod: KubeObject | undefined): string | undefined {
  if (!pod) return undefined;
  const p = pod as {
    spec?: { nodeName?: string };
    status?: {
      phase?: string;
      containerStatuses?: { ready?: boolean; restartCount?: number; state?: { waiting?: { reason?: string } } }[];
    };
  };
  const c = p.status?.containerStatuses?.[0];
  const container = c
    ? (c.state?.waiting?.reason ?? (c.ready ? 'ready' : 'not ready')) + `, ${c.restartCount ?? 0} restarts`
    : 'no container yet';
  return `${p.status?.phase ?? 'Unknown'} on ${p.spec?.nodeName ?? 'no node'}, ${container}`;
}
