import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyWorkDir, ensureWorkDir, labWorkDir } from '../../src/util/lab-paths.js';
import { fileKind } from '../../src/checks/kinds/file.js';
import { listLabIds, loadLab } from '../../src/labs/loader.js';

// Each started lab has its own working folder in cka-lab's state folder; reset and exams empty it in place.

let state: string;
const dirs: string[] = [];
beforeEach(() => {
  state = mkdtempSync(join(tmpdir(), 'cka-lab-learner-workdir-'));
  dirs.push(state);
  process.env.XDG_STATE_HOME = state;
});
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("the learner's working folder", () => {
  it('is <XDG state>/cka-lab/work/<namespace>, one per lab namespace', () => {
    expect(labWorkDir('lab-pods')).toBe(join(state, 'cka-lab', 'work', 'lab-pods'));
    expect(labWorkDir('mine')).toBe(join(state, 'cka-lab', 'work', 'mine'));
  });

  it('refuses a name that is not a namespace name (it could lead out of the folder)', () => {
    for (const bad of ['..', '../x', 'a/b', '', 'A', '-a']) expect(() => labWorkDir(bad), bad).toThrow();
  });

  it('is made when missing, and kept with its files by ensureWorkDir', () => {
    const dir = ensureWorkDir('lab-pods');
    writeFileSync(join(dir, 'pod.yaml'), 'kind: Pod\n');
    expect(ensureWorkDir('lab-pods')).toBe(dir);
    expect(readdirSync(dir)).toEqual(['pod.yaml']);
  });

  it('is emptied in place: files, folders and links go, the folder and what a link points to stay', () => {
    const dir = ensureWorkDir('lab-pods');
    const outside = mkdtempSync(join(tmpdir(), 'learner-outside-'));
    dirs.push(outside);
    writeFileSync(join(outside, 'keep.yaml'), 'x: 1\n');
    writeFileSync(join(dir, 'memcached.yaml'), 'kind: Pod\n');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'a.yaml'), 'a: 1\n');
    symlinkSync(outside, join(dir, 'link'));
    expect(emptyWorkDir('lab-pods')).toBe(dir);
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(join(outside, 'keep.yaml'))).toBe(true);
    expect(emptyWorkDir('lab-new')).toBe(labWorkDir('lab-new')); // made when missing
  });
});

describe('what tells the learner where to save a file', () => {
  it("the file check kind's description names the lab's working folder, not the current folder", () => {
    expect(fileKind.description).toContain("lab's working folder (`lab dir <lab>`");
    expect(fileKind.description).not.toMatch(/current folder/);
  });

  it('every task with a file check points to the working folder with `lab dir <lab>`, in en and ko', async () => {
    const found: string[] = [];
    for (const id of listLabIds()) {
      const lab = await loadLab(id);
      for (const task of lab.tasks) {
        if (!task.checks.some((c) => c.type === 'file')) continue;
        const texts = typeof task.text === 'string' ? { en: task.text, ko: task.text } : task.text;
        for (const [lang, text] of Object.entries(texts))
          if (!text.includes(`lab dir ${id}`) || /current folder|folder where you run|실행하는 폴더에/.test(text))
            found.push(`${id}/${task.id} (${lang})`);
      }
    }
    expect(found).toEqual([]);
  });
});
