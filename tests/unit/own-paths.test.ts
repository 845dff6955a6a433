import { describe, expect, it } from 'vitest';
import { ownKubeconfig } from '../../src/cluster/own-paths.js';
import { LocalCluster } from '../../src/cluster/local/local-cluster.js';
import { K3sCluster } from '../../src/cluster/k3s.js';

describe('ownKubeconfig', () => {
  it('is the kubeconfig each driver writes, without loading the driver', () => {
    expect(ownKubeconfig('local')).toBe(new LocalCluster().kubeconfig);
    expect(ownKubeconfig('k3s')).toBe(new K3sCluster().kubeconfig);
  });
});
