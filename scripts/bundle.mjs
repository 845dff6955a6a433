// Bundles the CLI: an unbundled import of @kubernetes/client-node costs ~0.8 s and ~120 MB
// at start-up, bundled ~0.23 s and ~60 MB (measured on Node 20).
import { build } from 'esbuild';
import { readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** Packages client-node imports at start-up but uses only for some kubeconfigs; see scripts/shims/. */
const DEFERRED = ['undici', 'openid-client', 'socks-proxy-agent', 'socks', 'jsonpath-plus'];

/** A file in scripts/shims/. */
const shim = (file) => fileURLToPath(new URL(`./shims/${file}`, import.meta.url));

/**
 * Modules swapped for a shim only where the named package requires them: each would load
 * on every start-up for something a check never does (see the comment in each shim).
 */
const SWAPS = [
  { module: /^(node:)?child_process$/, importer: /node_modules\/(commander|@kubernetes\/client-node)\//, shim: 'child_process.cjs' },
  { module: /^(node:)?assert$/, importer: /node_modules\/(.*\/)?signal-exit\//, shim: 'assert.cjs' },
  { module: /^(node:)?worker_threads$/, importer: /node_modules\/write-file-atomic\//, shim: 'worker_threads.cjs' },
  { module: /^graceful-fs$/, importer: /node_modules\/proper-lockfile\//, shim: 'graceful-fs.cjs' },
  { module: /^\.\/gen\/index\.js$/, importer: /client-node\/dist\/config\.js$/, shim: 'client-node-gen.mjs' },
];

/**
 * Trims @kubernetes/client-node to what is used: its ES modules have no side effects at
 * import, but the package does not say so, so esbuild would keep every generated API
 * class (~600 KB). The packages in DEFERRED are swapped for shims that load the real one
 * (imported as `<name>-real`) on first use, and the modules in SWAPS for their shims.
 */
const trimClientNode = {
  name: 'trim-client-node',
  setup(b) {
    const deferred = new RegExp(`^(${DEFERRED.join('|')})(-real)?$`);
    b.onResolve({ filter: deferred }, (args) => {
      const [, name, real] = args.path.match(deferred);
      if (real) return { path: require.resolve(name, { paths: [args.resolveDir, fileURLToPath(new URL('../node_modules/@kubernetes/client-node/', import.meta.url))] }) };
      return { path: shim(`${name}.mjs`) };
    });
    for (const swap of SWAPS) {
      b.onResolve({ filter: swap.module }, (args) => (swap.importer.test(args.importer) ? { path: shim(swap.shim) } : undefined));
    }
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'trim' || !/client-node/.test(args.importer + args.path)) return undefined;
      const r = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: 'trim' });
      if (r.errors.length || !/node_modules\/@kubernetes\/client-node\//.test(r.path)) return undefined;
      return { ...r, sideEffects: false };
    });
  },
};

/**
 * Replaces src/i18n/compiled.ts, which compiles the message catalogs with messageformat on
 * first use, by the same catalogs compiled ahead of time (messageformat's compileModule):
 * plain functions, so a start-up loads neither messageformat's parser nor its compiler.
 * The formats match compiled.ts: `josa` from src/i18n/particles.ts. Each group of a
 * language's catalog (the keys sharing what precedes their first dot) is built on first use,
 * so a run makes, and V8's code cache of it holds, only the message functions of the groups it
 * uses in the language it speaks, not all ~2000. The
 * catalogs' @messageformat/runtime is scripts/shims/messageformat-runtime.mjs (no
 * Intl.NumberFormat for a small count).
 */
const precompiledMessages = {
  name: 'precompiled-messages',
  setup(b) {
    b.onResolve({ filter: /^@messageformat\/runtime(-real)?$/ }, (args) => {
      if (args.path.endsWith('-real')) return b.resolve('@messageformat/runtime', { kind: args.kind, resolveDir: args.resolveDir, importer: shim('x') });
      return /[\\/]src[\\/]i18n[\\/]compiled\.ts$/.test(args.importer) ? { path: shim('messageformat-runtime.mjs') } : undefined;
    });
    b.onLoad({ filter: /[\\/]src[\\/]i18n[\\/]compiled\.ts$/ }, async (args) => {
      const dir = dirname(args.path);
      const catalog = async (lang) => {
        const file = join(dir, `${lang}.ts`);
        const out = await build({ entryPoints: [file], bundle: true, write: false, format: 'esm', platform: 'node', logLevel: 'silent' });
        return (await import(`data:text/javascript,${encodeURIComponent(out.outputFiles[0].text)}`))[lang];
      };
      const { default: MessageFormat } = await import('@messageformat/core');
      const { default: compileModule } = await import('@messageformat/core/compile-module.js');
      const josa = { formatter: () => '', arg: 'string', id: 'josa', module: join(dir, 'particles.ts') };
      // One module per language and key group (what precedes the key's first dot: help, exam,
      // volume...), { key: fn, ... }: their imports are merged, each body wrapped in a function.
      const imports = new Map(); // module -> names
      const bodies = [];
      for (const lang of ['en', 'ko']) {
        const mf = new MessageFormat(lang, { customFormatters: { josa } });
        const groups = new Map();
        for (const [key, text] of Object.entries(await catalog(lang))) {
          const group = key.split('.')[0];
          groups.set(group, { ...groups.get(group), [key]: text });
        }
        const wrapped = [];
        for (const [group, messages] of groups) {
          const source = compileModule(mf, messages);
          const at = source.indexOf('export default {');
          if (at < 0) throw new Error('messageformat compileModule: unexpected output');
          for (const line of source.slice(0, at).split('\n').filter(Boolean)) {
            const m = line.match(/^import \{ (.+) \} from "(.+)";$/);
            if (!m) throw new Error(`messageformat compileModule: unexpected line ${line}`);
            const names = imports.get(m[2]) ?? new Set();
            for (const name of m[1].split(', ')) names.add(name);
            imports.set(m[2], names);
          }
          wrapped.push(`    ${JSON.stringify(group)}: () => (${source.slice(at + 'export default '.length).trim().replace(/;$/, '')}),`);
        }
        bodies.push(`  ${lang}: {\n${wrapped.join('\n')}\n  },`);
      }
      const contents = `${[...imports].map(([from, names]) => `import { ${[...names].join(', ')} } from ${JSON.stringify(from)};`).join('\n')}
const catalogs = {
${bodies.join('\n')}
};
const messages = { en: {}, ko: {} };
export const compiled = (lang, key) => {
  const group = key.split('.')[0];
  return (messages[lang][group] ??= catalogs[lang][group]())[key];
};
export const resetCompiled = () => {};
`;
      return { contents, loader: 'js', resolveDir: dir };
    });
  },
};

/**
 * bin/lab.cjs reads dist/lab.cjs as latin1, so the bundle must be ASCII: esbuild escapes
 * non-ASCII text in strings but leaves regular expression literals as they are
 * (evanw/esbuild#4205). jongseong, which picks the Korean particles behind josa, tests each
 * last character with /[가-힣]/: here written with \u escapes (the same character class).
 * The build checks the bundle afterwards (assertAscii).
 */
const asciiRegExps = {
  name: 'ascii-regexps',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]jongseong[\\/]dist[\\/]index\.js$/ }, (args) => {
      const text = readFileSync(args.path, 'utf8');
      const contents = text.replaceAll('/[가-힣]/', '/[\\uAC00-\\uD7A3]/');
      if (contents === text) throw new Error(`${args.path}: the Hangul test /[가-힣]/ is gone; see asciiRegExps`);
      return { contents, loader: 'js' };
    });
  },
};

/**
 * Fails the build when `file` holds a non-ASCII byte, which bin/lab.cjs (reading it as
 * latin1) would garble: a dependency's regular expression with non-ASCII text, say.
 * @throws Error naming the offset and the text around it
 */
export function assertAscii(file) {
  const bytes = readFileSync(file);
  const at = bytes.findIndex((byte) => byte > 0x7f);
  if (at >= 0) {
    const around = bytes.subarray(Math.max(0, at - 60), at + 20).toString('utf8');
    throw new Error(`${file} has a non-ASCII byte at offset ${at} (…${around}…), which bin/lab.cjs would read wrongly as latin1; escape it (see asciiRegExps in scripts/bundle.mjs)`);
  }
}

/** Validated labs are cached under this key; a change to the schema or parser changes it. */
const labSchemaHash = createHash('sha256')
  .update(readFileSync(new URL('../src/labs/schema-issues.ts', import.meta.url)))
  .update(readFileSync(new URL('../src/labs/schema.ts', import.meta.url)))
  .update(readFileSync(new URL('../src/labs/parse.ts', import.meta.url)))
  .update(readFileSync(new URL('../src/labs/scope.ts', import.meta.url)))
  .update(readFileSync(new URL('../src/util/lab-paths.ts', import.meta.url)))
  // The check kinds declare the schemas of the checks.
  .update(readdirSync(new URL('../src/checks/kinds/', import.meta.url)).sort().map((f) => readFileSync(new URL(`../src/checks/kinds/${f}`, import.meta.url))).join('\0'))
  .digest('hex')
  .slice(0, 16);

/** esbuild options shared with other bundles of this code (bench/). */
export const nodeBundle = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  legalComments: 'none',
  // testcontainers is only needed by the k3s driver, and is large.
  external: ['testcontainers', '@testcontainers/k3s'],
  banner: {
    // CommonJS dependencies inside an ESM bundle still expect require and __filename.
    js: [
      "import { createRequire as __cr } from 'node:module';",
      "import { fileURLToPath as __f2p } from 'node:url';",
      'const require = __cr(import.meta.url);',
      'const __filename = __f2p(import.meta.url);',
      "const __dirname = __filename.slice(0, __filename.lastIndexOf('/'));",
    ].join(' '),
  },
  plugins: [trimClientNode, precompiledMessages, asciiRegExps],
  define: { __LAB_SCHEMA_HASH__: JSON.stringify(labSchemaHash) },
  logLevel: 'warning',
};

/**
 * Packages only some commands need, each bundled into dist/vendor/<name>.cjs (whose
 * module.exports is the expression given) and required from there on first use: kept out of dist/lab.cjs, they add nothing to the code V8 must
 * read back from its cache on every start (about 1.6 MB of the 2 MB). `<name>-real` is the
 * real package behind scripts/shims/<name>.mjs.
 */
export const VENDORED = {
  yaml: "require('yaml')", // manifests (start, solution, validate), -o yaml, file checks
  execa: "require('execa')", // cluster lifecycle and the first build of the binaries
  // Our sources are ES modules, so esbuild gives `import x from` them node's semantics:
  // x is module.exports. ora is an ES module whose default export is what we call.
  ora: "require('ora').default", // spinners, on a terminal only
  'junit-report-builder': "require('junit-report-builder')", // -o junit
  'cli-table3': "require('cli-table3')", // list, progress, exam tables
  'string-width': "require('string-width').default", // tables and the pager: Hangul is two columns wide
  // lab note: Markdown rendered for a terminal. marked-terminal is bundled from its ES module
  // (its CommonJS build inlines every dependency), with the shims of markdownSwaps.
  marked: "require('marked')",
  'marked-terminal': { contents: "export { markedTerminal } from 'marked-terminal';\n", swaps: 'markdown' },
  'wrap-ansi': "require('wrap-ansi').default",
  'undici-real': "require('undici')", // watches (lab check --watch)
  // client-node's optional dependencies behind scripts/shims/: kubeconfigs with OIDC users,
  // socks proxies, or the legacy azure/gcp auth providers.
  'openid-client-real': "require('openid-client')",
  'socks-proxy-agent-real': "require('socks-proxy-agent')",
  'socks-real': "require('socks')",
  'jsonpath-plus-real': "require('jsonpath-plus')",
};

/** Resolves the packages in VENDORED to their dist/vendor file, left external. */
const vendored = {
  name: 'vendored',
  setup(b) {
    const names = Object.keys(VENDORED).map((n) => n.replace(/[-/]/g, '\\$&'));
    const filter = new RegExp(`^(${names.join('|')})$`);
    b.onResolve({ filter }, (args) =>
      // A static import from src/ gets a stand-in that requires the file on first use (see lazyVendor).
      args.kind === 'import-statement' && /[\\/]src[\\/]/.test(args.importer)
        ? { path: args.path, namespace: 'lazy-vendor' }
        : { path: `./vendor/${args.path}.cjs`, external: true },
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-vendor' }, (args) => ({ contents: lazyVendor(args.path), loader: 'js', resolveDir: fileURLToPath(new URL('..', import.meta.url)) }));
    b.onResolve({ filter: /^\.\/vendor\// }, (args) => (args.namespace === 'lazy-vendor' ? { path: args.path, external: true } : undefined));
  },
};

/**
 * The stand-in for dist/vendor/<name>.cjs that a static import in src/ gets: each export
 * (the default, which is module.exports as node gives it, and every function the package
 * exports) is a Proxy that requires the file on its first call, `new`, or property read.
 * So a command module may import what only its action uses without making every start that
 * registers it (`lab --help` registers all) load the package: string-width, marked and yaml
 * had cost `lab --help` about 90 ms.
 */
function lazyVendor(name) {
  const real = require(name.replace(/-real$/, ''));
  const named = Object.keys(real).filter((k) => k !== 'default' && /^[A-Za-z_$][\w$]*$/.test(k) && typeof real[k] === 'function');
  return `let m;
const load = () => (m ??= require(${JSON.stringify(`./vendor/${name}.cjs`)}));
const lazy = (get) => new Proxy(function () {}, {
  apply: (_, self, args) => Reflect.apply(get(), self, args),
  construct: (_, args) => Reflect.construct(get(), args),
  get: (_, key) => get()[key],
  has: (_, key) => key in get(),
});
export default lazy(load);
${named.map((k) => `export const ${k} = lazy(() => load().${k});`).join('\n')}
`;
}

/**
 * Check kinds loaded on first use. src/checks/kinds/index.ts imports every kind module, so
 * each start would evaluate all of them (build ~30 valibot schemas, and put every kind's
 * top-level code in V8's code cache) although a `lab check` runs only the few kinds its lab
 * names, and needs no schema at all when the lab is in the validated-lab cache. In the CLI
 * bundle that file is replaced by one with the same exports in which each kind module is
 * `require`d (esbuild wraps a required module in a function run on first use) when a check of
 * its type is first run or asked about; `CHECK_KINDS` and the `Check` schema load every kind,
 * on first use too (lab validate, a lab file not in the cache). The kinds and their `type`s are
 * read from index.ts's imports and CHECK_KINDS and from each module's defineCheckKind call; the
 * build fails if index.ts no longer has the shape this expects. Tests and scripts use
 * index.ts itself.
 */
export const lazyCheckKinds = {
  name: 'lazy-check-kinds',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]checks[\\/]kinds[\\/]index\.ts$/ }, (args) => ({
      contents: lazyKindsModule(args.path),
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
  },
};

/** The exports of src/checks/kinds/index.ts that lazyKindsModule provides (values; types vanish). */
const LAZY_KIND_EXPORTS = [
  'CHECK_KINDS',
  'Check',
  'CHECK_TYPES',
  'runCheck',
  'kindsRead',
  'readsFiles',
  'checkProblem',
];

/** The source of the lazy stand-in for src/checks/kinds/index.ts (see lazyCheckKinds). */
export function lazyKindsModule(indexFile) {
  const source = readFileSync(indexFile, 'utf8');
  const fail = (what) => {
    throw new Error(`scripts/bundle.mjs (lazyCheckKinds): ${indexFile} ${what}; update lazyKindsModule to match`);
  };
  const exported = [...source.matchAll(/^export (?:const|function|let|class) (\w+)/gm)].map((m) => m[1]);
  const unknown = exported.filter((name) => !LAZY_KIND_EXPORTS.includes(name));
  if (unknown.length) fail(`exports ${unknown.join(', ')}, which the lazy stand-in lacks`);
  const files = new Map(
    [...source.matchAll(/^import \{ (\w+) \} from '\.\/([\w-]+)\.js';$/gm)].map((m) => [m[1], m[2]]),
  );
  const list = source.match(/^export const CHECK_KINDS = \[([^\]]*)\] as const;$/m);
  if (!list) fail('has no `export const CHECK_KINDS = [...] as const;`');
  const kinds = list[1]
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name) => {
      const file = files.get(name) ?? fail(`lists ${name} in CHECK_KINDS but does not import it from ./<file>.js`);
      const path = join(dirname(indexFile), `${file}.ts`);
      const type = readFileSync(path, 'utf8').match(/defineCheckKind\(\{\s*type: '([^']+)'/)?.[1];
      if (!type) fail(`imports ${name} from ${path}, which has no defineCheckKind({ type: '...' })`);
      return { name, path, type };
    });
  if (kinds.length < 2) fail('lists fewer than two kinds in CHECK_KINDS');
  const loaders = kinds.map((k) => `  ${JSON.stringify(k.type)}: () => require(${JSON.stringify(k.path)}).${k.name},`);
  return `import * as v from 'valibot';
const LOAD = {
${loaders.join('\n')}
};
export const CHECK_TYPES = Object.keys(LOAD);
const loaded = new Map();
const kindOf = (type) => {
  let kind = loaded.get(type);
  if (!kind) loaded.set(type, (kind = LOAD[type]()));
  return kind;
};
export const runCheck = (check, view) => kindOf(check.type).run(check, view);
export const kindsRead = (check) => kindOf(check.type).reads(check);
export const readsFiles = (check) => kindOf(check.type).readsFiles;
export const checkProblem = (check) => kindOf(check.type).problem(check);
let all, variant;
const allKinds = () => (all ??= CHECK_TYPES.map(kindOf));
const checkSchema = () => (variant ??= v.variant('type', allKinds().map((k) => k.schema)));
/** Stands for an object built on first use: every read goes to it. */
const onFirstUse = (target, get) =>
  new Proxy(target, {
    get: (_, key) => Reflect.get(get(), key),
    has: (_, key) => Reflect.has(get(), key),
    ownKeys: () => Reflect.ownKeys(get()),
    getOwnPropertyDescriptor: (_, key) => Reflect.getOwnPropertyDescriptor(get(), key),
  });
export const CHECK_KINDS = onFirstUse([], allKinds);
export const Check = onFirstUse({}, checkSchema);
`;
}

/**
 * The CLI itself: one CommonJS file, dist/lab.cjs, which bin/lab.cjs runs through V8's code
 * cache (Node 20 has no compile cache for ES modules). What only some commands need is
 * still loaded late: esbuild wraps each lazily imported module in a function that runs,
 * and is compiled, on first use; the packages in VENDORED are files of their own.
 */
export const cliBundle = {
  ...nodeBundle,
  format: 'cjs',
  entryPoints: ['src/cli/entry.ts'],
  outfile: 'dist/lab.cjs',
  // src/util/paths.ts finds the package from its own location.
  banner: { js: "var __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { ...nodeBundle.define, 'import.meta.url': '__importMetaUrl' },
  plugins: [vendored, lazyCheckKinds, ...nodeBundle.plugins],
  // import() of an external file (dist/vendor, testcontainers) becomes require(): a
  // vm.Script has no ES module loader of its own, and CommonJS needs none.
  supported: { 'dynamic-import': false },
  minify: true,
  sourcemap: 'linked',
};

/**
 * What `lab note` never uses from marked-terminal's dependencies: all of highlight.js's ~190
 * grammars (the notes' code is YAML and shell) and the emoji table (emoji are off). Each is
 * swapped for its shim in scripts/shims/; the shim's own highlight.js/lib/* imports resolve from
 * cli-highlight's folder, to the version it depends on.
 */
export const markdownSwaps = {
  name: 'markdown-swaps',
  setup(b) {
    const cliHighlight = dirname(require.resolve('cli-highlight'));
    b.onResolve({ filter: /^highlight\.js$/ }, (args) => (/node_modules\/cli-highlight\//.test(args.importer) ? { path: shim('highlight.js.cjs') } : undefined));
    b.onResolve({ filter: /^highlight\.js\/lib\// }, (args) => (args.importer === shim('highlight.js.cjs') ? { path: require.resolve(args.path, { paths: [cliHighlight] }) } : undefined));
    b.onResolve({ filter: /^node-emoji$/ }, (args) => (/node_modules\/marked-terminal\//.test(args.importer) ? { path: shim('node-emoji.cjs') } : undefined));
  },
};

/**
 * esbuild options for dist/vendor/<name>.cjs: the whole package, as CommonJS. `spec` is the
 * expression module.exports is set to, or { contents, swaps } for a package bundled from an ES
 * module source with some of its dependencies swapped for shims.
 */
const vendorBundle = (name, spec) => ({
  ...nodeBundle,
  format: 'cjs',
  banner: {},
  plugins: typeof spec === 'object' && spec.swaps === 'markdown' ? [markdownSwaps] : [],
  // esbuild turns an ES-module package into CommonJS (exports object with __esModule set).
  stdin: { contents: typeof spec === 'object' ? spec.contents : `module.exports = ${spec};\n`, resolveDir: fileURLToPath(new URL('..', import.meta.url)), sourcefile: `vendor-${name}.cjs` },
  outfile: `dist/vendor/${name}.cjs`,
  minify: true,
});

/** Whether this file is the script node runs (not imported by bench/): compared as paths, not URL text. */
const isMain = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);

if (isMain) {
  rmSync('dist', { recursive: true, force: true });
  await Promise.all([build(cliBundle), ...Object.entries(VENDORED).map(([name, expression]) => build(vendorBundle(name, expression)))]);
  assertAscii(cliBundle.outfile);
}
