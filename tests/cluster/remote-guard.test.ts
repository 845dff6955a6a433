import { afterAll, describe, expect, it, inject } from 'vitest';
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { contentRoot } from '../../src/util/paths.js';

const bin = join(contentRoot(), 'bin', 'lab.cjs');
const kubeconfig = inject('kubeconfig');
const dir = mkdtempSync(join(tmpdir(), 'remote-guard-cluster-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the remote-context guard with the real local cluster', () => {
  it("refuses a remote context that a second KUBECONFIG file adds to cka-lab's own kubeconfig, and serves the local one", async () => {
    const own = readFileSync(kubeconfig, 'utf8');
    const context = /current-context: *(\S+)/.exec(own)?.[1];
    expect(context).toBeTruthy();
    const remote = join(dir, 'remote');
    // 203.0.113.0/24 is a documentation range: nothing answers there, and the refusal comes first.
    writeFileSync(
      remote,
      'apiVersion: v1\nkind: Config\nclusters:\n- name: prod\n  cluster: {server: "https://203.0.113.10:6443"}\nusers:\n- name: prod\n  user: {token: t}\n' +
        'contexts:\n- name: kind-prod\n  context: {cluster: prod, user: prod}\n',
    );
    const env = { KUBECONFIG: [kubeconfig, remote].join(delimiter) };
    const run = (...args: string[]) => execa('node', [bin, ...args], { reject: false, env, timeout: 30_000 });

    const refused = await run('check', 'replicaset', '--context', 'kind-prod');
    expect(refused.exitCode, refused.stderr).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('"kind-prod" points at https://203.0.113.10:6443');

    // The cluster's own context from the same KUBECONFIG reaches the cluster: the check runs and fails (exit 1).
    const served = await run('check', 'replicaset', '--context', context!, '-n', 'remote-guard-absent');
    expect(served.exitCode, served.stderr).toBe(1);
  }, 60_000);
});
