import { beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emptyWorkDir, ensureWorkDir, labWorkDir } from '../../src/util/lab-paths.js';

// Each started lab has its own working folder in cka-lab's state folder; reset and exams empty it in place.

let state: string;
beforeEach(() => {
  state = mkdtempSync(join(tmpdir(), 'cka-lab-learner-workdir-'));
  process.env.XDG_STATE_HOME = state;
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
