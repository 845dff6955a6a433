import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { execa } from 'execa';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { contentRoot } from '../../src/util/paths.js';
import { dropNamespace, freshNamespace, testClient } from './helpers.js';

const repo = contentRoot();
const bin = join(repo, 'bin', 'lab.cjs');
const kubeconfig = inject('kubeconfig');
const client = testClient();

// Labs of this test's own, in a content root of its own (CKA_LAB_HOME), with ids no other
// test uses: their namespaces and cluster-scoped objects are this test's alone.
const suffix = randomBytes(3).toString('hex');
const own = `own-${suffix}`;
const race = `race-${suffix}`;
const home = mkdtempSync(join(tmpdir(), 'lab-ownership-'));
const cache = mkdtempSync(join(tmpdir(), 'lab-ownership-cache-'));
const learner = mkdtempSync(join(tmpdir(), 'learner-')); // a learner's working folder
afterAll(() => {
  for (const dir of [home, cache, learner]) rmSync(dir, { recursive: true, force: true });
});
const lab = (...args: string[]) =>
  execa('node', [bin, ...args, '--kubeconfig', kubeconfig, '--lang', 'en'], {
    reject: false,
    env: { CKA_LAB_HOME: home, XDG_CACHE_HOME: cache },
  });

const CR = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' };
const PC = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass' };
const NS = { apiVersion: 'v1', kind: 'Namespace' };

beforeAll(() => {
  cpSync(join(repo, 'notes'), join(home, 'notes'), { recursive: true });
  cpSync(join(repo, 'manifests'), join(home, 'manifests'), { recursive: true });
  cpSync(join(repo, 'labs', 'imperative-commands'), join(home, 'labs', 'imperative-commands'), { recursive: true });
  // The replicaset lab under another id.
  mkdirSync(join(home, 'labs', race), { recursive: true });
  writeFileSync(
    join(home, 'labs', race, 'lab.yaml'),
    readFileSync(join(repo, 'labs', 'replicaset', 'lab.yaml'), 'utf8').replace(/^id: replicaset$/m, `id: ${race}`),
  );
  // A lab with cluster-scoped objects: a ClusterRole in its setup, a PriorityClass in its solution,
  // and a second task whose solution tries to delete a ClusterRole it did not create.
  mkdirSync(join(home, 'manifests', own), { recursive: true });
  writeFileSync(
    join(home, 'manifests', own, 'setup.yaml'),
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: ${own}-reader }\nrules: [{ apiGroups: [""], resources: [pods], verbs: [get] }]\n---\n` +
      `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings, namespace: kube-system }\ndata: { a: "1" }\n`,
  );
  writeFileSync(
    join(home, 'manifests', own, 'priority.yaml'),
    `apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: { name: ${own}-high }\nvalue: 1000\n`,
  );
  mkdirSync(join(home, 'labs', own), { recursive: true });
  writeFileSync(
    join(home, 'labs', own, 'lab.yaml'),
    `id: ${own}
title: Own
domain: Cluster Architecture
note: replicaset
clusterScoped: [ClusterRole, PriorityClass]
setup:
  - manifests/${own}/setup.yaml
tasks:
  - id: priority
    title: A PriorityClass
    text: Create it
    solution:
      - run: kubectl create priorityclass ${own}-high --value 1000
        apply: manifests/${own}/priority.yaml
    checks:
      - id: pc
        title: the PriorityClass exists
        type: object
        target: { apiVersion: scheduling.k8s.io/v1, kind: PriorityClass, name: ${own}-high }
  - id: foreign
    title: Delete a ClusterRole
    text: Delete it
    solution:
      - run: kubectl delete clusterrole ${own}-foreign
        delete: { apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, name: ${own}-foreign }
    checks:
      - id: gone
        title: gone
        type: absent
        objects: { apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, names: [${own}-foreign] }
`,
  );
});

afterAll(async () => {
  for (const name of [`${own}-reader`, `${own}-foreign`]) await client.delete(CR, name).catch(() => undefined);
  await client.delete(PC, `${own}-high`).catch(() => undefined);
  await dropNamespace(client, `lab-${own}`);
  await dropNamespace(client, `lab-${race}`);
});

describe('a lab touches only what it owns', () => {
  it('needs --allow-cluster-scope on a context cluster, labels its cluster-scoped objects, never touches others, and reset replaces exactly its own', async () => {
    await client.create({ ...CR, metadata: { name: `${own}-foreign` }, rules: [] });

    const refused = await lab('start', own, '--no-note');
    expect(refused.exitCode).toBe(2);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain(`creates cluster-scoped objects (ClusterRole, PriorityClass, named ${own}-...)`);
    expect(refused.stderr).toContain('--allow-cluster-scope');
    expect(await client.get(NS, `lab-${own}`)).toBeUndefined();
    expect(await client.get(CR, `${own}-reader`)).toBeUndefined();

    const start = await lab('start', own, '--no-note', '--allow-cluster-scope');
    expect(start.stderr).not.toMatch(/error/i);
    expect(start.exitCode).toBe(0);
    const reader = await client.get(CR, `${own}-reader`);
    expect(reader?.metadata?.labels).toMatchObject({
      'app.kubernetes.io/managed-by': 'cka-lab',
      'cka-lab.dev/lab': own,
    });
    // The namespaced ConfigMap landed in the lab namespace, not in kube-system.
    expect(await client.get({ apiVersion: 'v1', kind: 'ConfigMap' }, 'settings', `lab-${own}`)).toBeDefined();
    expect(await client.get({ apiVersion: 'v1', kind: 'ConfigMap' }, 'settings', 'kube-system')).toBeUndefined();

    // The solution creates the lab's PriorityClass, then refuses to delete a ClusterRole the lab did not create.
    const solution = await lab('solution', own, '--apply', '--allow-cluster-scope');
    expect(solution.exitCode).toBe(2);
    expect(solution.stderr).toContain(
      `ClusterRole ${own}-foreign was not created by the lab ${own}, so cka-lab will not change or delete it.`,
    );
    expect(await client.get(CR, `${own}-foreign`)).toBeDefined();
    expect((await client.get(PC, `${own}-high`))?.metadata?.labels?.['cka-lab.dev/lab']).toBe(own);

    const nsUid = (await client.get(NS, `lab-${own}`))?.metadata?.uid;
    const reset = await lab('reset', own, '--no-note', '--allow-cluster-scope');
    expect(reset.exitCode).toBe(0);
    expect(await client.get(PC, `${own}-high`)).toBeUndefined(); // made after the setup: gone
    const again = await client.get(CR, `${own}-reader`);
    expect(again?.metadata?.uid).not.toBe(reader?.metadata?.uid); // deleted and made afresh
    expect(await client.get(CR, `${own}-foreign`)).toBeDefined(); // not the lab's: untouched
    expect((await client.get(NS, `lab-${own}`))?.metadata?.uid).toBe(nsUid); // the same namespace, emptied in place
  });
});

describe('a file check whose path is a folder', () => {
  const ns = freshNamespace('filedir');
  afterAll(() => dropNamespace(client, ns));

  it('fails that check with one sentence and still reports the others', async () => {
    expect((await lab('start', 'imperative-commands', '-n', ns, '--no-note')).exitCode).toBe(0);
    mkdirSync(join(learner, 'webapp.yaml'));
    const check = await lab('check', 'imperative-commands', '-n', ns, '--dir', learner, '-o', 'json');
    expect(check.exitCode).toBe(1);
    const report = JSON.parse(check.stdout);
    const checks = (report.labs?.[0] ?? report).tasks.flatMap(
      (t: { checks: { id: string; pass: boolean; summary: string }[] }) => t.checks,
    );
    const fileChecks = checks.filter((c: { summary: string }) =>
      c.summary.includes('webapp.yaml is a folder, not a file'),
    );
    expect(fileChecks.length).toBeGreaterThan(0);
    expect(checks.length).toBeGreaterThan(fileChecks.length);
  });
});

describe('resets and checks at once on one lab', () => {
  it('five checks and three resets: one namespace, no 403, each under 60 s, ending in the setup', async () => {
    const ns = `lab-${race}`;
    expect((await lab('start', race, '--no-note')).exitCode).toBe(0);
    const uid = (await client.get(NS, ns))?.metadata?.uid;
    expect((await lab('solution', race, '--apply')).exitCode).toBe(0);

    const timed = async (args: string[]) => {
      const t0 = performance.now();
      const r = await lab(...args);
      return { args, r, ms: performance.now() - t0 };
    };
    const runs = await Promise.all([
      ...Array.from({ length: 5 }, () => timed(['check', race])),
      ...Array.from({ length: 3 }, () => timed(['reset', race, '--no-note'])),
    ]);
    for (const { args, r, ms } of runs) {
      expect(ms, args.join(' ')).toBeLessThan(60_000);
      expect(`${r.stdout}${r.stderr}`, args.join(' ')).not.toMatch(/403|forbidden/i);
      expect(args[0] === 'reset' ? [0] : [0, 1], `${args.join(' ')}: ${r.stderr}`).toContain(r.exitCode);
    }
    const labNamespaces = await client.list(NS, undefined, `cka-lab.dev/lab=${race}`);
    expect(labNamespaces.map((n) => n.metadata?.name)).toEqual([ns]);
    expect((await client.get(NS, ns))?.metadata?.uid).toBe(uid);
    // The setup state: the two bare Pods, no ReplicaSet.
    expect(await client.list({ apiVersion: 'apps/v1', kind: 'ReplicaSet' }, ns)).toEqual([]);
    const pods = await client.list({ apiVersion: 'v1', kind: 'Pod' }, ns);
    expect(pods.map((p) => p.metadata?.name).sort()).toEqual(['myapp-pod-1', 'myapp-pod-2']);
    expect((await lab('check', race)).exitCode).toBe(1);
  });

  it('a validated-lab cache entry edited to pass, or set to {}, neither fools nor crashes `lab check`', async () => {
    const dir = join(cache, 'cka-lab', 'labs');
    const entries = readdirSync(dir);
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) {
      const entry = JSON.parse(readFileSync(join(dir, e), 'utf8'));
      for (const task of entry.lab.tasks)
        task.checks = [
          { id: 'x', title: 'x', type: 'absent', objects: { apiVersion: 'v1', kind: 'Pod', names: ['nothing-here'] } },
        ];
      writeFileSync(join(dir, e), JSON.stringify(entry));
    }
    const poisoned = await lab('check', race);
    expect(poisoned.stderr).toBe('');
    expect(poisoned.exitCode).toBe(1);
    for (const e of entries) writeFileSync(join(dir, e), '{}');
    const empty = await lab('check', race);
    expect(empty.stderr).toBe('');
    expect(empty.exitCode).toBe(1);
  });
});
