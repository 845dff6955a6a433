import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { binaryPath } from '../../src/cluster/local/binaries.js';
import { dropNamespace, freshNamespace, testClient, until } from './helpers.js';

// What notes/rbac.md and notes/rbac.en.md quote and claim, run with the cluster's own kubectl
// (1.35): kubectl's errors word for word, the yes/no of the kubectl auth can-i lines, the groups a
// ServiceAccount is in, and the built-in ClusterRoles' rights the notes describe.

const client = testClient();
const run = promisify(execFile);
const NOTES = join(import.meta.dirname, '../../notes');
let ns = '';

beforeAll(async () => {
  ns = freshNamespace('rbac-notes');
  await client.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  await kubectl('create', 'role', 'pod-reader', '--verb=get,list,watch', '--resource=pods');
  await kubectl('create', 'rolebinding', 'pod-reader-jane', '--role=pod-reader', '--user=jane');
});
afterAll(async () => {
  await dropNamespace(client, ns);
});

/** Runs the cluster's kubectl in the test namespace unless the arguments name one. */
async function kubectl(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const namespaced = args.some((a) => a === '-n' || a === '-A') ? [] : ['-n', ns];
  try {
    const r = await run(binaryPath('kubectl'), ['--kubeconfig', inject('kubeconfig'), ...namespaced, ...args]);
    return { code: 0, out: r.stdout, err: r.stderr };
  } catch (e) {
    const r = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof r.code === 'number' ? r.code : 1, out: r.stdout ?? '', err: r.stderr ?? '' };
  }
}

/** Both languages of the note. */
const both = (): { name: string; text: string }[] =>
  ['rbac.md', 'rbac.en.md'].map((name) => ({ name, text: readFileSync(join(NOTES, name), 'utf8') }));

/** The `code spans` of a note that contain `marker`. */
const spans = (text: string, marker: string): string[] =>
  [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!).filter((s) => s.includes(marker));

/** The lines of the note's ```text blocks that contain `marker`. */
const textLines = (text: string, marker: string): string[] =>
  [...text.matchAll(/```text\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n')).filter((l) => l.includes(marker));

describe('notes/rbac: what kubectl 1.35 prints and the cluster does', () => {
  it('changing roleRef is refused with the quoted error', async () => {
    const r = await kubectl(
      'patch',
      'rolebinding',
      'pod-reader-jane',
      '--type=merge',
      '-p',
      '{"roleRef":{"name":"other"}}',
    );
    expect(r.code).not.toBe(0);
    for (const note of both()) {
      const quoted = textLines(note.text, 'cannot change roleRef');
      expect(quoted, `${note.name} quotes the error`).toHaveLength(1);
      expect(r.err.trim(), note.name).toBe(quoted[0]);
    }
  });

  it('kubectl create rolebinding and create role say the quoted errors, and accept a missing Role', async () => {
    const sa = await kubectl('create', 'rolebinding', 'x', '--role=pod-reader', '--serviceaccount=deployer');
    const resource = await kubectl('create', 'role', 'z', '--verb=get', '--resource=deploymentz');
    for (const note of both()) {
      expect(spans(note.text, 'serviceaccount must be'), note.name).toEqual([sa.err.trim()]);
      expect(spans(note.text, "doesn't have a resource type"), note.name).toEqual([resource.err.trim()]);
    }
  });

  it('a RoleBinding to a missing Role is created, and kubectl auth can-i names the missing Role', async () => {
    expect((await kubectl('create', 'rolebinding', 'typo', '--role=pod-raeder', '--user=bob')).code).toBe(0);
    const r = await kubectl('auth', 'can-i', 'get', 'pods', '--as=bob');
    expect(r.code).toBe(1);
    for (const note of both()) expect(spans(note.text, 'not found'), note.name).toEqual([r.out.trim()]);
  });

  it('kubectl create role writes the plural and fills in the group', async () => {
    const pod = await kubectl('create', 'role', 'p', '--verb=get', '--resource=pod', '--dry-run=client', '-o', 'json');
    expect(JSON.parse(pod.out).rules).toEqual([{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }]);
    const deploy = await kubectl(
      'create',
      'role',
      'd',
      '--verb=get',
      '--resource=deployments',
      '--dry-run=client',
      '-o',
      'json',
    );
    expect(JSON.parse(deploy.out).rules[0].apiGroups).toEqual(['apps']);
  });

  it('answers the kubectl auth can-i lines as their comments say (no with exit code 1)', async () => {
    for (const note of both()) {
      const lines = note.text.split('\n').filter((l) => /^kubectl auth can-i .*#\s*(yes|no)\b/.test(l));
      expect(lines.length, `${note.name} shows yes and no answers`).toBe(3);
      for (const line of lines) {
        const [command, comment] = line.split('#') as [string, string];
        const args = command
          .trim()
          .split(/\s+/)
          .slice(1)
          .map((a) => (a === 'lab-rbac' ? ns : a));
        const r = await kubectl(...args);
        const expected = comment.trim().startsWith('yes') ? 'yes' : 'no';
        expect(`${r.out.trim()} ${r.code}`, line).toBe(expected === 'yes' ? 'yes 0' : 'no 1');
      }
    }
  });

  it('a ServiceAccount is user system:serviceaccount:<ns>:<name> in its two groups and system:authenticated', async () => {
    const who = await kubectl('auth', 'whoami', `--as=system:serviceaccount:${ns}:deployer`, '-o', 'json');
    expect(JSON.parse(who.out).status.userInfo).toEqual({
      username: `system:serviceaccount:${ns}:deployer`,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${ns}`, 'system:authenticated'],
    });
    const jane = await kubectl('auth', 'whoami', '--as=jane', '-o', 'json');
    expect(JSON.parse(jane.out).status.userInfo.groups).toEqual(['system:authenticated']);
  });

  it('view reads no Secrets, edit reads and writes them but no Roles, admin has RoleBindings', async () => {
    const rules = async (role: string) =>
      JSON.parse((await kubectl('get', 'clusterrole', role, '-o', 'json')).out).rules as {
        resources?: string[];
        verbs: string[];
      }[];
    const on = (r: Awaited<ReturnType<typeof rules>>, resource: string) =>
      r.filter((x) => x.resources?.includes(resource)).flatMap((x) => x.verbs);
    expect(on(await rules('view'), 'secrets')).toEqual([]);
    expect(on(await rules('edit'), 'secrets')).toEqual(expect.arrayContaining(['get', 'list', 'create', 'delete']));
    expect(on(await rules('edit'), 'roles')).toEqual([]);
    expect(on(await rules('admin'), 'rolebindings')).toEqual(expect.arrayContaining(['create']));
  });

  it('a Pod template naming a missing ServiceAccount makes the ReplicaSet report FailedCreate', async () => {
    await kubectl('create', 'deployment', 'x', '--image=nginx');
    await kubectl('set', 'serviceaccount', 'deployment', 'x', 'nosuch');
    const events = await until(
      async () => (await kubectl('get', 'events', '--field-selector', 'reason=FailedCreate', '-o', 'json')).out,
      (out) => out.includes('serviceaccount \\"nosuch\\" not found'),
    );
    expect(events).toContain('error looking up service account');
  });
});
