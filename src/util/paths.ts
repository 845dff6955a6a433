import { homedir } from 'node:os';
import { join, dirname } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * XDG base directories for cka-lab (XDG Base Directory Specification), each with a
 * `cka-lab` subfolder. Binaries go in the cache, cluster state and progress in state.
 */
export function xdgDir(kind: 'cache' | 'state' | 'config'): string {
  const env = { cache: 'XDG_CACHE_HOME', state: 'XDG_STATE_HOME', config: 'XDG_CONFIG_HOME' }[kind];
  const fallback = { cache: '.cache', state: join('.local', 'state'), config: '.config' }[kind];
  const base = process.env[env] || join(homedir(), fallback);
  return join(base, 'cka-lab');
}

/**
 * The folder holding labs/, manifests/ and notes/: `CKA_LAB_HOME` if set, otherwise the
 * package root, found by walking up from this module (works from src/ and from dist/).
 * @throws Error if no folder with a labs/ directory is found above this module.
 */
export function contentRoot(): string {
  if (process.env.CKA_LAB_HOME) return process.env.CKA_LAB_HOME;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'labs')) && existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('cannot find the cka-lab content folder (labs/); set CKA_LAB_HOME to the package folder');
}
