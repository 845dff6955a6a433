// Bundles the CLI: an unbundled import of @kubernetes/client-node costs ~0.8 s and ~120 MB
// at start-up, bundled ~0.23 s and ~60 MB (measured on Node 20).
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** Packages client-node imports at start-up but uses only for some kubeconfigs; see scripts/shims/. */
const DEFERRED = ['node-fetch', 'openid-client', 'socks-proxy-agent', 'jsonpath-plus'];

/**
 * Trims @kubernetes/client-node to what is used: its ES modules have no side effects at
 * import, but the package does not say so, so esbuild would keep every generated API
 * class (~600 KB); and the packages in DEFERRED are swapped for shims that load the real
 * one (imported as `<name>-real`) on first use.
 */
const trimClientNode = {
  name: 'trim-client-node',
  setup(b) {
    const deferred = new RegExp(`^(${DEFERRED.join('|')})(-real)?$`);
    b.onResolve({ filter: deferred }, (args) => {
      const [, name, real] = args.path.match(deferred);
      if (real) return { path: require.resolve(name, { paths: [args.resolveDir, fileURLToPath(new URL('../node_modules/@kubernetes/client-node/', import.meta.url))] }) };
      return { path: fileURLToPath(new URL(`./shims/${name}.mjs`, import.meta.url)) };
    });
    b.onResolve({ filter: /.*/ }, async (args) => {
      if (args.pluginData === 'trim' || !/client-node/.test(args.importer + args.path)) return undefined;
      const r = await b.resolve(args.path, { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer, pluginData: 'trim' });
      if (r.errors.length || !/node_modules\/@kubernetes\/client-node\//.test(r.path)) return undefined;
      return { ...r, sideEffects: false };
    });
  },
};

/** Validated labs are cached under this key; a change to the schema or parser changes it. */
const labSchemaHash = createHash('sha256')
  .update(readFileSync(new URL('../src/labs/schema.ts', import.meta.url)))
  .update(readFileSync(new URL('../src/labs/parse.ts', import.meta.url)))
  .digest('hex')
  .slice(0, 16);

/** esbuild options shared with other bundles of this code (bench/). */
export const nodeBundle = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
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
  plugins: [trimClientNode],
  define: { __LAB_SCHEMA_HASH__: JSON.stringify(labSchemaHash) },
  logLevel: 'warning',
};

/**
 * The CLI itself: one CommonJS file, dist/lab.cjs, which bin/lab.cjs runs through V8's code
 * cache (Node 20 has no compile cache for ES modules). What only some commands need is
 * still loaded late: esbuild wraps each lazily imported module in a function that runs,
 * and is compiled, on first use.
 */
export const cliBundle = {
  ...nodeBundle,
  format: 'cjs',
  entryPoints: ['src/cli/entry.ts'],
  outfile: 'dist/lab.cjs',
  // src/util/paths.ts finds the package from its own location.
  banner: { js: "var __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  define: { ...nodeBundle.define, 'import.meta.url': '__importMetaUrl' },
  minify: true,
  sourcemap: 'linked',
};

if (import.meta.url === `file://${process.argv[1]}`) {
  rmSync('dist', { recursive: true, force: true });
  await build(cliBundle);
}
