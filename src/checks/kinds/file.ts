import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolveLearnerPath, formatSize, MAX_LAB_FILE_BYTES } from '../../util/lab-paths.js';
import * as v from 'valibot';
import { Expect } from './fields.js';
import { defineCheckKind, type CheckData } from './define.js';
import { partialMatch } from '../match.js';
import { toPlainValue } from '../../util/yaml.js';
import { failed, passed, type Outcome } from '../result.js';
import type { NamespaceView } from '../view.js';
import { say, type Lang } from '../../i18n/text.js';

const fields = { path: v.string(), expect: v.optional(Expect, () => ({})) };
type FileCheck = CheckData<'file', typeof fields>;

/** The `file` check kind; its `description` says what it checks. */
export const fileKind = defineCheckKind({
  type: 'file',
  description:
    "A file in the learner's folder (`lab check --dir`, default the current folder) exists, parses as " +
    'YAML, and one of its documents matches `expect` (partial match).',
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
    return failed(
      say(
        view.lang,
        `${check.path} cannot be checked: ${resolved.problem}`,
        `${check.path}을 검사할 수 없습니다: ${resolved.problem}`,
      ),
    );
  }
  const file = resolved.path;
  if (!existsSync(file)) {
    return failed(
      say(
        view.lang,
        `the file ${check.path} does not exist in ${view.workDir}; save it there (for example with \`> ${check.path}\`)`,
        `${view.workDir}에 파일 ${check.path}이(가) 없습니다; 그곳에 저장하세요 (예: \`> ${check.path}\`)`,
      ),
      [
        {
          message: say(
            view.lang,
            `${check.path} not found in ${view.workDir}`,
            `${view.workDir}에서 ${check.path}을(를) 찾을 수 없습니다`,
          ),
          path: check.path,
        },
      ],
    );
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
    return failed(
      say(
        view.lang,
        `${check.path} is not valid YAML (line ${line}: ${detail})`,
        `${check.path}은(는) 올바른 YAML이 아닙니다 (${line}행: ${detail})`,
      ),
    );
  }
  let objects: unknown[];
  try {
    objects = docs.map((d) => toPlainValue(d)).filter((o) => o !== null && o !== undefined);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return failed(
      say(view.lang, `${check.path} cannot be read: ${detail}`, `${check.path}을(를) 읽을 수 없습니다: ${detail}`),
    );
  }
  if (objects.length === 0)
    return failed(say(view.lang, `${check.path} is empty`, `${check.path}이(가) 비어 있습니다`));
  const results = objects.map((o) => partialMatch(check.expect, o, '', view.lang));
  if (results.some((r) => r.length === 0))
    return passed(say(view.lang, `${check.path} has the expected content`, `${check.path}의 내용이 기대와 같습니다`));
  const closest = results.sort((a, b) => a.length - b.length)[0]!;
  return failed(
    say(
      view.lang,
      `${check.path}: ${closest.length} field${closest.length > 1 ? 's do' : ' does'} not match`,
      `${check.path}: 필드 ${closest.length}개가 일치하지 않습니다`,
    ),
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
function readLearnerFile(file: string, shown: string, lang: Lang): string | Outcome {
  try {
    const st = statSync(file);
    if (st.isDirectory())
      return failed(
        say(
          lang,
          `${shown} is a folder, not a file; save the manifest as a file with that name`,
          `${shown}은 파일이 아니라 폴더입니다; 그 이름의 파일로 매니페스트를 저장하세요`,
        ),
      );
    if (!st.isFile()) return failed(say(lang, `${shown} is not a regular file`, `${shown}은 일반 파일이 아닙니다`));
    if (st.size > MAX_LAB_FILE_BYTES)
      return failed(
        say(
          lang,
          `${shown} is ${formatSize(st.size)}, too big for a manifest (over 1 MB)`,
          `${shown}의 크기가 ${formatSize(st.size)}로 매니페스트로는 너무 큽니다 (1 MB 초과)`,
        ),
      );
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    return failed(
      say(
        lang,
        `${shown} cannot be read (${code}); check its permissions`,
        `${shown}을 읽을 수 없습니다 (${code}); 권한을 확인하세요`,
      ),
    );
  }
}
