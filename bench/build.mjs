// Bundles the in-process benchmark harness (bench/harness.ts, which imports from ../src)
// and the import-cost probes into bench/.out/, with the esbuild options the CLI bundle
// uses (`nodeBundle` from scripts/bundle.mjs: same plugins, defines and banner), so the
// harness runs the same code as dist/.
import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeBundle } from '../scripts/bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '.out');
mkdirSync(out, { recursive: true });

const shared = nodeBundle;
/** The CLI's options without its trimming plugin: the "bundled, untrimmed" import probe. */
const { plugins: _trim, ...plain } = nodeBundle;

await build({ ...shared, entryPoints: [join(here, 'harness.ts')], outfile: join(out, 'harness.mjs'), sourcemap: 'linked' });

// Import-cost probes for @kubernetes/client-node. Each loads it and exits.
//  empty.mjs                 node itself
//  import-unbundled.mjs      node resolves and loads the package from node_modules (what an
//                            unbundled dist/ would do: ESM loads the whole package graph)
//  import-bundled.mjs        esbuild bundle of what cka-lab imports (KubeConfig, Watch), with
//                            the CLI's options (nodeBundle: client-node trimmed)
//  import-bundled-plain.mjs  the same, plain esbuild (no trimming plugin)
writeFileSync(join(out, 'empty.mjs'), '\n');
const probeUsed = "import { KubeConfig, Watch } from '@kubernetes/client-node';\nif (typeof KubeConfig !== 'function' || typeof Watch !== 'function') process.exit(9);\n";
writeFileSync(join(out, 'import-unbundled.mjs'), probeUsed);
writeFileSync(join(out, 'probe-used.mjs'), probeUsed);
await build({ ...shared, entryPoints: [join(out, 'probe-used.mjs')], outfile: join(out, 'import-bundled.mjs') });
await build({ ...plain, entryPoints: [join(out, 'probe-used.mjs')], outfile: join(out, 'import-bundled-plain.mjs') });
