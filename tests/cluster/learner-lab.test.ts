import { afterAll, describe, expect, it, inject } from 'vitest';
import { execa } from 'execa';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { readProgress } from '../../src/progress/store.js';
import { contentRoot } from '../../src/util/paths.js';
import { dropNamespace, freshNamespace, testClient } from './helpers.js';

// A learner's day through the bundled CLI: the lab's working folder, a namespace that keeps its
// name, `lab start` that keeps a started lab, `lab solution --apply` from a clean lab, and
// `lab check` without a lab name.

const repo = contentRoot();
const bin = join(repo, 'bin', 'lab.cjs');
const kubeconfig = inject('kubeconfig');
const client = testClient();

// A state folder of this file's own (progress, exam and working folders), shared by the CLI
// children and this process; the learner works in yet another folder.
const stateHome = mkdtempSync(join(tmpdir(), 'cka-lab-learner-state-'));
process.env.XDG_STATE_HOME = stateHome;
const elsewhere = mkdtempSync(join(tmpdir(), 'cka-lab-learner-cwd-'));
const lab = (...args: string[]) =>
  execa('node', [bin, ...args, '--lang', 'en'], {
    cwd: elsewhere,
    reject: false,
    env: { XDG_STATE_HOME: stateHome },
  });
const onCluster = (...args: string[]) => lab(...args, '--kubeconfig', kubeconfig);

const NS = { apiVersion: 'v1', kind: 'Namespace' };
const POD = { apiVersion: 'v1', kind: 'Pod' };
const made: string[] = [];
const dirs = [stateHome, elsewhere];
afterAll(async () => {
  await Promise.all(made.map((ns) => dropNamespace(client, ns)));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The checks of a `lab check -o json` report, by id. */
function checks(stdout: string): Map<string, { pass: boolean; summary: string }> {
  const report = JSON.parse(stdout);
  type Check = { id: string; pass: boolean; summary: string };
  return new Map(
    (report.tasks as { checks: Check[] }[]).flatMap((t) => t.checks).map((c) => [c.id, c] as [string, Check]),
  );
}

/** A copy of the test kubeconfig whose current context uses `namespace`. */
function kubeconfigIn(namespace: string): string {
  const config = parse(readFileSync(kubeconfig, 'utf8'));
  const current = config.contexts.find((c: { name: string }) => c.name === config['current-context']);
  current.context.namespace = namespace;
  const dir = mkdtempSync(join(tmpdir(), 'learner-kubeconfig-'));
  dirs.push(dir);
  const file = join(dir, 'config');
  writeFileSync(file, stringify(config), { mode: 0o600 });
  return file;
}

describe("the lab's working folder", () => {
  const id = 'imperative-commands';
  const ns = `lab-${id}`;
  const dir = join(stateHome, 'cka-lab', 'work', ns);
  const saved = join(repo, 'manifests', id, 'solution', 'webapp.yaml');
  made.push(ns);

  it('is made and shown by lab start, printed by lab dir, and lab env takes you there', async () => {
    const start = await onCluster('start', id, '--no-note');
    expect(start.exitCode, start.stderr).toBe(0);
    expect(start.stdout).toContain(`Your working folder, where file checks look: ${dir}  (cd "$(lab dir ${id})")`);
    expect(readdirSync(dir)).toEqual([]);

    const printed = await lab('dir', id);
    expect(printed.exitCode, printed.stderr).toBe(0);
    expect(printed.stdout).toBe(dir);

    const env = await lab('env', id);
    expect(env.stdout.split('\n')).toContain(`cd '${dir}'`);
    // Without a lab: the one whose namespace the context names (-n here), when its folder exists.
    expect((await lab('env', '-n', ns)).stdout.split('\n')).toContain(`cd '${dir}'`);
    expect((await lab('env', '-n', ns, '--no-cd')).stdout).not.toContain('cd ');
    const shell = await execa('bash', ['-c', 'eval "$(node "$1" env "$2")" && pwd', 'env', bin, id], {
      cwd: elsewhere,
      env: { XDG_STATE_HOME: stateHome },
    });
    expect(shell.stdout.trim()).toBe(dir);
  });

  it('is where file checks look by default, whatever the current folder', async () => {
    const before = checks((await onCluster('check', id, '-o', 'json')).stdout);
    expect(before.get('webapp-file')).toMatchObject({ pass: false });
    expect(before.get('webapp-file')!.summary).toContain(dir);

    writeFileSync(join(elsewhere, 'webapp.yaml'), readFileSync(saved)); // the current folder does not count
    expect(checks((await onCluster('check', id, '-o', 'json')).stdout).get('webapp-file')!.pass).toBe(false);

    copyFileSync(saved, join(dir, 'webapp.yaml'));
    const after = checks((await onCluster('check', id, '-o', 'json')).stdout);
    expect(after.get('webapp-file')).toMatchObject({ pass: true });
    expect(after.get('webapp-file-dry-run')).toMatchObject({ pass: true });
    // --dir still reads another folder.
    const other = mkdtempSync(join(tmpdir(), 'learner-other-'));
    dirs.push(other);
    expect(checks((await onCluster('check', id, '--dir', other, '-o', 'json')).stdout).get('webapp-file')!.pass).toBe(
      false,
    );
  });

  it('is emptied by lab reset, so a leftover file never scores, in the namespace that keeps its name lab-<id>', async () => {
    const uid = (await client.get(NS, ns))?.metadata?.uid;
    expect(uid).toBeDefined();
    expect(readdirSync(dir)).toEqual(['webapp.yaml']);
    for (let i = 0; i < 2; i++) {
      const reset = await onCluster('reset', id, '--no-note');
      expect(reset.exitCode, reset.stderr).toBe(0);
      expect(reset.stdout).toContain(`(namespace ${ns})`);
      // The same namespace, emptied in place: not deleted and made again, not lab-<id>-2.
      expect((await client.get(NS, ns))?.metadata?.uid).toBe(uid);
      expect(await client.get(NS, `${ns}-2`)).toBeUndefined();
    }
    expect(existsSync(dir)).toBe(true);
    expect(readdirSync(dir)).toEqual([]);
    expect(checks((await onCluster('check', id, '-o', 'json')).stdout).get('webapp-file')!.pass).toBe(false);
  });

  it('is emptied by lab exam, so a leftover file never scores an exam task', { timeout: 120_000 }, async () => {
    copyFileSync(saved, join(dir, 'webapp.yaml'));
    const exam = await onCluster('exam', '--labs', id, '--detach', '--duration', '5m');
    expect(exam.exitCode, exam.stderr).toBe(0);
    expect(exam.stdout).toContain('Save the files the tasks ask for in the working folder of their lab');
    expect(readdirSync(dir)).toEqual([]);
    const submit = await onCluster('exam', 'submit', '-o', 'json');
    const result = JSON.parse(submit.stdout);
    expect(result.tasks.find((t: { task: string }) => t.task === 'generate-deployment')).toMatchObject({
      pass: false,
      earnedPoints: 0,
    });
  });
});

describe('lab start on a started lab', () => {
  const ns = freshNamespace('learner-again');
  made.push(ns);

  it("keeps the learner's work instead of applying the setup over it, and says so", async () => {
    expect((await onCluster('start', 'replicaset', '-n', ns, '--no-note')).exitCode).toBe(0);
    await client.delete(POD, 'myapp-pod-1', ns);
    const again = await onCluster('start', 'replicaset', '-n', ns, '--no-note');
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stderr).toContain(
      `The lab replicaset is already started in namespace ${ns}, and your work there is kept; ` +
        '`lab reset replicaset` takes it back to the setup.',
    );
    expect(again.stdout).toContain('1. Create the ReplicaSet myapp-replicaset'); // the tasks again
    const pod = await client.get(POD, 'myapp-pod-1', ns);
    expect(pod === undefined || pod.metadata?.deletionTimestamp !== undefined).toBe(true); // not put back
  });
});

describe('lab solution --apply', () => {
  const ns = freshNamespace('learner-solution');
  made.push(ns);

  it('resets the lab first, ends with every check passing, and records it as solved with the solution', async () => {
    expect((await onCluster('start', 'replicaset', '-n', ns, '--no-note')).exitCode).toBe(0);
    // The learner's wrong ReplicaSet: its selector is immutable, so no apply over it can fix it.
    await client.create(
      {
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'myapp-replicaset' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'wrong' } },
          template: { metadata: { labels: { app: 'wrong' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
        },
      },
      ns,
    );
    const solution = await onCluster('solution', 'replicaset', '-n', ns, '--apply');
    expect(solution.exitCode, solution.stderr).toBe(0);
    expect(solution.stderr).toContain(`Resetting ${ns} to the setup first`);
    expect(solution.stderr).toMatch(new RegExp(`Applied the reference solution in ${ns}: all \\d+ checks pass\\.`));

    const check = await onCluster('check', 'replicaset', '-n', ns);
    expect(check.exitCode, check.stdout).toBe(0);
    expect(check.stderr).toContain('This pass is recorded as solved with the reference solution, not as your own');
    const progress = readProgress().labs.replicaset!;
    expect(progress.firstPassedAt).toBeUndefined();
    expect(progress.solvedWithSolutionAt).toBeDefined();
  });
});

describe('lab check without a lab name', () => {
  const a = freshNamespace('learner-here');
  const b = freshNamespace('learner-there');
  made.push(a, b);

  it('checks the lab whose namespace the current context uses, else names the choices', async () => {
    expect((await onCluster('start', 'replicaset', '-n', a, '--no-note')).exitCode).toBe(0);
    expect((await onCluster('start', 'pods', '-n', b, '--no-note')).exitCode).toBe(0);

    const here = await lab('check', '-o', 'json', '--kubeconfig', kubeconfigIn(b));
    expect(JSON.parse(here.stdout)).toMatchObject({ lab: 'pods', namespace: b });
    const there = await lab('check', '-o', 'json', '--kubeconfig', kubeconfigIn(a));
    expect(JSON.parse(there.stdout)).toMatchObject({ lab: 'replicaset', namespace: a });
    const flag = await onCluster('check', '-n', b, '-o', 'json');
    expect(JSON.parse(flag.stdout)).toMatchObject({ lab: 'pods', namespace: b });

    const none = await lab('check', '--kubeconfig', kubeconfigIn('default'));
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toMatch(/^error: Several labs are started \(.*\) and the current context names none of them;/);
    expect(none.stderr).toContain(`replicaset (-n ${a})`);
    expect(none.stderr).toContain(`pods (-n ${b})`);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('lab hint and lab dir pick the same lab as lab check', async () => {
    const hint = await lab('hint', '--kubeconfig', kubeconfigIn(b));
    expect(hint.exitCode, hint.stderr).toBe(0);
    expect(hint.stdout).toMatch(/^Run the Pod nginx without writing YAML — hint 1\/\d/);
    const hintA = await lab('hint', '--kubeconfig', kubeconfigIn(a));
    expect(hintA.stdout).toMatch(/^Create the ReplicaSet myapp-replicaset.* — hint 1\/\d/);

    const dir = await lab('dir', '--kubeconfig', kubeconfigIn(b));
    expect(dir.exitCode, dir.stderr).toBe(0);
    expect(dir.stdout).toBe(join(stateHome, 'cka-lab', 'work', b));
    expect((await onCluster('dir', '-n', a)).stdout).toBe(join(stateHome, 'cka-lab', 'work', a));

    for (const command of ['hint', 'dir']) {
      const none = await lab(command, '--kubeconfig', kubeconfigIn('default'));
      expect(none.exitCode).toBe(2);
      expect(none.stderr).toMatch(
        /^error: Several labs are started \(.*\) and the current context names none of them;/,
      );
    }
  });
});

describe('errors about namespaces, in Korean', () => {
  const inKorean = (...args: string[]) =>
    execa('node', [bin, ...args, '--kubeconfig', kubeconfig, '--lang', 'ko'], {
      cwd: elsewhere,
      reject: false,
      env: { XDG_STATE_HOME: stateHome },
    });

  it('a namespace that does not exist, and one cka-lab did not create', async () => {
    const missing = await inKorean('check', 'pods', '--watch', '-n', 'lab-nowhere');
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toBe('오류: namespace lab-nowhere가 없습니다. 먼저 `lab start pods` 명령을 실행하세요.');

    const foreign = await inKorean('start', 'pods', '-n', 'default');
    expect(foreign.exitCode).toBe(2);
    expect(foreign.stderr).toBe(
      '오류: namespace default는 이미 있지만 cka-lab이 만든 것이 아니라서 cka-lab은 건드리지 않습니다. ' +
        '-n/--namespace로 다른 namespace를 고르세요.',
    );
  });
});
