import { describe, expect, it } from 'vitest';
import { K3sCluster, dockerAnswers } from '../../src/cluster/k3s.js';
import { KubeClient } from '../../src/kube/client.js';
import { loadKubeConfig } from '../../src/kube/config.js';
import { loadLab } from '../../src/labs/loader.js';
import { applySolution, startLab } from '../../src/labs/lifecycle.js';
import { checkLab } from '../../src/checks/check-lab.js';
import { memoryLog } from '../../src/util/log.js';

// The k3s driver needs a Docker daemon. This is the only test allowed to skip, and
// only where no daemon answers; the reason is printed.
const docker = await dockerAnswers();
if (!docker)
  console.warn('k3s driver test skipped: no Docker daemon answers on this machine (the local driver tests still run).');

describe.runIf(docker)('k3s driver (needs Docker)', () => {
  it('starts k3s, runs the replicaset lab to a pass, and removes the container', { timeout: 300_000 }, async () => {
    const cluster = new K3sCluster();
    const log = memoryLog();
    const kubeconfig = await cluster.up(log);
    try {
      const client = new KubeClient(loadKubeConfig({ kubeconfig }));
      const lab = await loadLab('replicaset');
      await startLab(lab, client, 'lab-replicaset', log, 180_000);
      await applySolution(lab, { client, namespace: 'lab-replicaset', root: lab.root, workDir: process.cwd() });
      const report = await checkLab(lab, client, 'lab-replicaset', { waitMs: 180_000 });
      expect(report.pass).toBe(true);

      // A real kubelet: an image that does not exist leaves the Pods in ErrImagePull /
      // ImagePullBackOff, and the Ready check says so.
      await client.patch(
        { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
        'myapp-replicaset',
        'lab-replicaset',
        {
          spec: {
            replicas: 7,
            template: { spec: { containers: [{ name: 'nginx', image: 'nginx:no-such-tag-cka-lab' }] } },
          },
        },
        'strategic',
      );
      let bad = await checkLab(lab, client, 'lab-replicaset');
      for (let i = 0; i < 120 && !/ImagePullBackOff|ErrImagePull/.test(JSON.stringify(bad)); i++) {
        await new Promise((r) => setTimeout(r, 1000));
        bad = await checkLab(lab, client, 'lab-replicaset');
      }
      expect(JSON.stringify(bad)).toMatch(/is not Ready: (ImagePullBackOff|ErrImagePull)/);
    } finally {
      await cluster.down(log);
    }
    expect((await cluster.status()).running).toBe(false);
  });
});
