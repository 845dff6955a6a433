import { createHash } from 'node:crypto';
import { say } from '../i18n/current.js';
import { readFileSync, existsSync, readdirSync, mkdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { UsageError } from '../errors.js';
import { contentRoot, xdgDir } from '../util/paths.js';
import type { LabFile } from './schema.js';
import type { Lab } from './lab.js';
import { formatSize, isInside, MAX_LAB_FILE_BYTES } from '../util/lab-paths.js';

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
 * Loads and validates labs/<id>/lab.yaml. `id` must be one of {@link listLabIds} (a folder
 * name in labs/, never a path), and the file must resolve inside labs/ and be at most 1 MB.
 *
 * Validation (valibot) is the biggest part of start-up, so the bundled CLI keeps each
 * validated lab in $XDG_CACHE_HOME/cka-lab/labs, keyed by a hash of the file and of the
 * schema the bundle was built with; a changed file or schema validates afresh. An entry is
 * trusted only when its shape, its checksum and the hashes of the content files it was
 * built from all match (see {@link readCacheEntry}); anything else is validated again and
 * the entry rewritten.
 * @throws UsageError when no such lab exists or its file is too big; LabFileError (file,
 * line, field) when it is malformed.
 */
export async function loadLab(id: string, root = contentRoot()): Promise<Lab> {
  const known = listLabIds(root);
  if (!known.includes(id)) {
    throw new UsageError(say('loader.noLab', { id, labs: known.join(', ') || say('loader.none') }));
  }
  const file = join(root, 'labs', id, 'lab.yaml');
  let size: number;
  try {
    if (!isInside(realpathSync(join(root, 'labs')), realpathSync(file))) {
      throw new UsageError(say('loader.outside', { id }));
    }
    size = statSync(file).size;
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(say('loader.unreadable', { id, code: (err as NodeJS.ErrnoException).code ?? String(err) }), {
      cause: err,
    });
  }
  if (size > MAX_LAB_FILE_BYTES) {
    throw new UsageError(say('loader.tooBig', { id, size: formatSize(size) }));
  }
  const text = readFileSync(file, 'utf8');
  const cached = cacheFile(text);
  if (cached) {
    const data = readCacheEntry(cached, cacheKey(text), id, root);
    if (data) return { ...data, file, root };
  }
  const { parseLab } = await import('./parse.js');
  const lab = parseLab(text, file, root, id);
  if (cached) writeCacheEntry(cached, cacheKey(text), lab);
  return lab;
}

/** Set by the bundler to a hash of the lab schema; unset in tests, which always validate. */
declare const __LAB_SCHEMA_HASH__: string | undefined;

/** The schema hash of this build, or undefined when validated labs are not cached (tests, tsx). */
function schemaHash(): string | undefined {
  return typeof __LAB_SCHEMA_HASH__ === 'string' ? __LAB_SCHEMA_HASH__ : undefined;
}

/** sha256 (hex) of the schema hash and the lab.yaml text: what a cache entry was built from. */
export function cacheKey(text: string, schema = schemaHash() ?? ''): string {
  return createHash('sha256').update(schema).update('\0').update(text).digest('hex');
}

function cacheFile(text: string): string | undefined {
  if (!schemaHash()) return undefined;
  return join(xdgDir('cache'), 'labs', `${cacheKey(text).slice(0, 32)}.json`);
}

/**
 * One cached validated lab, as stored on disk (JSON):
 * - `key`: {@link cacheKey} of the lab.yaml text;
 * - `files`: every content file the lab names (setup, step manifests, `writeFile.from`, notes),
 *   with the sha256 of its content when validated;
 * - `sum`: sha256 of `key`, `files` and `lab` as stored, so an edited entry does not match;
 * - `lab`: the validated lab, without `file` and `root`.
 */
export interface CacheEntry {
  key: string;
  files: Record<string, string>;
  sum: string;
  lab: LabFile;
}

const sha256 = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');
const entrySum = (key: string, files: Record<string, string>, lab: string): string =>
  sha256(`${key}\0${JSON.stringify(files)}\0${lab}`);

/** The content files a lab reads (paths from the content root): what a cache entry depends on. */
export function labFiles(lab: LabFile, root: string): string[] {
  const files = new Set<string>(lab.setup);
  for (const note of [`${lab.note}.md`, `${lab.note}.en.md`])
    if (existsSync(join(root, 'notes', note))) files.add(join('notes', note));
  for (const task of lab.tasks) {
    for (const step of [
      ...task.solution,
      ...task.wrong.flatMap((w) => w.steps),
      ...task.alternatives.flatMap((a) => a.steps),
    ]) {
      if (step.apply) files.add(step.apply);
      if (step.writeFile?.from) files.add(step.writeFile.from);
    }
  }
  return [...files].sort();
}

/**
 * sha256 of a content file, or undefined when it is not a file inside the content root. Paths are
 * resolved by the system's realpath (one call; node's own walks and lstats every folder of the path):
 * a cached lab checks every file it names, on every `lab check`.
 */
function fileHash(root: string, rel: string): string | undefined {
  try {
    const real = realpathSync.native(join(root, rel));
    if (!isInside(realpathSync.native(root), real)) return undefined;
    const st = statSync(real);
    if (!st.isFile() || st.size > MAX_LAB_FILE_BYTES) return undefined;
    return sha256(readFileSync(real));
  } catch {
    return undefined;
  }
}

/**
 * Reads a cache entry and returns its lab only when it can be trusted: the JSON has the
 * {@link CacheEntry} shape, `key` is the expected one, `sum` matches, the lab's id is `id`,
 * and every content file still has the hash it had. Never throws: a damaged, edited or
 * stale entry gives undefined (and is then validated again and rewritten).
 */
export function readCacheEntry(path: string, key: string, id: string, root: string): LabFile | undefined {
  try {
    const raw = readFileSync(path, 'utf8');
    const entry = JSON.parse(raw) as Partial<CacheEntry> | null;
    if (!entry || typeof entry !== 'object' || entry.key !== key || typeof entry.sum !== 'string') return undefined;
    const { files, lab } = entry;
    if (!files || typeof files !== 'object' || Array.isArray(files) || !lab || typeof lab !== 'object')
      return undefined;
    if (entry.sum !== entrySum(key, files, JSON.stringify(lab))) return undefined;
    if (
      lab.id !== id ||
      !Array.isArray(lab.setup) ||
      !Array.isArray(lab.clusterScoped) ||
      !Array.isArray(lab.tasks) ||
      lab.tasks.length === 0
    )
      return undefined;
    if (
      !lab.tasks.every(
        (t) =>
          t &&
          typeof t === 'object' &&
          Array.isArray(t.checks) &&
          Array.isArray(t.solution) &&
          Array.isArray(t.wrong) &&
          Array.isArray(t.alternatives),
      )
    )
      return undefined;
    for (const [rel, hash] of Object.entries(files)) if (fileHash(root, rel) !== hash) return undefined;
    return lab;
  } catch {
    return undefined;
  }
}

/** Writes a cache entry for a validated lab; a read-only cache only costs the next run a validation. */
export function writeCacheEntry(path: string, key: string, lab: Lab): void {
  try {
    const { file: _file, root, ...data } = lab;
    const files: Record<string, string> = {};
    for (const rel of labFiles(data, root)) {
      const hash = fileHash(root, rel);
      if (!hash) return; // changed under us: do not cache
      files[rel] = hash;
    }
    const text = JSON.stringify(data);
    const sum = JSON.stringify(entrySum(key, files, text));
    const entry = `{"key":${JSON.stringify(key)},"files":${JSON.stringify(files)},"sum":${sum},"lab":${text}}`;
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileAtomic.sync(path, entry);
  } catch {
    // a read-only cache only costs the next run a validation
  }
}
