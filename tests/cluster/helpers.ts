import { inject } from 'vitest';
import { randomBytes } from 'node:crypto';
import { KubeClient } from '../../src/kube/client.js';
import { loadKubeConfig } from '../../src/kube/config.js';
import { memoryLog } from '../../src/util/log.js';
import { deleteLabNamespace } from '../../src/kube/namespace.js';
import { poll } from '../../src/util/poll.js';

/**
 * A client for the test cluster started in global-setup; test files run side by side and
 * lab proofs run 30 cases at once, so it may open a few connections.
 */
export function testClient(): KubeClient {
  return new KubeClient(loadKubeConfig({ kubeconfig: inject('kubeconfig') }), { maxSockets: 6 });
}

/** A fresh namespace name for one test: `t-<prefix>-<random>`. */
export const freshNamespace = (prefix: string): string => `t-${prefix}-${randomBytes(3).toString('hex')}`;

export const quietLog = () => memoryLog();

/** Deletes a test namespace without waiting for it to finish terminating. */
export async function dropNamespace(client: KubeClient, ns: string): Promise<void> {
  await deleteLabNamespace(client, ns, 0).catch(() => undefined);
}

/** Polls `get` every 250 ms until `done` holds or `timeoutMs` ms pass; returns the last value (src/util/poll.ts). */
export const until = <T>(get: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 20_000): Promise<T> =>
  poll(get, { intervalMs: 250, timeoutMs, done });

/** Creates a plain (not lab-labelled) namespace `t-<prefix>-<random>` and records it in `made` for clean-up. */
export async function plainNamespace(client: KubeClient, prefix: string, made: string[]): Promise<string> {
  const ns = freshNamespace(prefix);
  made.push(ns);
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  return ns;
}
