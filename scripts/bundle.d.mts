// Types of what TypeScript code imports from scripts/bundle.mjs (tests/unit/bundle-lazy-kinds.test.ts).
import type { BuildOptions, Plugin } from 'esbuild';

/** esbuild options shared with other bundles of this code (bench/). */
export const nodeBundle: BuildOptions;
/** The options of dist/lab.cjs. */
export const cliBundle: BuildOptions;
/** Replaces src/checks/kinds/index.ts in the CLI bundle by a stand-in that loads each kind on first use. */
export const lazyCheckKinds: Plugin;
/**
 * The source of that stand-in for the given index.ts.
 * @throws Error when index.ts has not the shape the stand-in is made from
 */
export function lazyKindsModule(indexFile: string): string;
