import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { contentRoot } from '../../src/util/paths.js';
import { localReason } from '../../src/cluster/safety.js';
import { freshNamespace, testClient } from './helpers.js';

const bin = join(contentRoot(), 'bin', 'lab.cjs');
const kubeconfig = inject('kubeconfig');
const client = testClient();
const lab = (...args: string[]) => execa('node', [bin, ...args, '--kubeconfig', kubeconfig], { reject: false });

describe('only practice clusters, only our namespaces', () => {
  const bystander = freshNamespace('bystander');
  const labNs = freshNamespace('safe');
  const versions = async () => {
    const objects = [
      await client.get({ apiVersion: 'v1', kind: 'Namespace' }, bystander),
      await client.get({ apiVersion: 'v1', kind: 'ConfigMap' }, 'keep-me', bystander),
      await client.get({ apiVersion: 'v1', kind: 'Pod' }, 'myapp-pod-1', bystander),
      await client.get({ apiVersion: 'apps/v1', kind: 'ReplicaSet' }, 'myapp-replicaset', bystander),
    ];
    // What cka-lab could have changed: identity, labels, spec/data, and who wrote them
    // (status moves on its own as the Pod and ReplicaSet come up, so it is left out).
    return objects.map((o) =>
      JSON.stringify([
        o?.metadata?.uid,
        o?.metadata?.labels,
        o?.spec,
        o?.data,
        (o?.metadata?.managedFields as { manager: string; subresource?: string }[] | undefined)
          ?.filter((f) => !f.subresource)
          .map((f) => f.manager),
      ]),
    );
  };

  beforeAll(async () => {
    // A namespace someone else owns, holding objects with the very names the lab uses.
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: bystander } });
    await client.create(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'keep-me' }, data: { a: '1' } },
      bystander,
    );
    await client.create(
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'myapp-pod-1', labels: { app: 'myapp' } },
        spec: { containers: [{ name: 'c', image: 'nginx' }] },
      },
      bystander,
    );
    await client.create(
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'myapp-replicaset' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'other' } },
          template: { metadata: { labels: { app: 'other' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
        },
      },
      bystander,
    );
  });
  afterAll(async () => {
    await client.delete({ apiVersion: 'v1', kind: 'Namespace' }, bystander);
    await client.delete({ apiVersion: 'v1', kind: 'Namespace' }, labNs);
  });

  it('leaves other namespaces untouched through start, check, solution, reset, check --all and validate', async () => {
    // The scheduler binds the bystander Pod (spec.nodeName) on its own; snapshot after that.
    for (let i = 0; i < 120; i++) {
      const pod = await client.get({ apiVersion: 'v1', kind: 'Pod' }, 'myapp-pod-1', bystander);
      if (pod?.spec?.nodeName) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const before = await versions();
    expect(before.every((v) => !v.startsWith('[null'))).toBe(true);
    const start = await lab('start', 'replicaset', '-n', labNs, '--no-note');
    expect(start.exitCode, start.stderr).toBe(0);
    expect((await lab('check', 'replicaset', '-n', labNs)).exitCode).toBe(1);
    expect((await lab('solution', 'replicaset', '-n', labNs, '--apply')).exitCode).toBe(0);
    expect((await lab('reset', 'replicaset', '-n', labNs, '--no-note')).exitCode).toBe(0);
    await lab('check', '--all');
    expect((await lab('validate', 'replicaset')).exitCode).toBe(0);
    // Commands aimed at the foreign namespace are refused before they change anything.
    for (const cmd of [['start'], ['reset'], ['solution', '--apply']]) {
      const run = await lab(cmd[0]!, 'replicaset', '-n', bystander, ...cmd.slice(1));
      expect(run.exitCode, `${cmd.join(' ')} on a foreign namespace`).toBe(2);
    }
    expect(await versions()).toEqual(before);
  }, 120_000);

  it('refuses a context that does not look local, before sending it anything, unless --allow-remote', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'remote-'));
    try {
      const remote = join(dir, 'kubeconfig');
      // 203.0.113.0/24 is a documentation range: nothing is ever sent there (the refusal comes first).
      writeFileSync(
        remote,
        readFileSync(kubeconfig, 'utf8')
          .replace(/server: https:\/\/127\.0\.0\.1:\d+/, 'server: https://203.0.113.10:6443')
          .replace(/kwok-cka-lab-test/g, 'prod-eu'),
      );
      const run = await execa('node', [bin, 'check', 'replicaset', '--kubeconfig', remote], { reject: false });
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toBe(
        'error: The context "prod-eu" points at https://203.0.113.10:6443, which does not look like a local or lab cluster, so cka-lab will not touch it; pass --allow-remote if it is a classroom cluster you mean to use.',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('recognises local and lab clusters', async () => {
    const kc = (server: string, context: string) => {
      const k = new KubeConfig();
      k.loadFromOptions({
        clusters: [{ name: 'c', server }],
        users: [{ name: 'u' }],
        contexts: [{ name: context, cluster: 'c', user: 'u' }],
        currentContext: context,
      });
      return k;
    };
    expect(await localReason(kc('https://127.0.0.1:6443', 'x'))).toContain('on this machine');
    expect(await localReason(kc('https://localhost:6443', 'x'))).toContain('on this machine');
    expect(await localReason(kc('https://10.1.2.3:6443', 'kind-dev'))).toBeUndefined(); // names grant no trust
    expect(await localReason(kc('https://10.1.2.3:6443', 'minikube'))).toBeUndefined();
    expect(await localReason(kc('https://10.1.2.3:6443', 'prod'))).toBeUndefined();
    expect(await localReason(kc('https://k8s.example.com', 'staging'))).toBeUndefined();
  });
});
