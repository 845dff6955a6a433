import { lstatSync, mkdirSync, readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { isAbsolute, join, normalize, relative, sep } from 'node:path';
import { xdgDir } from './paths.js';

/** The largest lab file (lab.yaml, manifest, note) cka-lab reads, in bytes: 1 MiB. */
export const MAX_LAB_FILE_BYTES = 1024 * 1024;

/** `1.5 MB` */
export const formatSize = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Whether `path` is `folder` itself or inside it (both already resolved). */
export function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Why a content path written in a lab file (`setup`, `apply`, `writeFile.from`, the note)
 * may not be read, or undefined when it may: it must be relative, exist, be a regular file of
 * at most {@link MAX_LAB_FILE_BYTES}, and resolve inside the content root after `..` and
 * symlinks (realpath).
 * @param root the content root (folder holding labs/, manifests/, notes/)
 * @returns one clause, without a final full stop
 */
export function contentPathProblem(root: string, rel: string): string | undefined {
  if (isAbsolute(rel)) return `the path ${rel} is absolute; write it relative to the content root`;
  const full = join(root, rel);
  let real: string;
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
    real = realpathSync(full);
  } catch {
    return `the file ${rel} does not exist`;
  }
  if (!isInside(realRoot, real)) return `the path ${rel} leads outside the lab content folder (to ${real})`;
  const st = statSync(real);
  if (!st.isFile()) return `${rel} is not a file`;
  if (st.size > MAX_LAB_FILE_BYTES) return `${rel} is ${formatSize(st.size)}, over the 1 MB a lab file may have`;
  return undefined;
}

/**
 * Why a path in the learner's folder (`file` checks, `writeFile.path`) is not acceptable, or
 * undefined: it must be relative, name a file, and stay inside the folder (no `..` out of it).
 * @returns one clause, without a final full stop
 */
export function learnerPathProblem(rel: string): string | undefined {
  if (isAbsolute(rel) || /^[a-zA-Z]:[\\/]/.test(rel))
    return `the path ${rel} is absolute; write it relative to the learner's folder`;
  const n = normalize(rel);
  if (n === '.' || n === '' || rel.endsWith('/')) return `the path "${rel}" names a folder, not a file`;
  if (n === '..' || n.startsWith(`..${sep}`)) return `the path ${rel} leads outside the learner's folder`;
  return undefined;
}

/**
 * Resolves a learner-folder path at run time, following symlinks: the result is inside the
 * real `folder`, or a problem. A path that does not exist yet resolves through its nearest
 * existing parent.
 * @returns `{ path }` (the real path, which may not exist) or `{ problem }` (one clause)
 */
export function resolveLearnerPath(
  folder: string,
  rel: string,
): { path: string; problem?: undefined } | { problem: string; path?: undefined } {
  const bad = learnerPathProblem(rel);
  if (bad) return { problem: bad };
  let realFolder: string;
  try {
    realFolder = realpathSync(folder);
  } catch {
    return { problem: `the folder ${folder} does not exist` };
  }
  // Resolve the longest existing prefix, then append the rest.
  const parts = normalize(rel).split(sep);
  for (let n = parts.length; n >= 0; n--) {
    const head = join(realFolder, ...parts.slice(0, n));
    let real: string;
    try {
      real = realpathSync(head);
    } catch {
      if (existsAsLink(head)) return { problem: `${rel} is a symlink to something that does not exist` };
      continue;
    }
    const path = join(real, ...parts.slice(n));
    if (!isInside(realFolder, path)) return { problem: `${rel} points outside ${folder} (to ${path})` };
    return { path };
  }
  return { problem: `${rel} cannot be resolved in ${folder}` };
}

function existsAsLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** A Kubernetes namespace name (an RFC 1123 label), the only names a working folder is made for. */
const NAMESPACE_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * The learner's working folder of the lab running in `namespace`:
 * `<XDG state>/cka-lab/work/<namespace>` (`~/.local/state/cka-lab/work/lab-pods` by default).
 * `lab start` makes it and shows it, `lab dir` prints it, `file` checks read it and the
 * reference solution's `writeFile` steps write into it; `lab reset` and an exam empty it. It is
 * keyed by the namespace, so a lab started with `-n` has a folder of its own.
 * @throws Error for a name that is not a namespace name (it could climb out of the folder)
 */
export function labWorkDir(namespace: string): string {
  if (!NAMESPACE_NAME.test(namespace)) throw new Error(`"${namespace}" is not a namespace name`);
  return join(xdgDir('state'), 'work', namespace);
}

/**
 * Makes the working folder of `namespace` (see {@link labWorkDir}) if it is missing.
 * @returns its path
 * @throws Error (a Node errno error) when the state folder cannot be written
 */
export function ensureWorkDir(namespace: string): string {
  const dir = labWorkDir(namespace);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Empties the working folder of `namespace` in place (the folder stays, so a shell whose
 * current folder it is keeps working), making it when missing: what `lab reset` and an exam
 * do, so that a file from an earlier attempt never scores. Symlinks in it are removed, never
 * followed.
 * @returns its path
 * @throws Error (a Node errno error) when the folder cannot be written
 */
export function emptyWorkDir(namespace: string): string {
  const dir = ensureWorkDir(namespace);
  for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
  return dir;
}
