import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CheckOf } from '../../labs/schema.js';
import { partialMatch } from '../match.js';
import { toPlainValue } from '../../util/yaml.js';
import { failed, passed, type Outcome } from '../result.js';
import type { NamespaceView } from '../view.js';

/**
 * `file`: the learner saved a manifest (say, `kubectl run ... --dry-run=client -o yaml > pod.yaml`)
 * in their working folder; it parses, and one of its documents partially matches `expect`.
 */
export async function checkFile(check: CheckOf<'file'>, view: NamespaceView): Promise<Outcome> {
  const file = join(view.workDir, check.path);
  if (!existsSync(file)) {
    return failed(`the file ${check.path} does not exist in ${view.workDir}; save it there (for example with \`> ${check.path}\`)`, [
      { message: `${check.path} not found in ${view.workDir}`, path: check.path },
    ]);
  }
  // Loaded here: only labs with file checks need a YAML parser at check time.
  const { parseAllDocuments } = (await import('yaml')).default; // a CommonJS package: its exports are on default
  const docs = parseAllDocuments(readFileSync(file, 'utf8'));
  const broken = docs.find((d) => 'errors' in d && d.errors.length > 0);
  if (broken && 'errors' in broken) {
    const err = broken.errors[0]!;
    return failed(`${check.path} is not valid YAML (line ${err.linePos?.[0].line ?? '?'}: ${err.message.split('\n')[0]})`);
  }
  let objects: unknown[];
  try {
    objects = docs.map((d) => toPlainValue(d)).filter((o) => o !== null && o !== undefined);
  } catch (err) {
    return failed(`${check.path} cannot be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (objects.length === 0) return failed(`${check.path} is empty`);
  const results = objects.map((o) => partialMatch(check.expect, o));
  if (results.some((r) => r.length === 0)) return passed(`${check.path} has the expected content`);
  const closest = results.sort((a, b) => a.length - b.length)[0]!;
  return failed(
    `${check.path}: ${closest.length} field${closest.length > 1 ? 's do' : ' does'} not match`,
    closest.map((m) => ({ message: `${check.path} ${m.path}: ${m.reason}`, path: m.path, expected: m.expected, actual: m.actual })),
  );
}
