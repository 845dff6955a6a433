import { createHash } from 'node:crypto';
import { readFileSync, existsSync, readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { UsageError } from '../cli/errors.js';
import { contentRoot, xdgDir } from '../util/paths.js';
import type { LabFile } from './schema.js';

/** A validated lab, with where it came from. */
export interface Lab extends LabFile {
  /** Absolute path of the lab.yaml file. */
  file: string;
  /** The content root (folder holding labs/, manifests/, notes/). */
  root: string;
}

/** A problem in a lab file, placed at a line. Exit code 2. */
export class LabFileError extends UsageError {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    problem: string,
  ) {
    super(`${file}:${line}: ${field ? `${field}: ` : ''}${problem}; fix the lab file and try again.`);
    this.name = 'LabFileError';
  }
}

/** The ids of all labs under `root`/labs, sorted. */
export function listLabIds(root = contentRoot()): string[] {
  const dir = join(root, 'labs');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'lab.yaml')))
    .map((d) => d.name)
    .sort();
}

/**
 * Loads and validates labs/<id>/lab.yaml.
 *
 * Validation (zod) is the biggest part of start-up, so the bundled CLI keeps each
 * validated lab in $XDG_CACHE_HOME/cka-lab/labs, keyed by a hash of the file and of the
 * schema the bundle was built with; a changed file or schema validates afresh.
 * @throws UsageError when no such lab exists; LabFileError (file, line, field) when it is malformed.
 */
export async function loadLab(id: string, root = contentRoot()): Promise<Lab> {
  const file = join(root, 'labs', id, 'lab.yaml');
  if (!existsSync(file)) {
    const known = listLabIds(root).join(', ') || 'none';
    throw new UsageError(`There is no lab "${id}"; run \`lab list\` to see the labs (${known}).`);
  }
  const text = readFileSync(file, 'utf8');
  const cached = cacheFile(text);
  if (cached && existsSync(cached)) {
    try {
      return { ...(JSON.parse(readFileSync(cached, 'utf8')) as LabFile), file, root };
    } catch {
      // an unreadable cache entry is simply validated again
    }
  }
  const { parseLab } = await import('./parse.js');
  const lab = parseLab(text, file, root);
  if (cached) {
    try {
      mkdirSync(join(cached, '..'), { recursive: true });
      const { file: _file, root: _root, ...data } = lab;
      writeFileAtomic.sync(cached, JSON.stringify(data));
    } catch {
      // a read-only cache only costs the next run a validation
    }
  }
  return lab;
}

/** Set by the bundler to a hash of the lab schema; unset in tests, which always validate. */
declare const __LAB_SCHEMA_HASH__: string | undefined;

function cacheFile(text: string): string | undefined {
  const schema = typeof __LAB_SCHEMA_HASH__ === 'string' ? __LAB_SCHEMA_HASH__ : undefined;
  if (!schema) return undefined;
  const key = createHash('sha256').update(schema).update('\0').update(text).digest('hex').slice(0, 32);
  return join(xdgDir('cache'), 'labs', `${key}.json`);
}
