import { afterAll, describe, expect, it, inject } from 'vitest';
import { execa } from 'execa';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentRoot } from '../../src/util/paths.js';
import { dropNamespace, freshNamespace, testClient } from './helpers.js';

// The bundled CLI as users run it (`npm test` builds it first).
const bin = join(contentRoot(), 'bin', 'lab.cjs');
const kubeconfig = inject('kubeconfig');
const client = testClient();
const namespaces: string[] = [];
const dirs: string[] = [];

const lab = (args: string[], env: Record<string, string> = {}) =>
  execa('node', [bin, ...args], { reject: false, env, all: false });
const onCluster = (ns: string, ...args: string[]) => lab([...args, '--kubeconfig', kubeconfig, '-n', ns]);

afterAll(async () => {
  await Promise.all(namespaces.map((ns) => dropNamespace(client, ns)));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the lab CLI against the local cluster', () => {
  it('takes `lab check` from exit 1 to exit 0 through start, solution --apply and check', async () => {
    const ns = freshNamespace('cli');
    namespaces.push(ns);
    const start = await onCluster(ns, 'start', 'replicaset', '--no-note', '--lang', 'en');
    expect(start.exitCode).toBe(0);
    expect(start.stdout).toContain('1. Create the ReplicaSet myapp-replicaset');
    expect(start.stdout).toContain(`Add -n ${ns} to your kubectl commands.`);

    const before = await onCluster(ns, 'check', 'replicaset');
    expect(before.exitCode).toBe(1);
    expect(before.stdout).toContain('0 of 9 checks pass');

    const solution = await onCluster(ns, 'solution', 'replicaset', '--apply');
    expect(solution.exitCode).toBe(0);
    expect(solution.stdout).toContain('$ kubectl scale --replicas=6 replicaset myapp-replicaset');

    const after = await onCluster(ns, 'check', 'replicaset', '--wait', '30', '-o', 'json');
    expect(after.exitCode).toBe(0);
    const report = JSON.parse(after.stdout);
    expect(report).toMatchObject({ lab: 'replicaset', namespace: ns, pass: true, passed: 9, failed: 0 });
  });

  it('shows the Korean note and tasks with --lang ko', async () => {
    const ns = freshNamespace('ko');
    namespaces.push(ns);
    const start = await onCluster(ns, 'start', 'replicaset', '--lang', 'ko');
    expect(start.exitCode).toBe(0);
    expect(start.stdout).toContain('ReplicaSet myapp-replicaset 만들기');
    // The note is one command away (`lab start` shows the tasks first).
    expect(start.stdout).toContain('노트 보기: `lab note replicaset`');
    expect((await lab(['note', 'replicaset', '--lang', 'ko'])).stdout).toContain('matchLabels');
  });

  it('reports check results in Korean with --lang ko, and exits 1 on the setup state', async () => {
    const ns = freshNamespace('ko-check');
    namespaces.push(ns);
    expect((await onCluster(ns, 'start', 'replicaset', '--no-note')).exitCode).toBe(0);
    const check = await onCluster(ns, 'check', 'replicaset', '--lang', 'ko');
    expect(check.exitCode).toBe(1);
    expect(check.stdout).toContain(`ReplicaSet myapp-replicaset (apps/v1)이 namespace ${ns}에 없습니다`);
    expect(check.stdout).toContain('검사 9개 중 0개를 통과했습니다.');
    expect(check.stdout).toContain('힌트를 보려면 `lab hint replicaset` 명령을 실행하세요.');
    expect(check.stdout).not.toContain('does not exist');
    expect(check.stdout).not.toContain('checks pass');
  });

  it('refuses a namespace that cka-lab did not create (exit 2) and leaves it alone', async () => {
    const ns = freshNamespace('foreign');
    namespaces.push(ns);
    await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
    const start = await onCluster(ns, 'start', 'replicaset', '--no-note');
    expect(start.exitCode).toBe(2);
    expect(start.stderr).toContain(`The namespace ${ns} exists but was not created by cka-lab`);
    expect(start.stderr).not.toMatch(/\n\s+at /); // no stack trace without --debug
    const pods = await client.list({ apiVersion: 'v1', kind: 'Pod' }, ns);
    expect(pods).toEqual([]);
    // dropNamespace only deletes namespaces cka-lab labelled; remove this one directly.
    await client.delete({ apiVersion: 'v1', kind: 'Namespace' }, ns);
  });

  it('exits 3 with one sentence when the API server cannot be reached', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kc-'));
    dirs.push(dir);
    const dead = join(dir, 'kubeconfig');
    writeFileSync(
      dead,
      readFileSync(kubeconfig, 'utf8').replace(/server: https:\/\/127\.0\.0\.1:\d+/, 'server: https://127.0.0.1:9'),
    );
    const check = await lab(['check', 'replicaset', '--kubeconfig', dead]);
    expect(check.exitCode).toBe(3);
    expect(check.stderr).toMatch(
      /^error: Cannot reach the cluster of context "[^"]+" at https:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\); check that it is running .*, or pick another with --kubeconfig\/--context\.$/,
    );
  });

  it('exits 2 with file and line for a broken lab file', async () => {
    const home = mkdtempSync(join(tmpdir(), 'content-'));
    dirs.push(home);
    for (const d of ['labs', 'manifests', 'notes', 'package.json'])
      cpSync(join(contentRoot(), d), join(home, d), { recursive: true });
    const file = join(home, 'labs', 'replicaset', 'lab.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('type: pods-ready', 'type: pods-redy'));
    const check = await lab(['check', 'replicaset', '--kubeconfig', kubeconfig], { CKA_LAB_HOME: home });
    expect(check.exitCode).toBe(2);
    expect(check.stderr).toMatch(/lab\.yaml:\d+: tasks\[1\]\.checks\[1\]\.type: unknown check type "pods-redy"/);
  });

  it('exits 2 for an unknown command or lab', async () => {
    expect((await lab(['frobnicate'])).exitCode).toBe(2);
    const unknown = await lab(['check', 'no-such-lab', '--kubeconfig', kubeconfig]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('There is no lab "no-such-lab"');
  });
});
