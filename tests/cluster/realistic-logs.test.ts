import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { KubeObject } from '../../src/kube/types.js';
import { binaryPath } from '../../src/cluster/local/binaries.js';
import { dropNamespace, freshNamespace, testClient } from './helpers.js';

// cluster/logs (kwok ClusterLogs, wired into the kwokctl config by src/cluster/local/stages.ts)
// makes `kubectl logs` answer for Pods on the local cluster's kwok nodes.

const client = testClient();
const namespaces: string[] = [];
const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
const run = promisify(execFile);

afterAll(async () => {
  await Promise.all(namespaces.map((ns) => dropNamespace(client, ns)));
});

const pod = (name: string, container: string, image: string): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: container, image }] },
});

/** The lines of a log template in cluster/logs, without the CRI prefix (time, stream, F). */
const template = (file: string): string =>
  readFileSync(join(import.meta.dirname, '../../cluster/logs', file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' ').slice(3).join(' '))
    .join('\n') + '\n';

const kubectl = async (...args: string[]): Promise<string> =>
  (await run(binaryPath('kubectl'), ['--kubeconfig', inject('kubeconfig'), ...args])).stdout;

describe('kubectl logs on the local cluster', () => {
  it('prints the nginx, redis or generic log template, chosen by container name; -p too', async () => {
    const ns = freshNamespace('logs');
    namespaces.push(ns);
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    await client.create(pod('web-1', 'nginx', 'nginx:1.27'), ns);
    await client.create(pod('cache-1', 'redis', 'redis:7'), ns);
    await client.create(pod('other', 'other', 'busybox:1.36'), ns);
    const end = Date.now() + 20_000;
    while ((await client.list(POD, ns)).some((p) => p.status?.phase !== 'Running') && Date.now() < end)
      await new Promise((r) => setTimeout(r, 250));

    const nginx = await kubectl('logs', '-n', ns, 'web-1');
    expect(nginx).toBe(template('nginx.log'));
    expect(nginx).toContain('Configuration complete; ready for start up');
    expect(nginx).toMatch(/"GET \/ HTTP\/1\.1" 200 615/);
    const redis = await kubectl('logs', '-n', ns, 'cache-1', '-c', 'redis');
    expect(redis).toBe(template('redis.log'));
    expect(redis).toContain('Ready to accept connections tcp');
    expect(await kubectl('logs', '-n', ns, 'other')).toBe(template('generic.log'));
    expect(await kubectl('logs', '-n', ns, 'web-1', '--tail=1')).toBe(
      template('nginx.log').split('\n').slice(-2).join('\n'),
    );
    expect(await kubectl('logs', '-n', ns, 'web-1', '-p')).toBe(template('nginx.log'));
  });
});
