import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { execa } from 'execa';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { binaryPath } from '../../src/cluster/local/binaries.js';
import { contentRoot } from '../../src/util/paths.js';
import type { KubeObject } from '../../src/kube/types.js';
import { deleteLabNamespace } from '../../src/kube/namespace.js';
import { dropNamespace, testClient } from './helpers.js';

// What a learner made for a lab outside its reach (cluster-scoped, named for the lab, without
// cka-lab's labels): `lab reset` leaves it and says so with the kubectl command that deletes it;
// `--delete-my-objects` deletes exactly it. Labs of this test's own (CKA_LAB_HOME), with ids no
// other test uses, so every PriorityClass named here is this test's alone.
const repo = contentRoot();
const bin = join(repo, 'bin', 'lab.cjs');
const kubeconfig = inject('kubeconfig');
const client = testClient();

const suffix = randomBytes(3).toString('hex');
const id = `left-${suffix}`;
const longer = `${id}-more`; // a lab whose id starts with `<id>-`: its objects are not lab `id`'s
const home = mkdtempSync(join(tmpdir(), 'reset-leftovers-'));
const cache = mkdtempSync(join(tmpdir(), 'reset-leftovers-cache-'));
const lab = (...args: string[]) =>
  execa('node', [bin, ...args, '--kubeconfig', kubeconfig, '--lang', 'en'], {
    reject: false,
    env: { CKA_LAB_HOME: home, XDG_CACHE_HOME: cache },
  });

const PC = { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass' };
const OWN_LABELS = { 'app.kubernetes.io/managed-by': 'cka-lab', 'cka-lab.dev/lab': id };
const mine = `${id}-critical`; // the learner's, named for the lab
const plain = `critical-${suffix}`; // the learner's, not named for any lab
const theirs = `${longer}-high`; // the learner's, named for the longer lab
const labelled = `${id}-high`; // the lab's (as its solution would make it)
const setupPc = `${id}-setup`;

const priorityClass = (name: string, labels?: Record<string, string>): KubeObject => ({
  ...PC,
  metadata: { name, ...(labels ? { labels } : {}) },
  value: 1000,
});
const uid = async (name: string) => (await client.get(PC, name))?.metadata?.uid;

const labYaml = (labId: string) => `id: ${labId}
title: Leftovers
domain: Workloads & Scheduling
note: replicaset
clusterScoped: [PriorityClass]
setup:
  - manifests/${id}/setup.yaml
tasks:
  - id: priority
    title: A PriorityClass
    text: Create it
    solution:
      - run: kubectl create priorityclass ${labId}-high --value 1000
        apply: manifests/${id}/solution.yaml
    checks:
      - id: pc
        title: the PriorityClass exists
        type: object
        target: { apiVersion: scheduling.k8s.io/v1, kind: PriorityClass, name: ${labId}-high }
`;

beforeAll(() => {
  cpSync(join(repo, 'notes'), join(home, 'notes'), { recursive: true });
  mkdirSync(join(home, 'manifests', id), { recursive: true });
  const pcYaml = (name: string) =>
    `apiVersion: scheduling.k8s.io/v1\nkind: PriorityClass\nmetadata: { name: ${name} }\nvalue: 500\n`;
  writeFileSync(join(home, 'manifests', id, 'setup.yaml'), pcYaml(setupPc));
  writeFileSync(join(home, 'manifests', id, 'solution.yaml'), pcYaml(labelled));
  for (const labId of [id, longer]) {
    mkdirSync(join(home, 'labs', labId), { recursive: true });
    writeFileSync(join(home, 'labs', labId, 'lab.yaml'), labYaml(labId));
  }
});

afterAll(async () => {
  for (const name of [mine, plain, theirs, labelled, setupPc]) await client.delete(PC, name).catch(() => undefined);
  await dropNamespace(client, `lab-${id}`);
  for (const dir of [home, cache]) rmSync(dir, { recursive: true, force: true });
});

describe("lab reset and the learner's own cluster-scoped objects", () => {
  it('reports a prefixed unlabelled PriorityClass with its command and keeps it; the flag deletes exactly it', async () => {
    expect((await lab('start', id, '--allow-cluster-scope')).exitCode).toBe(0);
    for (const name of [mine, plain, theirs]) await client.create(priorityClass(name));
    await client.create(priorityClass(labelled, OWN_LABELS));
    const before = { mine: await uid(mine), plain: await uid(plain), theirs: await uid(theirs) };
    const setupUid = await uid(setupPc);

    const reset = await lab('reset', id, '--allow-cluster-scope');
    expect(reset.exitCode, reset.stderr).toBe(0);
    expect(reset.stderr).toContain(
      `PriorityClass ${mine}, named for the lab ${id}, was not created by cka-lab, so a reset leaves it: ` +
        `delete it with \`kubectl delete priorityclass ${mine}\` or run \`lab reset ${id} --delete-my-objects\`.`,
    );
    expect(reset.stderr).not.toContain(plain);
    expect(reset.stderr).not.toContain(theirs);
    expect(reset.stderr).not.toContain(labelled);
    expect(await uid(mine)).toBe(before.mine); // a plain reset never deletes it
    expect(await uid(plain)).toBe(before.plain);
    expect(await uid(theirs)).toBe(before.theirs);
    expect(await client.get(PC, labelled)).toBeUndefined(); // the lab's own: deleted, as before
    expect(await uid(setupPc)).not.toBe(setupUid); // the setup's: deleted and made afresh
    expect(await uid(setupPc)).toBeDefined();

    const deleting = await lab('reset', id, '--allow-cluster-scope', '--delete-my-objects');
    expect(deleting.exitCode, deleting.stderr).toBe(0);
    expect(deleting.stderr).toContain(`Deleted the PriorityClass ${mine} you made for the lab ${id}.`);
    expect(deleting.stderr).not.toContain('kubectl delete');
    expect(deleting.stderr).not.toContain(plain);
    expect(deleting.stderr).not.toContain(theirs);
    expect(await client.get(PC, mine)).toBeUndefined();
    expect(await uid(plain)).toBe(before.plain); // never touched
    expect(await uid(theirs)).toBe(before.theirs);
    expect(await uid(setupPc)).toBeDefined();

    // Nothing left: a reset says nothing about it.
    const quiet = await lab('reset', id, '--allow-cluster-scope');
    expect(quiet.exitCode).toBe(0);
    expect(quiet.stderr).not.toContain('not created by cka-lab');
  });

  it('a fresh lab start says so too, and the command it prints deletes the object', async () => {
    await deleteLabNamespace(client, `lab-${id}`); // waits until it is gone: the next start is fresh
    await client.create(priorityClass(mine));
    const start = await lab('start', id, '--allow-cluster-scope');
    expect(start.exitCode, start.stderr).toBe(0);
    const command = /`(kubectl delete [^`]+)`/.exec(start.stderr)?.[1];
    expect(command).toBe(`kubectl delete priorityclass ${mine}`);
    const [, ...args] = command!.split(' ');
    const run = await execa(binaryPath('kubectl'), ['--kubeconfig', kubeconfig, ...args], { reject: false });
    expect(run.exitCode, run.stderr).toBe(0);
    expect(await client.get(PC, mine)).toBeUndefined();

    // A start of a started lab leaves the learner's work alone and says nothing of it.
    await client.create(priorityClass(mine));
    const again = await lab('start', id, '--allow-cluster-scope');
    expect(again.exitCode).toBe(0);
    expect(again.stderr).not.toContain(mine);
  });
});
