import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { execa } from 'execa';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeClient } from '../../src/kube/client.js';
import { loadKubeConfig } from '../../src/kube/config.js';
import { AccessError } from '../../src/errors.js';
import { learnerKubeconfigPath } from '../../src/class/paths.js';
import { learnerNamespace, learnerRoleName } from '../../src/class/names.js';
import { learnerUser } from '../../src/class/objects.js';
import { readRoster } from '../../src/class/roster.js';
import { watchClass, type SeatReport } from '../../src/class/status.js';
import { loadLab } from '../../src/labs/loader.js';
import { contentRoot } from '../../src/util/paths.js';
import { dropNamespace, freshNamespace, testClient, until } from './helpers.js';

// A class of three learners on the local cluster, through the bundled CLI: the instructor makes
// it, each learner works with the kubeconfig handed out, nobody reaches another's namespace,
// and the instructor's table says what each learner's own `lab check` says.

const bin = join(contentRoot(), 'bin', 'lab.cjs');
const admin = inject('kubeconfig');
const client = testClient();
const stateHome = mkdtempSync(join(tmpdir(), 'cka-lab-class-state-'));
process.env.XDG_STATE_HOME = stateHome; // learnerKubeconfigPath below reads it
const lab = (...args: string[]) =>
  execa('node', [bin, ...args, '--lang', 'en'], {
    cwd: stateHome,
    reject: false,
    env: { XDG_STATE_HOME: stateHome },
  });

const klass = `c${randomBytes(2).toString('hex')}`;
const LEARNERS = ['alice', 'bob', 'carol'];
const LABS = ['replicaset', 'service-clusterip'];
const ns = (learner: string, labId: string) => learnerNamespace(klass, learner, labId);
const file = (learner: string) => learnerKubeconfigPath(klass, learner);
const as = (learner: string, ...args: string[]) => lab(...args, '--kubeconfig', file(learner));
const clientOf = (learner: string) => new KubeClient(loadKubeConfig({ kubeconfig: file(learner) }), { retries: 0 });

const bystander = freshNamespace('class-bystander');
let deleted = false;
beforeAll(async () => {
  // A namespace of someone else's, which the class must never touch.
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: bystander } });
  const made = await lab(
    'class',
    'create',
    klass,
    '--learners',
    LEARNERS.join(','),
    '--labs',
    LABS.join(','),
    '--kubeconfig',
    admin,
  );
  expect(made.stderr + made.stdout).toContain(file('alice'));
  expect(made.exitCode).toBe(0);
}, 180_000);
afterAll(async () => {
  if (!deleted) await lab('class', 'delete', klass, '--kubeconfig', admin);
  await dropNamespace(client, bystander);
  rmSync(stateHome, { recursive: true, force: true });
});

/** Whether the API server would let `user` do `verb` on `resource` in `namespace` (SubjectAccessReview). */
async function allowed(user: string, verb: string, resource: string, namespace?: string): Promise<boolean> {
  const review = await client.request<{ status: { allowed: boolean } }>(
    'POST',
    '/apis/authorization.k8s.io/v1/subjectaccessreviews',
    {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      spec: {
        user,
        groups: ['system:serviceaccounts', `system:serviceaccounts:${klass}-class`, 'system:authenticated'],
        resourceAttributes: { verb, resource, namespace, group: resource === 'deployments' ? 'apps' : '' },
      },
    },
  );
  return review.status.allowed;
}

/** The pass of every task of a `lab check -o json` report, by task id. */
const taskPasses = (report: { tasks: { id: string; pass: boolean }[] }) =>
  Object.fromEntries(report.tasks.map((t) => [t.id, t.pass]));

describe('lab class', () => {
  it('hands out one kubeconfig per learner, mode 0600, whose context is their first lab', () => {
    for (const learner of LEARNERS) {
      expect(statSync(file(learner)).mode & 0o777).toBe(0o600);
      const kc = loadKubeConfig({ kubeconfig: file(learner) });
      expect(kc.getContextObject(kc.getCurrentContext())?.namespace).toBe(ns(learner, LABS[0]!));
    }
  });

  it('lets each learner do their own labs with their kubeconfig, as on a laptop', async () => {
    const started = await as('alice', 'start', 'replicaset');
    expect(started.stderr + started.stdout).toContain(ns('alice', 'replicaset'));
    expect(started.exitCode).toBe(0);
    // The reference solution through the learner's rights: a reset (the namespace emptied in place) and the steps.
    const solvedA = await as('alice', 'solution', 'replicaset', '--apply');
    expect(solvedA.stderr).not.toMatch(/forbidden|cannot|warn/i);
    expect(solvedA.exitCode).toBe(0);
    const solvedB = await as('bob', 'solution', 'service-clusterip', '--apply');
    expect(solvedB.exitCode).toBe(0);
    const checkA = await as('alice', 'check', 'replicaset', '-o', 'json');
    expect(checkA.exitCode).toBe(0);
    expect(JSON.parse(checkA.stdout).namespace).toBe(ns('alice', 'replicaset'));
    const checkC = await as('carol', 'check', 'replicaset', '-o', 'json');
    expect(checkC.exitCode).toBe(1);
  }, 120_000);

  it("keeps each learner out of every other learner's namespace and everything cluster-wide (SubjectAccessReview)", async () => {
    const alice = learnerUser(klass, 'alice');
    for (const verb of ['get', 'list', 'create', 'delete', 'watch'])
      for (const resource of ['pods', 'secrets', 'deployments']) {
        expect(await allowed(alice, verb, resource, ns('alice', 'replicaset'))).toBe(true);
        expect(await allowed(alice, verb, resource, ns('bob', 'replicaset'))).toBe(false);
        expect(await allowed(alice, verb, resource, ns('carol', 'service-clusterip'))).toBe(false);
        expect(await allowed(alice, verb, resource, bystander)).toBe(false);
        expect(await allowed(alice, verb, resource, `${klass}-class`)).toBe(false);
      }
    // Her own namespace object: read, never changed or deleted.
    expect(await allowed(alice, 'get', 'namespaces', ns('alice', 'replicaset'))).toBe(true);
    for (const verb of ['delete', 'patch', 'update'])
      expect(await allowed(alice, verb, 'namespaces', ns('alice', 'replicaset'))).toBe(false);
    for (const verb of ['list', 'create']) expect(await allowed(alice, verb, 'namespaces')).toBe(false);
    expect(await allowed(alice, 'list', 'nodes')).toBe(false);
    expect(await allowed(alice, 'create', 'clusterroles')).toBe(false);
  });

  it("keeps each learner out of every other learner's namespace (trying with their kubeconfig)", async () => {
    const alice = clientOf('alice');
    const POD = { apiVersion: 'v1', kind: 'Pod' };
    expect((await alice.list(POD, ns('alice', 'replicaset'))).length).toBeGreaterThan(0);
    await expect(alice.list(POD, ns('bob', 'replicaset'))).rejects.toBeInstanceOf(AccessError);
    await expect(alice.list(POD, bystander)).rejects.toBeInstanceOf(AccessError);
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'from-alice' }, data: { a: '1' } };
    await expect(alice.create(cm, ns('bob', 'service-clusterip'))).rejects.toBeInstanceOf(AccessError);
    await expect(alice.delete({ apiVersion: 'v1', kind: 'Namespace' }, ns('bob', 'replicaset'))).rejects.toBeInstanceOf(
      AccessError,
    );
    await expect(alice.list({ apiVersion: 'v1', kind: 'Node' })).rejects.toBeInstanceOf(AccessError);
    // Through the CLI: -n pointing at bob's namespace is refused by the API server.
    const peek = await as('alice', 'check', 'replicaset', '-n', ns('bob', 'replicaset'));
    expect(peek.exitCode).not.toBe(0);
    expect(peek.exitCode).not.toBe(1);
  });

  it("shows the instructor a table that matches each learner's own lab check", async () => {
    const status = await lab('class', 'status', klass, '--once', '-o', 'json', '--kubeconfig', admin);
    expect(status.exitCode).toBe(0);
    const table = JSON.parse(status.stdout) as {
      learner: string;
      lab: string;
      tasks: { id: string; pass: boolean }[];
    }[];
    expect(table).toHaveLength(LEARNERS.length * LABS.length);
    for (const learner of LEARNERS)
      for (const labId of LABS) {
        const own = await as(learner, 'check', labId, '-o', 'json');
        const row = table.find((r) => r.learner === learner && r.lab === labId)!;
        expect(taskPasses(row), `${learner} ${labId}`).toEqual(taskPasses(JSON.parse(own.stdout)));
      }
    expect(taskPasses(table.find((r) => r.learner === 'alice' && r.lab === 'replicaset')!)).toEqual({
      create: true,
      scale: true,
    });
    const text = await lab('class', 'status', klass, '--once', '--kubeconfig', admin);
    expect(text.stdout).toMatch(/^LEARNER\s+replicaset\s+service-clusterip/m);
    expect(text.stdout).toMatch(/^alice\s+✓✓ 2\/2/m);
  }, 60_000);

  it('updates the table from watch events when a learner changes something', async () => {
    const seats = await readRoster(client, klass);
    const labs = new Map(await Promise.all(LABS.map(async (id) => [id, await loadLab(id)] as const)));
    let requests = 0;
    const paths: string[] = [];
    const counted = new KubeClient(client.kubeConfig, {
      onRequest: (method, path) => {
        requests++;
        paths.push(`${method} ${path}`);
      },
    });
    const updates: SeatReport[][] = [];
    const board = await watchClass(counted, seats, labs, { lang: 'en', onUpdate: (r) => updates.push(r) });
    try {
      const carol = () => board.reports().find((r) => r.learner === 'carol' && r.lab === 'replicaset')!;
      expect(carol().report.pass).toBe(false);
      const afterStart = requests;
      const solved = await as('carol', 'solution', 'replicaset', '--apply');
      expect(solved.exitCode).toBe(0);
      await until(async () => carol().report.pass, Boolean, 20_000);
      expect(carol().report.pass).toBe(true);
      // Re-checks read the watch cache: no list or get was sent after the start.
      expect(paths.slice(afterStart)).toEqual([]);
    } finally {
      board.stop();
    }
  }, 60_000);

  it('grades the class as JUnit, CSV and JSON', async () => {
    const junit = await lab('class', 'grade', klass, '-o', 'junit', '--kubeconfig', admin);
    expect(junit.exitCode).toBe(0);
    expect(junit.stdout).toContain(`replicaset (${ns('alice', 'replicaset')})`);
    const csv = await lab('class', 'grade', klass, '-o', 'csv', '--kubeconfig', admin);
    expect(csv.stdout.split('\r\n')[0]).toBe('class,learner,lab,namespace,task,points,pass,checks_passed,checks');
    expect(csv.stdout).toContain(`${klass},alice,replicaset,${ns('alice', 'replicaset')},create,`);
    const json = JSON.parse((await lab('class', 'grade', klass, '-o', 'json', '--kubeconfig', admin)).stdout);
    expect(
      json.find((g: { learner: string; lab: string }) => g.learner === 'bob' && g.lab === 'service-clusterip').pass,
    ).toBe(true);
  }, 60_000);

  it('deletes exactly what the class made', async () => {
    const done = await lab('class', 'delete', klass, '--kubeconfig', admin);
    expect(done.exitCode).toBe(0);
    deleted = true;
    const left = await client.list({ apiVersion: 'v1', kind: 'Namespace' });
    const names = left.map((n) => n.metadata!.name!);
    expect(names.filter((n) => n.startsWith(`${klass}-`))).toEqual([]);
    expect(names).toContain(bystander);
    const role = await client.get(
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' },
      learnerRoleName(klass),
    );
    expect(role).toBeUndefined();
    expect(existsSync(file('alice'))).toBe(false);
    const again = await lab('class', 'delete', klass, '--kubeconfig', admin);
    expect(again.exitCode).toBe(2);
    expect(readFileSync(admin, 'utf8')).toContain('current-context');
  }, 150_000);
});
