import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolveLearnerPath, formatSize, MAX_LAB_FILE_BYTES } from '../../util/lab-paths.js';
import * as v from 'valibot';
import { Expect } from './fields.js';
import { defineCheckKind, type CheckData } from './define.js';
import { partialMatch, show, type Mismatch } from '../match.js';
import { toPlainValue } from '../../util/yaml.js';
import { failed, passed, type Outcome } from '../result.js';
import type { NamespaceView } from '../view.js';
import { type Lang } from '../../i18n/text.js';
import { t } from '../../i18n/t.js';

const fields = {
  path: v.string(),
  expect: v.optional(Expect, () => ({})),
  /**
   * The document was generated (`--dry-run=client` or `--dry-run=server`), not read back from a
   * stored object: it has no metadata.resourceVersion, no managedFields, and no status written by a controller.
   */
  generated: v.optional(v.boolean(), false),
};
type FileCheck = CheckData<'file', typeof fields>;

/** The `file` check kind; its `description` says what it checks. */
export const fileKind = defineCheckKind({
  type: 'file',
  description:
    "A file in the lab's working folder (`lab dir <lab>`, read wherever `lab check` runs; `lab check --dir` " +
    'names another) exists, parses as YAML, and one of its documents matches `expect` (partial match); with ' +
    '`generated: true`, that document lacks what only a stored object has (resourceVersion, managedFields, ' +
    'status written by controllers).',
  fields,
  reads: () => [],
  readsFiles: true,
  run: checkFile,
});

/**
 * `file`: the learner saved a manifest (say, `kubectl run ... --dry-run=client -o yaml > pod.yaml`)
 * in their working folder; it parses, and one of its documents partially matches `expect`.
 */
export async function checkFile(check: FileCheck, view: NamespaceView): Promise<Outcome> {
  const resolved = resolveLearnerPath(view.workDir, check.path);
  if (resolved.problem !== undefined) {
    return failed(t(view.lang, 'file.unchecked', { path: check.path, problem: resolved.problem }));
  }
  const file = resolved.path;
  if (!existsSync(file)) {
    return failed(t(view.lang, 'file.missing', { path: check.path, dir: view.workDir }), [
      {
        message: t(view.lang, 'file.notFound', { path: check.path, dir: view.workDir }),
        path: check.path,
      },
    ]);
  }
  const text = readLearnerFile(file, check.path, view.lang);
  if (typeof text !== 'string') return text;
  // Loaded here: only labs with file checks need a YAML parser at check time.
  const { parseAllDocuments } = (await import('yaml')).default; // a CommonJS package: its exports are on default
  const docs = parseAllDocuments(text);
  const broken = docs.find((d) => 'errors' in d && d.errors.length > 0);
  if (broken && 'errors' in broken) {
    const err = broken.errors[0]!;
    const line = err.linePos?.[0].line ?? '?';
    const detail = err.message.split('\n')[0];
    return failed(t(view.lang, 'file.badYaml', { path: check.path, line, detail }));
  }
  let objects: unknown[];
  try {
    objects = docs.map((d) => toPlainValue(d)).filter((o) => o !== null && o !== undefined);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return failed(t(view.lang, 'file.unparsable', { path: check.path, detail }));
  }
  if (objects.length === 0) return failed(t(view.lang, 'file.empty', { path: check.path }));
  const results = objects.map((o) => [
    ...partialMatch(check.expect, o, '', view.lang),
    ...(check.generated ? storedMarks(o, view.lang) : []),
  ]);
  if (results.some((r) => r.length === 0)) return passed(t(view.lang, 'file.matches', { path: check.path }));
  const closest = results.sort((a, b) => a.length - b.length)[0]!;
  return failed(
    t(view.lang, 'match.fields', { what: check.path, count: closest.length }),
    closest.map((m) => ({
      message: `${check.path} ${m.path}: ${m.reason}`,
      path: m.path,
      expected: m.expected,
      actual: m.actual,
    })),
  );
}

/**
 * The text of a learner's file, or the failed outcome that says in one sentence why it cannot
 * be read: a folder, over 1 MB, or unreadable (permissions, a broken disk).
 */
export function readLearnerFile(file: string, shown: string, lang: Lang): string | Outcome {
  try {
    const st = statSync(file);
    if (st.isDirectory()) return failed(t(lang, 'file.folder', { path: shown }));
    if (!st.isFile()) return failed(t(lang, 'file.notRegular', { path: shown }));
    if (st.size > MAX_LAB_FILE_BYTES) return failed(t(lang, 'file.tooBig', { path: shown, size: formatSize(st.size) }));
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    return failed(t(lang, 'file.unreadable', { path: shown, code }));
  }
}

/** Pod status fields the API server itself sets on create (a --dry-run=server Pod has them). */
const SERVER_SET_STATUS: Record<string, (v: unknown) => boolean> = {
  phase: (v) => v === 'Pending',
  qosClass: () => true,
};

const isEmptyValue = (v: unknown): boolean =>
  v === null ||
  v === undefined ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && !Array.isArray(v) && Object.values(v as object).every(isEmptyValue));

/**
 * What only an object stored in the cluster has, found in a document of a file: metadata.resourceVersion
 * and managedFields (the API server sets them when it stores an object; a --dry-run=server answer has uid,
 * creationTimestamp and generation, but neither), and status fields that a controller or the kubelet wrote
 * (observedGeneration, conditions, replicas, podIP...). Each is a mismatch: the field should not be there.
 */
export function storedMarks(doc: unknown, lang: Lang): Mismatch[] {
  if (!doc || typeof doc !== 'object') return [];
  const obj = doc as { metadata?: Record<string, unknown>; status?: Record<string, unknown> };
  const marks: Mismatch[] = [];
  for (const field of ['resourceVersion', 'managedFields'] as const) {
    const value = obj.metadata?.[field];
    if (value !== undefined && value !== null)
      marks.push({
        path: `metadata.${field}`,
        expected: undefined,
        actual: value,
        reason: t(lang, 'file.stored', { actual: field === 'managedFields' ? '[...]' : show(value) }),
      });
  }
  const status = obj.status && typeof obj.status === 'object' ? obj.status : {};
  const written = Object.entries(status).filter(([k, v]) => !isEmptyValue(v) && !(SERVER_SET_STATUS[k]?.(v) ?? false));
  if (written.length) {
    const fields = written.map(([k]) => k).join(', ');
    marks.push({
      path: 'status',
      expected: undefined,
      actual: fields,
      reason: t(lang, 'file.controllerStatus', { fields }),
    });
  }
  return marks;
}
