// Bundles the CLI: an unbundled import of @kubernetes/client-node costs ~0.8 s and ~120 MB
// at start-up, bundled ~0.23 s and ~60 MB (measured on Node 20). Code splitting keeps what
// only some commands need (JUnit, watch, execa, ora) out of the start-up path.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/**
 * Trims @kubernetes/client-node to what is used: its ES modules have no side effects at
 * import, but the package does not say so, so esbuild would keep every generated API
 * class (~600 KB); and node-fetch is swapped for a shim that loads it on first use.
 */
const trimClientNode = {
  name: 'trim-client-node',
  setup(b) {
    b.onResolve({ filter: /^node-fetch$/ }, () => ({ path: fileURLToPath(new URL('./node-fetch-shim.mjs', import.meta.url)) }));
    b.onResolve({ filter: /^node-fetch-real$/ }, () => ({ path: require.resolve('node-fetch') }));
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

if (import.meta.url === `file://${process.argv[1]}`) {
  rmSync('dist', { recursive: true, force: true });
  await build({
    ...nodeBundle,
    entryPoints: { lab: 'src/cli/entry.ts' },
    outdir: 'dist',
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunks/[name]-[hash]',
    splitting: true,
    minify: true,
    sourcemap: 'linked',
  });
}
