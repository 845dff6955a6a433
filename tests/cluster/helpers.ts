import { inject } from 'vitest';
import { randomBytes } from 'node:crypto';
import { KubeClient } from '../../src/kube/client.js';
import { loadKubeConfig } from '../../src/kube/config.js';
import { memoryLog } from '../../src/util/log.js';
import { deleteLabNamespace } from '../../src/kube/namespace.js';

/** A client for the test cluster started in global-setup. */
export function testClient(): KubeClient {
  return new KubeClient(loadKubeConfig({ kubeconfig: inject('kubeconfig') }));
}

/** A fresh namespace name for one test: `t-<prefix>-<random>`. */
export const freshNamespace = (prefix: string): string => `t-${prefix}-${randomBytes(3).toString('hex')}`;

export const quietLog = () => memoryLog();

/** Deletes a test namespace without waiting for it to finish terminating. */
export async function dropNamespace(client: KubeClient, ns: string): Promise<void> {
  await deleteLabNamespace(client, ns, 0).catch(() => undefined);
}
