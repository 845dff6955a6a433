/**
 * The lazy stand-in scripts/bundle.mjs puts in dist/lab.cjs for src/checks/kinds/index.ts
 * (plugin lazyCheckKinds): built here with esbuild as the CLI bundle builds it, it must load no
 * kind at start, only the kind a check asks about, and otherwise answer as index.ts does.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { build, type Plugin } from 'esbuild';
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { lazyCheckKinds, lazyKindsModule } from '../../scripts/bundle.mjs';
import * as real from '../../src/checks/kinds/index.js';

const root = new URL('../../', import.meta.url).pathname;
const indexFile = `${root}src/checks/kinds/index.ts`;

/** What the stand-in exports (as the bundle sees src/checks/kinds/index.ts). */
type Kinds = typeof real;
/** How many check kinds have been defined (defineCheckKind calls) since the module was evaluated. */
const defined = (): number => (globalThis as { __kindsDefined?: number }).__kindsDefined ?? 0;

/** Counts defineCheckKind calls: each kind module makes one when it is evaluated. */
const countKinds: Plugin = {
  name: 'count-kinds',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]checks[\\/]kinds[\\/]define\.ts$/ }, (args) => ({
      loader: 'ts',
      contents:
        readFileSync(args.path, 'utf8').replace('export function defineCheckKind<', 'function defineKind<') +
        '\nexport const defineCheckKind: typeof defineKind = (spec) => {\n' +
        '  (globalThis as { __kindsDefined?: number }).__kindsDefined = defined() + 1;\n' +
        '  return defineKind(spec);\n};\n' +
        'const defined = (): number => (globalThis as { __kindsDefined?: number }).__kindsDefined ?? 0;\n',
    }));
  },
};

let lazy: Kinds;

beforeAll(async () => {
  const out = await build({
    stdin: { contents: "export * from './src/checks/kinds/index.ts';\n", resolveDir: root, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'node',
    packages: 'external',
    plugins: [lazyCheckKinds, countKinds],
    logLevel: 'silent',
  });
  const mod = { exports: {} as Kinds };
  (globalThis as { __kindsDefined?: number }).__kindsDefined = 0;
  new Function('require', 'module', 'exports', out.outputFiles[0]!.text)(createRequire(indexFile), mod, mod.exports);
  lazy = mod.exports;
}, 60_000);

describe('lazy check kinds in the CLI bundle', () => {
  it('loads no kind at start, and only the kind a check asks about', () => {
    expect(defined()).toBe(0);
    expect(lazy.CHECK_TYPES).toEqual(real.CHECK_TYPES);
    expect(defined()).toBe(0);
    const check = { id: 'c', title: 'c', type: 'rollout', deployment: 'web' } as real.Check;
    expect(lazy.readsFiles(check)).toBe(real.readsFiles(check));
    expect(lazy.kindsRead(check)).toEqual(real.kindsRead(check));
    expect(defined()).toBe(1);
    const file = { id: 'f', title: 'f', type: 'file', path: 'a.yaml' } as real.Check;
    expect(lazy.readsFiles(file)).toBe(true);
    expect(defined()).toBe(2);
  });

  it('validates checks with the schema of every kind, as index.ts does, once asked', () => {
    const good = { id: 'c', title: 'c', type: 'pods-ready', count: 1 };
    expect(v.parse(lazy.Check, good)).toEqual(v.parse(real.Check, good));
    expect(defined()).toBeGreaterThanOrEqual(real.CHECK_TYPES.length);
    const bad = { id: 'c', title: 'c', type: 'pods-redy', count: 1 };
    const issues = (schema: v.GenericSchema) => v.safeParse(schema, bad).issues?.map((i) => [i.type, i.message]);
    expect(issues(lazy.Check)).toEqual(issues(real.Check));
    expect((lazy.Check as { type: string }).type).toBe('variant');
    expect(lazy.CHECK_KINDS.map((k) => k.type)).toEqual(real.CHECK_TYPES);
    const problem = { id: 'c', title: 'c', type: 'pods-ready', count: 1 } as real.CheckOf<'pods-ready'>;
    expect(lazy.checkProblem(problem)).toEqual(real.checkProblem(problem));
  });

  it('fails the build when index.ts exports something the stand-in lacks', () => {
    expect(lazyKindsModule(indexFile)).toContain('"pods-ready": () => require(');
    const dir = mkdtempSync(join(tmpdir(), 'lazy-kinds-'));
    try {
      const changed = join(dir, 'index.ts');
      writeFileSync(changed, `${readFileSync(indexFile, 'utf8')}\nexport const kindCount = 1;\n`);
      expect(() => lazyKindsModule(changed)).toThrow(/exports kindCount, which the lazy stand-in lacks/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
