import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { execa, execaSync } from 'execa';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentRoot } from '../../src/util/paths.js';
import { dropNamespace, freshNamespace, testClient } from './helpers.js';

// A state folder that cannot be written (read-only, full, or a path through a file) must
// not stop the work: checks, tasks and hints still come, with one line saying that progress
// was not saved. Root ignores file modes, so the folder is made unwritable in ways that hold
// for root too: a path through a regular file (ENOTDIR, always), and a read-only tmpfs
// (EROFS, where this process may mount).

const bin = join(contentRoot(), 'bin', 'lab.cjs');
const kubeconfig = inject('kubeconfig');
const client = testClient();
const ns = freshNamespace('rostate');
const work = mkdtempSync(join(tmpdir(), 'rostate-'));

/** The one warning line, whatever the reason in parentheses. */
const UNSAVED =
  /^! cka-lab could not save your progress in .+ \(.+\); this run works as usual, but it is not remembered\.$/;

/** A state folder path inside a regular file: every write fails with ENOTDIR. */
function throughFile(): string {
  writeFileSync(join(work, 'a-file'), 'not a folder\n');
  return join(work, 'a-file', 'state');
}

/** A read-only tmpfs holding hints.json (the first hint of `create` seen); the tests run as root, which may mount. */
function readOnlyMount(): string {
  const dir = join(work, 'ro');
  mkdirSync(dir);
  execaSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]);
  mkdirSync(join(dir, 'cka-lab'));
  writeFileSync(join(dir, 'cka-lab', 'hints.json'), JSON.stringify({ 'replicaset/create': 1 }));
  execaSync('mount', ['-o', 'remount,ro', dir]);
  return dir;
}

const folders: { name: string; dir: string; code: string }[] = [];
beforeAll(async () => {
  const started = await execa('node', [bin, 'start', 'replicaset', '-n', ns, '--no-note', '--kubeconfig', kubeconfig], {
    reject: false,
  });
  expect(started.exitCode, started.stderr).toBe(0);
  folders.push(
    { name: 'a path through a file', dir: throughFile(), code: 'ENOTDIR' },
    { name: 'a read-only file system', dir: readOnlyMount(), code: 'EROFS' },
  );
});
afterAll(async () => {
  const ro = folders.find((f) => f.code === 'EROFS')?.dir;
  if (ro) await execa('umount', [ro], { reject: false });
  rmSync(work, { recursive: true, force: true });
  await dropNamespace(client, ns);
});

const lab = (state: string, ...args: string[]) =>
  execa('node', [bin, ...args, '--kubeconfig', kubeconfig], { env: { XDG_STATE_HOME: state }, reject: false });

describe.each([0, 1])('a state folder that cannot be written (%i)', (i) => {
  it('lab start prints the tasks, lab check prints its report with exit 1, lab hint gives the hint; each warns once', async () => {
    const { dir, code } = folders[i]!;

    const start = await lab(dir, 'start', 'replicaset', '-n', ns, '--no-note');
    expect(start.exitCode, start.stderr).toBe(0);
    expect(start.stdout).toContain('myapp-replicaset');

    const check = await lab(dir, 'check', 'replicaset', '-n', ns);
    expect(check.exitCode, check.stderr).toBe(1); // the setup state fails its checks
    expect(check.stdout).toMatch(/\d+ of \d+ checks pass\./);
    expect(check.stderr.split('\n')).toHaveLength(1);
    expect(check.stderr).toMatch(UNSAVED);
    expect(check.stderr).toContain(code);

    const json = await lab(dir, 'check', 'replicaset', '-n', ns, '-o', 'json');
    expect(json.exitCode).toBe(1);
    expect(JSON.parse(json.stdout).lab).toBe('replicaset');
    expect(json.stderr).toMatch(UNSAVED);

    const hint = await lab(dir, 'hint', 'replicaset', '-n', ns);
    expect(hint.exitCode, hint.stderr).toBe(0);
    // The count is read where it can be (the mount holds one hint seen), just not saved: the same hint again next time.
    const seen = code === 'EROFS' ? 2 : 1;
    expect(hint.stdout).toContain(`hint ${seen}/3`);
    expect(hint.stderr.split('\n')).toHaveLength(1);
    expect(hint.stderr).toMatch(UNSAVED);
    expect((await lab(dir, 'hint', 'replicaset', '-n', ns)).stdout).toContain(`hint ${seen}/3`);
  });

  it('lab exam start refuses in one sentence, as an exam keeps its clock there', async () => {
    const { dir, code } = folders[i]!;
    const exam = await lab(dir, 'exam', 'start', '--labs', 'replicaset', '--duration', '5m', '--detach');
    expect(exam.exitCode).toBe(2);
    expect(exam.stderr).toMatch(
      new RegExp(
        `^error: A mock exam keeps its clock in .+, which cka-lab cannot write \\(.+, ${code}\\); make it writable, or set XDG_STATE_HOME to a writable folder\\.$`,
      ),
    );
  });
});
