import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse, stringify } from 'yaml';
import { LabFileError, type Lab } from '../../src/labs/lab.js';
import { parseLab } from '../../src/labs/parse.js';
import { readManifest } from '../../src/labs/manifests.js';
import { partialMatch } from '../../src/checks/match.js';
import { contentRoot } from '../../src/util/paths.js';
import { ExitCode, exitCodeOf } from '../../src/cli/exit-codes.js';
import { UsageError } from '../../src/errors.js';

/**
 * Property-based tests: whatever text a lab file or a manifest holds, loading it gives
 * a lab (or objects), or an error for a person, placed at a line — never a crash.
 */

const runs = { numRuns: 300 };
/** Fewer runs where each one parses the whole replicaset lab (a few ms each). */
const labRuns = { numRuns: 100 };
const root = contentRoot();
const file = join(root, 'labs/replicaset/lab.yaml');
const shown = relative(process.cwd(), file) || file;
const labText = readFileSync(file, 'utf8');
const manifestText = readFileSync(join(root, 'manifests/replicaset/setup/pods.yaml'), 'utf8');

/** Describes an unexpected error so that fast-check prints its type, message and stack. */
function crash(err: unknown): Error {
  const e = err instanceof Error ? err : new Error(String(err));
  return new Error(`unexpected ${e.constructor.name}: ${e.message}\n${e.stack ?? ''}`, { cause: err });
}

/** Parses `text` as the replicaset lab: a lab, or a LabFileError placed at a line. */
function parseOrReject(text: string): Lab | LabFileError {
  let lab: Lab;
  try {
    lab = parseLab(text, file, root);
  } catch (err) {
    if (!(err instanceof LabFileError)) throw crash(err);
    expect(exitCodeOf(err)).toBe(ExitCode.usage);
    expect(err.message).toMatch(/^.+:\d+: /);
    expect(err.message.startsWith(`${shown}:${err.line}: `)).toBe(true);
    expect(Number.isInteger(err.line) && err.line >= 1).toBe(true);
    return err;
  }
  expect(typeof lab.id).toBe('string');
  expect(lab.tasks.length).toBeGreaterThan(0);
  expect(lab.file).toBe(file);
  return lab;
}

/** YAML's building blocks, for token soups that reach the parser's corners. */
const yamlToken = fc.constantFrom(
  ':',
  ': ',
  '- ',
  ' ',
  '  ',
  '\n',
  '\n  ',
  '\t',
  '[',
  ']',
  '{',
  '}',
  ', ',
  '"',
  "'",
  '#',
  '|',
  '>',
  '? ',
  '!',
  '!!str ',
  '!!int ',
  '!!map ',
  '!!set ',
  '!!binary ',
  '&a ',
  '*a',
  '&b ',
  '*b',
  '<<: ',
  '---\n',
  '...\n',
  '%YAML 1.2\n',
  '%TAG ! tag:x,2000:\n',
  '~',
  'null',
  'true',
  '0x1F',
  '.inf',
  '.nan',
  '1e999',
  '-0',
  '"\\u0000"',
  '"\\x"',
  '\u00a0',
  '\ufeff',
  '\r\n',
  'id',
  'tasks',
  'checks',
  'type',
  'object',
  'expect',
  'x',
);
const tokenSoup = fc.array(yamlToken, { maxLength: 30 }).map((tokens) => tokens.join(''));

const anyText = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  tokenSoup,
);

/** One edit of a YAML text, by line or by character. */
const textEdit = fc.oneof(
  fc.record({ op: fc.constant('delete-line' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate-line' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap-lines' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({
    op: fc.constant('insert-line' as const),
    at: fc.nat(),
    line: fc.oneof(tokenSoup, fc.string({ maxLength: 20 })),
  }),
  fc.record({ op: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({
    op: fc.constant('set-char' as const),
    at: fc.nat(),
    char: fc.oneof(yamlToken, fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })),
  }),
  fc.record({ op: fc.constant('delete-char' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('scalar' as const), at: fc.nat(), value: fc.jsonValue({ maxDepth: 2 }) }),
);
type TextEdit = typeof textEdit extends fc.Arbitrary<infer T> ? T : never;

function applyEdit(text: string, edit: TextEdit): string {
  const lines = text.split('\n');
  const i = edit.at % lines.length;
  switch (edit.op) {
    case 'delete-line':
      lines.splice(i, 1);
      break;
    case 'duplicate-line':
      lines.splice(i, 0, lines[i]!);
      break;
    case 'swap-lines': {
      const j = edit.other % lines.length;
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      break;
    }
    case 'insert-line':
      lines.splice(i, 0, edit.line);
      break;
    case 'indent':
      lines[i] = edit.by >= 0 ? ' '.repeat(edit.by) + lines[i] : lines[i]!.replace(new RegExp(`^ {0,${-edit.by}}`), '');
      break;
    case 'set-char':
    case 'delete-char': {
      if (!text.length) return edit.op === 'set-char' ? edit.char : text;
      const at = edit.at % text.length;
      return text.slice(0, at) + (edit.op === 'set-char' ? edit.char : '') + text.slice(at + 1);
    }
    case 'scalar': {
      // Replace the value of a `key: value` line by a JSON value (JSON is YAML flow style).
      const scalars = lines.flatMap((line, n) => (/^\s*(?:- )?[\w-]+: \S/.test(line) ? [n] : []));
      if (!scalars.length) break;
      const n = scalars[edit.at % scalars.length]!;
      lines[n] = lines[n]!.replace(/^(\s*(?:- )?[\w-]+: ).*$/, (_, head: string) => head + JSON.stringify(edit.value));
      break;
    }
  }
  return lines.join('\n');
}

const editedLab = fc.array(textEdit, { minLength: 1, maxLength: 3 }).map((edits) => edits.reduce(applyEdit, labText));

type Path = (string | number)[];

/** Every path into a JS value, the root included; shared and recursive objects are entered once. */
function pathsOf(value: unknown, at: Path = [], seen = new Set<object>()): Path[] {
  if (!value || typeof value !== 'object') return [at];
  if (seen.has(value)) return [at];
  seen.add(value);
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  return [at, ...entries.flatMap(([k, v]) => pathsOf(v, [...at, k], seen))];
}

function getAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], value);
}

/** One change to the lab's structure: a field replaced, removed, added, a list item shared or made recursive. */
const treeEdit = fc.oneof(
  fc.record({
    op: fc.constant('set' as const),
    at: fc.nat(),
    value: fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.constantFrom(null, '', 0, -1, 1.5, true, [], {}, 'object', 'x y', 'manifests/nope.yaml'),
    ),
  }),
  fc.record({ op: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('add-key' as const),
    at: fc.nat(),
    key: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('__proto__', 'constructor', 'id', 'type')),
    value: fc.jsonValue({ maxDepth: 1 }),
  }),
  // Shared references become YAML anchors and aliases when stringified.
  fc.record({ op: fc.constant('share' as const), at: fc.nat(), from: fc.nat() }),
  // A reference to an ancestor becomes an alias inside its own anchor.
  fc.record({ op: fc.constant('cycle' as const), at: fc.nat(), depth: fc.nat() }),
);
type TreeEdit = typeof treeEdit extends fc.Arbitrary<infer T> ? T : never;

function applyTreeEdit(lab: unknown, edit: TreeEdit): unknown {
  const paths = pathsOf(lab).filter((p) => p.length > 0);
  const path = paths[edit.at % paths.length]!;
  const parent = getAt(lab, path.slice(0, -1)) as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  switch (edit.op) {
    case 'set':
      parent[last] = edit.value;
      break;
    case 'remove':
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
      break;
    case 'add-key': {
      const target = getAt(lab, path);
      if (target && typeof target === 'object' && !Array.isArray(target))
        Object.defineProperty(target, edit.key, {
          value: edit.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      break;
    }
    case 'share':
      parent[last] = getAt(lab, paths[edit.from % paths.length]!);
      break;
    case 'cycle':
      parent[last] = getAt(lab, path.slice(0, edit.depth % path.length));
      break;
  }
  return lab;
}

const labTree = parse(labText) as unknown;
const editedTree = fc
  .array(treeEdit, { minLength: 1, maxLength: 3 })
  .map((edits) => stringify(edits.reduce(applyTreeEdit, structuredClone(labTree))));

/** Arbitrary JS values written as YAML. */
const anyYamlValue = fc
  .oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.anything({ maxDepth: 3, maxKeys: 4, withDate: true, withBigInt: true, withSet: true, withMap: true }),
  )
  .map((v) => stringify(v) ?? '');

/** Evaluates every expectation of a loaded lab, as `lab check` would, against nothing and against itself. */
function evaluate(result: Lab | LabFileError): void {
  if (result instanceof LabFileError) return;
  const lab = result;
  for (const task of lab.tasks) {
    for (const check of task.checks) {
      if ('expect' in check && check.expect) {
        try {
          partialMatch(check.expect, {});
          partialMatch(check.expect, check.expect);
        } catch (err) {
          throw crash(err);
        }
      }
    }
  }
}

describe('parseLab on arbitrary text', () => {
  it('loads the replicaset lab as it is', () => {
    expect(parseOrReject(labText)).not.toBeInstanceOf(LabFileError);
  });

  it('gives a lab or a LabFileError placed at a line, for any string', () => {
    // The examples pin counterexamples found earlier, so that every run tries them.
    fc.assert(
      fc.property(anyText, (text) => void parseOrReject(text)),
      { ...runs, examples: [['*a'], ['a: &x [*x]']] },
    );
  });

  it('gives a lab or a LabFileError placed at a line, for the replicaset lab with a few edits', () => {
    fc.assert(
      fc.property(editedLab, (text) => void evaluate(parseOrReject(text))),
      labRuns,
    );
  });

  it('gives a lab or a LabFileError placed at a line, for the replicaset lab with a changed structure', () => {
    fc.assert(
      fc.property(editedTree, (text) => void evaluate(parseOrReject(text))),
      labRuns,
    );
  });

  it('gives a lab or a LabFileError placed at a line, for any value written as YAML', () => {
    fc.assert(
      fc.property(anyYamlValue, (text) => void parseOrReject(text)),
      runs,
    );
  });
});

describe('parseLab on YAML aliases', () => {
  // An alias to an anchor that does not exist, and aliases that expand past yaml's
  // limit, make doc.toJS() throw a ReferenceError; doc.errors is empty for both.
  it('rejects an alias without an anchor with a LabFileError', () => {
    expect(parseOrReject(labText.replace('domain: Workloads & Scheduling', 'domain: *nope'))).toBeInstanceOf(
      LabFileError,
    );
  });

  it('rejects an alias bomb with a LabFileError', () => {
    const bomb =
      'a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n';
    expect(parseOrReject(bomb)).toBeInstanceOf(LabFileError);
  });

  // An expectation that contains itself loads, then overflows the stack when matched.
  it('rejects a self-referencing expectation, or can evaluate it', () => {
    const text = labText.replace(
      '        expect:\n          spec: { replicas: 6 }',
      '        expect: &e\n          spec: *e',
    );
    expect(text).not.toBe(labText);
    evaluate(parseOrReject(text));
  });
});

describe('readManifest on arbitrary YAML', () => {
  const rel = 'manifest.yaml';
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'cka-lab-fuzz-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Reads `text` as a manifest: objects that name themselves, or a UsageError naming the file. */
  function readOrReject(text: string): void {
    writeFileSync(join(dir, rel), text);
    let objects: unknown[];
    try {
      objects = readManifest(dir, rel);
    } catch (err) {
      if (!(err instanceof UsageError)) throw crash(err);
      expect(exitCodeOf(err)).toBe(ExitCode.usage);
      expect(err.message.startsWith(`${rel}: `)).toBe(true);
      return;
    }
    expect(Array.isArray(objects)).toBe(true);
    for (const obj of objects as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } }[]) {
      expect(obj && typeof obj === 'object').toBe(true);
      expect(obj.apiVersion && obj.kind && obj.metadata?.name).toBeTruthy();
    }
  }

  const manifestLike = fc
    .record(
      {
        apiVersion: fc.oneof(fc.constantFrom('v1', 'apps/v1', ''), fc.jsonValue({ maxDepth: 1 })),
        kind: fc.oneof(fc.constantFrom('Pod', 'ReplicaSet', ''), fc.jsonValue({ maxDepth: 1 })),
        metadata: fc.oneof(
          fc.record({ name: fc.oneof(fc.constantFrom('x', ''), fc.jsonValue({ maxDepth: 1 })) }, { requiredKeys: [] }),
          fc.jsonValue({ maxDepth: 1 }),
        ),
        spec: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    )
    .map((obj) => stringify(obj));

  const manifestText$ = fc.oneof(
    anyText,
    anyYamlValue,
    fc
      .array(fc.oneof(manifestLike, anyYamlValue, tokenSoup), { minLength: 1, maxLength: 3 })
      .map((docs) => docs.join('\n---\n')),
    fc.array(textEdit, { minLength: 1, maxLength: 3 }).map((edits) => edits.reduce(applyEdit, manifestText)),
  );

  it('reads the replicaset setup manifest as it is', () => {
    writeFileSync(join(dir, rel), manifestText);
    expect(readManifest(dir, rel).map((o) => o.metadata?.name)).toEqual(['myapp-pod-1', 'myapp-pod-2']);
  });

  it('gives objects or a UsageError naming the file, for any text', () => {
    fc.assert(
      fc.property(manifestText$, (text) => readOrReject(text)),
      { ...runs, examples: [['*a']] },
    );
  });

  it('rejects an alias without an anchor with a UsageError', () => {
    readOrReject('apiVersion: v1\nkind: Pod\nmetadata: *nope\n');
  });
});
