import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { agentComponent } from '../../src/cluster/local/agent.js';
import { healthUrl } from '../../src/cluster/local/components.js';
import { kwokctlConfig, type ClusterPorts } from '../../src/cluster/local/local-cluster.js';
import { storageObjects } from '../../src/cluster/local/storage.js';

const ports: ClusterPorts = {
  kubeApiserverPort: 1,
  etcdPort: 2,
  etcdPeerPort: 3,
  kubeControllerManagerPort: 4,
  kubeSchedulerPort: 5,
  kwokControllerPort: 6,
  metricsServerPort: 7,
};

interface Config {
  componentsPatches: { name: string; extraArgs?: { key: string; value: string }[] }[];
  components?: { name: string; binary: string; args: string[]; links: string[]; workDir: string }[];
}

const parse = (text: string): Config => parseAllDocuments(text)[0]!.toJS() as Config;

describe('the local cluster configuration for storage and cka-lab-agent', () => {
  it('turns on the controller-manager hostPath provisioner', () => {
    const config = parse(kwokctlConfig(ports));
    const kcm = config.componentsPatches.find((p) => p.name === 'kube-controller-manager');
    expect(kcm?.extraArgs).toContainEqual({ key: 'enable-hostpath-provisioner', value: 'true' });
    expect(kcm?.extraArgs).toContainEqual({ key: 'horizontal-pod-autoscaler-sync-period', value: '5s' });
  });

  it('adds the agent as a kwokctl component with its kubeconfig, loopback health address and workdir', () => {
    const workdir = '/state dir/kwok/clusters/x';
    // The lines go under `components:` of the KwokctlConfiguration (kwokctlConfig's last parameter).
    const text = ['components:', ...agentComponent(workdir, '/cache/agent_1/cka-lab-agent', 4242)].join('\n');
    const agent = (parseAllDocuments(text)[0]!.toJS() as Pick<Config, 'components'>).components?.find(
      (c) => c.name === 'cka-lab-agent',
    );
    expect(agent).toEqual({
      name: 'cka-lab-agent',
      binary: '/cache/agent_1/cka-lab-agent',
      args: [`--kubeconfig=${workdir}/kubeconfig.yaml`, '--health-address=127.0.0.1:4242'],
      links: ['kube-apiserver'],
      workDir: workdir,
    });
    expect(healthUrl({ ...agent!, workDir: workdir })).toBe('http://127.0.0.1:4242/healthz');
  });

  it('ships a default StorageClass and the hostPath guard, each labelled as cka-lab’s own', async () => {
    const objects = await storageObjects();
    expect(objects.map((o) => `${o.kind}/${o.metadata?.name}`).sort()).toEqual([
      'StorageClass/standard',
      'ValidatingAdmissionPolicy/cka-lab-hostpath-reclaim',
      'ValidatingAdmissionPolicyBinding/cka-lab-hostpath-reclaim',
    ]);
    for (const o of objects) expect(o.metadata?.labels?.['app.kubernetes.io/managed-by']).toBe('cka-lab');
    const sc = objects.find((o) => o.kind === 'StorageClass')!;
    expect(sc).toMatchObject({
      provisioner: 'kubernetes.io/host-path',
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
      metadata: { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    });
  });
});
