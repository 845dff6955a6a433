import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { listLabIds } from '../../src/labs/loader.js';
import { contentRoot } from '../../src/util/paths.js';

/**
 * Whether lab `id` declares `requires: [runtime]` (real containers: probes, logs, exec, traffic),
 * read from labs/<id>/lab.yaml without a cluster. Such labs are proven on a real node
 * (realnode-labs.test.ts), the others on the shared kwok-only test cluster (labs.test.ts).
 */
export function needsRuntime(id: string): boolean {
  const file = parse(readFileSync(join(contentRoot(), 'labs', id, 'lab.yaml'), 'utf8')) as { requires?: unknown };
  return Array.isArray(file.requires) && file.requires.includes('runtime');
}

/** The ids of the labs that need real containers. */
export const runtimeLabIds = (): string[] => listLabIds().filter(needsRuntime);
