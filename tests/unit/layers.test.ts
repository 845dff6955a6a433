import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { contentRoot } from '../../src/util/paths.js';

// The layers of src/ point one way: src/cli on top, using everything; nothing below it
// imports src/cli; no file imports itself through others, and no top-level folder of src/
// (or top-level file, such as src/errors.ts) reaches itself through others. Every import
// counts: type-only ones, re-exports and import() too, since each one ties the layers.

const src = join(contentRoot(), 'src');

/** Every .ts file under `dir`, as paths relative to src/ with forward slashes. */
function sourceFiles(dir = src): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && d.name.endsWith('.ts') && !d.name.endsWith('.d.ts'))
    .map((d) => relative(src, join(d.parentPath, d.name)).split('\\').join('/'))
    .sort();
}

/** The files of src/ that `file` (relative to src/) imports, as ts.preProcessFile reads them (import, import type, export from, import()). */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(join(src, file), 'utf8'), true, true);
  const found: string[] = [];
  for (const { fileName } of info.importedFiles) {
    if (!fileName.startsWith('.')) continue; // a package or node: built-in
    const target = resolve(src, dirname(file), fileName.replace(/\.js$/, '.ts'));
    const candidates = [target, `${target}.ts`, join(target, 'index.ts')];
    const hit = candidates.find((c) => c.endsWith('.ts') && existsSync(c));
    if (hit) found.push(relative(src, hit).split('\\').join('/'));
  }
  return found;
}

/** A graph: each node with the nodes it points to. */
export type Graph = Map<string, Set<string>>;

/** The import graph of src/: file -> files it imports. */
export function fileGraph(files = sourceFiles()): Graph {
  return new Map(files.map((f) => [f, new Set(importsOf(f))]));
}

/** The top-level unit of a file of src/: its first folder (`labs`), or the file itself at the top (`errors.ts`). */
export const unitOf = (file: string): string => (file.includes('/') ? file.slice(0, file.indexOf('/')) : file);

/** The graph of top-level units: an edge wherever a file of one imports a file of another. */
export function unitGraph(files: Graph): Graph {
  const units: Graph = new Map();
  for (const [from, tos] of files) {
    const edges = units.get(unitOf(from)) ?? new Set<string>();
    units.set(unitOf(from), edges);
    for (const to of tos) if (unitOf(to) !== unitOf(from)) edges.add(unitOf(to));
  }
  return units;
}

/** The cycles of a graph: its strongly connected components with more than one node, or a node pointing at itself (Tarjan). */
export function cycles(graph: Graph): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    indexOf.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indexOf.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, indexOf.get(next)!));
      }
    }
    if (low.get(node) === indexOf.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1 || graph.get(node)?.has(node)) found.push(component.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!indexOf.has(node)) visit(node);
  return found;
}

/** Within one cycle, the edges that make it: `a -> b` for each import between its members, with the files behind it. */
function explain(cycle: string[], graph: Graph, files?: Graph): string[] {
  const members = new Set(cycle);
  const lines: string[] = [];
  for (const from of cycle) {
    for (const to of graph.get(from) ?? []) {
      if (!members.has(to)) continue;
      const via = files
        ? [...files].flatMap(([f, tos]) =>
            unitOf(f) === from ? [...tos].filter((t) => unitOf(t) === to).map((t) => `${f} -> ${t}`) : [],
          )
        : [];
      const more = via.length > 1 ? `, and ${via.length - 1} more` : '';
      lines.push(`${from} -> ${to}${via.length ? ` (${via[0]}${more})` : ''}`);
    }
  }
  return lines;
}

/** Imports of src/cli from files outside it. */
export const cliImports = (files: Graph): string[] =>
  [...files].flatMap(([from, tos]) =>
    unitOf(from) === 'cli' ? [] : [...tos].filter((to) => unitOf(to) === 'cli').map((to) => `${from} -> ${to}`),
  );

describe('the layers of src/', () => {
  const files = fileGraph();

  it('reads the imports of every file (import type, re-exports and import() included)', () => {
    expect(files.size).toBeGreaterThan(50);
    expect(files.get('cli/commands/registry.ts')).toContain('cli/commands/check.ts'); // import()
    expect(files.get('labs/loader.ts')).toContain('labs/parse.ts'); // import()
    expect(files.get('cli/main.ts')).toContain('errors.ts');
  });

  it('has no file below src/cli that imports src/cli', () => {
    expect(cliImports(files)).toEqual([]);
  });

  it('has no import cycle between files', () => {
    expect(cycles(files).map((c) => explain(c, files))).toEqual([]);
  });

  it('has no import cycle between top-level folders (and top-level files) of src/', () => {
    const units = unitGraph(files);
    expect(cycles(units).map((c) => explain(c, units, files))).toEqual([]);
  });
});

describe('the layer rules catch what they are for', () => {
  // src/ as it is, plus one deliberately bad import each time: the check must name it.
  const withImport = (from: string, to: string): Graph => {
    const graph = new Map([...fileGraph()].map(([f, tos]) => [f, new Set(tos)]));
    graph.get(from)!.add(to);
    return graph;
  };

  it('names a lower layer importing src/cli', () => {
    expect(cliImports(withImport('kube/client.ts', 'cli/exit-codes.ts'))).toContain(
      'kube/client.ts -> cli/exit-codes.ts',
    );
  });

  it('names a cycle between two files', () => {
    expect(cycles(withImport('labs/parse.ts', 'labs/loader.ts'))).toContainEqual(['labs/loader.ts', 'labs/parse.ts']);
  });

  it('names a cycle between folders made of files that form no file cycle', () => {
    const graph = withImport('kube/types.ts', 'checks/result.ts'); // checks -> kube already, so kube <-> checks
    expect(cycles(graph).filter((c) => c.includes('kube/types.ts'))).toEqual([]);
    expect(cycles(unitGraph(graph))).toContainEqual(expect.arrayContaining(['checks', 'kube']));
  });
});
