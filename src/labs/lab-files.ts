import { copyFileSync, mkdirSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../errors.js';
import { contentPathProblem, isInside } from '../util/lab-paths.js';

/** The most files one `files:` entry may hold (a folder is copied whole), so a typo cannot copy a tree. */
export const MAX_SHIPPED_FILES = 200;

/** One file a lab ships: where it is in the content tree, and where it goes in the learner's folder. */
export interface ShippedFile {
  /** Relative to the content root, e.g. `manifests/helm/files/web/Chart.yaml`. */
  from: string;
  /** Relative to the learner's folder, e.g. `web/Chart.yaml`. */
  to: string;
}

/**
 * The files one `files:` entry ships: the file itself, or every file under the folder (recursively,
 * in name order), each going to the learner's folder under the entry's own name (`.../files/web`
 * → `web/...`).
 * @param root the content root
 * @param rel the entry, relative to the content root
 * @returns the files, or the problem (one clause, no final full stop): a missing path, one leading
 *   outside the content root, a file over 1 MB or of another type, more than {@link MAX_SHIPPED_FILES}
 */
export function shippedFiles(root: string, rel: string): ShippedFile[] | string {
  let real: string;
  try {
    real = realpathSync(join(root, rel));
  } catch {
    return `the path ${rel} does not exist`;
  }
  if (!isInside(realpathSync(root), real)) return `the path ${rel} leads outside the lab content folder (to ${real})`;
  if (!statSync(real).isDirectory()) {
    const problem = contentPathProblem(root, rel);
    return problem ?? [{ from: rel, to: basename(rel) }];
  }
  const files: ShippedFile[] = [];
  const walk = (from: string, to: string): string | undefined => {
    for (const name of readdirSync(join(root, from)).sort()) {
      const [f, t] = [join(from, name), join(to, name)];
      if (statSync(join(root, f)).isDirectory()) {
        const problem = walk(f, t);
        if (problem) return problem;
        continue;
      }
      const problem = contentPathProblem(root, f);
      if (problem) return problem;
      files.push({ from: f, to: t });
      if (files.length > MAX_SHIPPED_FILES) return `${rel} holds more than ${MAX_SHIPPED_FILES} files`;
    }
    return undefined;
  };
  return walk(rel, basename(rel)) ?? files;
}

/**
 * Copies the files a lab ships (lab.yaml `files:`) into the learner's working folder, as `lab
 * start`, `lab reset` and each `lab validate` case leave it: a chart to install with helm, a
 * kustomization to apply. Paths were checked when the lab was loaded; a file changed since
 * fails here.
 * @throws UsageError naming the problem (see {@link shippedFiles}) or the file system's error
 */
export function copyLabFiles(lab: { root: string; files?: readonly string[] }, workDir: string): void {
  for (const entry of lab.files ?? []) {
    const files = shippedFiles(lab.root, entry);
    if (typeof files === 'string') throw new UsageError(`Cannot copy the lab's files: ${files}.`);
    for (const { from, to } of files) {
      mkdirSync(dirname(join(workDir, to)), { recursive: true });
      copyFileSync(join(lab.root, from), join(workDir, to));
    }
  }
}
