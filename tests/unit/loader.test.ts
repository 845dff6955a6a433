import { describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, writeFileSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabFileError } from '../../src/labs/lab.js';
import { listLabIds, loadLab } from '../../src/labs/loader.js';
import { parseLab } from '../../src/labs/parse.js';
import { contentRoot } from '../../src/util/paths.js';
import { ExitCode, exitCodeOf } from '../../src/cli/exit-codes.js';

const root = contentRoot();
const good = `id: demo
title: Demo
domain: Workloads & Scheduling
note: replicaset
setup:
  - manifests/replicaset/setup/pods.yaml
tasks:
  - id: t1
    title: Task
    text: Do it
    solution:
      - run: kubectl apply -f x.yaml
    checks:
      - id: c1
        title: exists
        type: object
        target: { apiVersion: apps/v1, kind: ReplicaSet, name: x }
`;

function errorOf(text: string): LabFileError {
  try {
    parseLab(text, join(root, 'labs/demo/lab.yaml'), root);
  } catch (err) {
    if (err instanceof LabFileError) return err;
    throw err;
  }
  throw new Error('expected the lab to be rejected');
}

describe('lab loader', () => {
  it('loads every lab in the repository', async () => {
    const ids = listLabIds(root);
    expect(ids).toContain('replicaset');
    for (const id of ids) expect((await loadLab(id, root)).id).toBe(id);
  });

  it('accepts a minimal valid lab and fills defaults', () => {
    const lab = parseLab(good, 'demo.yaml', root);
    expect(lab.tasks[0]!.points).toBe(1);
    expect(lab.tasks[0]!.hints).toEqual([]);
  });

  it('names file, line and field for an unknown check type', () => {
    const err = errorOf(good.replace('type: object', 'type: objet'));
    expect(exitCodeOf(err)).toBe(ExitCode.usage);
    expect(err.line).toBe(16);
    expect(err.field).toBe('tasks[0].checks[0].type');
    expect(err.message).toMatch(
      /^labs\/demo\/lab\.yaml:16: tasks\[0\]\.checks\[0\]\.type: unknown check type "objet"; use one of object, selector, pods-ready, owned-by/,
    );
  });

  it('names the line of a field with the wrong type', () => {
    const err = errorOf(good.replace('title: Task', 'title: [1, 2]'));
    expect(err.line).toBe(9);
    expect(err.field).toBe('tasks[0].title');
  });

  it('names a missing required field at its parent', () => {
    const err = errorOf(good.replace('domain: Workloads & Scheduling\n', ''));
    expect(err.field).toBe('domain');
    expect(err.message).toContain('this field is required');
  });

  it('rejects unknown fields, a typo being the usual cause', () => {
    const err = errorOf(good.replace('    text: Do it', '    txt: Do it\n    text: Do it'));
    // The line of the unknown key itself; the field is the mapping that holds it.
    expect(err.line).toBe(10);
    expect(err.field).toBe('tasks[0]');
    expect(err.message).toContain('tasks[0]: unknown field txt;');
  });

  it('names every unknown field of one mapping', () => {
    const err = errorOf(
      good.replace('        type: object\n', '        type: object\n        expct: {}\n        targt: {}\n'),
    );
    expect(err.field).toBe('tasks[0].checks[0]');
    expect(err.line).toBe(17);
    expect(err.message).toContain('unknown fields expct, targt');
  });

  it('names the type of a missing required field', () => {
    const err = errorOf(good.replace('        target: { apiVersion: apps/v1, kind: ReplicaSet, name: x }\n', ''));
    expect(err.field).toBe('tasks[0].checks[0].target');
    expect(err.line).toBe(14);
    expect(err.message).toContain('tasks[0].checks[0].target: this field is required (a mapping);');
  });

  it('says when a check has no type, and which there are', () => {
    const err = errorOf(good.replace('        type: object\n', ''));
    expect(err.field).toBe('tasks[0].checks[0].type');
    expect(err.message).toContain(
      'the check has no type; give one of object, selector, pods-ready, owned-by, any, endpoints, file, rollout, absent',
    );
  });

  it('says what a text field takes', () => {
    const err = errorOf(good.replace('title: Task', 'title: { en: Task }'));
    expect(err.field).toBe('tasks[0].title');
    expect(err.message).toContain('expected a text, or { en: ..., ko: ... }, but found {"en":"Task"}');
  });

  it('names a number out of range', () => {
    const err = errorOf(good.replace('    text: Do it', '    text: Do it\n    points: 0'));
    expect(err.field).toBe('tasks[0].points');
    expect(err.line).toBe(11);
    expect(err.message).toContain('expected at least 1, but found 0');
  });

  it('asks a pods-ready check for either selector or names', () => {
    const both = good.replace(
      '        type: object\n        target: { apiVersion: apps/v1, kind: ReplicaSet, name: x }\n',
      '        type: pods-ready\n        selector: { app: x }\n        names: [a]\n        count: 1\n',
    );
    const err = errorOf(both);
    expect(err.field).toBe('tasks[0].checks[0].selector');
    expect(err.line).toBe(17);
    expect(err.message).toContain('give either selector or names');
  });

  it('points at broken YAML with its line', () => {
    const err = errorOf(good.replace('    text: Do it', '    text: [unclosed'));
    expect(err.message).toContain('broken YAML');
    expect(err.line).toBeGreaterThanOrEqual(10);
  });

  it('names a manifest that does not exist', () => {
    const err = errorOf(good.replace('manifests/replicaset/setup/pods.yaml', 'manifests/nope.yaml'));
    expect(err.line).toBe(6);
    expect(err.field).toBe('setup[0]');
    expect(err.message).toContain('the file manifests/nope.yaml does not exist');
  });

  it('rejects a check id used twice', () => {
    const twice =
      good +
      `      - id: c1\n        title: again\n        type: pods-ready\n        selector: { app: x }\n        count: 1\n`;
    expect(errorOf(twice).message).toContain('the check id "c1" is used twice');
  });

  it('reports an unknown lab with the list of labs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'labs-'));
    try {
      mkdirSync(join(dir, 'labs', 'one'), { recursive: true });
      writeFileSync(join(dir, 'labs', 'one', 'lab.yaml'), good);
      cpSync(join(root, 'notes'), join(dir, 'notes'), { recursive: true });
      await expect(loadLab('two', dir)).rejects.toThrow('There is no lab "two"; run `lab list` to see the labs (one).');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
