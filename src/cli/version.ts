import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * cka-lab's version, from the `version` of its package.json: the first package.json named
 * `cka-lab` above this module (dist/lab.cjs in the bundle, src/cli/ in a checkout). Read
 * only when asked (`lab --version`), so no other command pays for it.
 * @returns the version, or `unknown` when no such package.json is found
 */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++, dir = dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'cka-lab' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // No package.json here (or not JSON): look one folder up.
    }
  }
  return 'unknown';
}
