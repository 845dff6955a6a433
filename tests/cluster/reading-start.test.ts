import { afterAll, describe, expect, it, inject } from 'vitest';
import { execa } from 'execa';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentRoot } from '../../src/util/paths.js';
import { dropNamespace, freshNamespace, testClient } from './helpers.js';

// Tasks first, the note on demand: `lab start` shows the tasks and says how to read the note
// (`lab note`), without the note itself; `lab reset` prints one line and the tasks.

const bin = join(contentRoot(), 'bin', 'lab.cjs');
const kubeconfig = inject('kubeconfig');
const client = testClient();
const stateHome = mkdtempSync(join(tmpdir(), 'cka-lab-reading-state-'));
const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((ns) => dropNamespace(client, ns)));
  rmSync(stateHome, { recursive: true, force: true });
});

const lab = (...args: string[]) =>
  execa('node', [bin, ...args, '--kubeconfig', kubeconfig], { reject: false, env: { XDG_STATE_HOME: stateHome } });

describe('lab start and lab reset show the tasks, not the note', () => {
  it('start: the tasks, how to read the note and the working folder; reset: one line, then the same tasks', async () => {
    const ns = freshNamespace('reading');
    made.push(ns);
    const start = await lab('start', 'pods', '-n', ns, '--lang', 'en');
    expect(start.exitCode, start.stderr).toBe(0);
    expect(start.stdout.startsWith(`Tasks (namespace ${ns})\n`)).toBe(true);
    expect(start.stdout).toContain('1. Run the Pod nginx without writing YAML');
    expect(start.stdout).toContain('Read the note with `lab note pods` (one part of it: `--section <heading>`).');
    expect(start.stdout).toContain('Your working folder, where file checks look: ');
    // Nothing of the note itself (notes/pods.en.md): not its title, its headings or its answers.
    expect(start.stdout).not.toMatch(/^#+ /m);
    expect(start.stdout).not.toContain('Check yourself');
    expect(start.stdout).not.toContain('kubectl get pods -o wide');

    const tasks = start.stdout.slice(0, start.stdout.indexOf('\n\nRead the note'));
    const reset = await lab('reset', 'pods', '-n', ns, '--lang', 'en');
    expect(reset.exitCode, reset.stderr).toBe(0);
    expect(reset.stdout).toBe(
      `The lab pods is back at its setup in namespace ${ns}, and your working folder is empty.\n\n${tasks}`,
    );

    const ko = await lab('reset', 'pods', '-n', ns, '--lang', 'ko');
    expect(ko.exitCode, ko.stderr).toBe(0);
    expect(ko.stdout.split('\n')[0]).toMatch(/^랩 pods가 .*처음 상태로 돌아갔고, 작업 폴더는 비었습니다\.$/);
    expect(ko.stdout.split('\n')).toHaveLength(reset.stdout.split('\n').length);
  });
});
