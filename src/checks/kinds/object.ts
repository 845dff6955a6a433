import type { CheckOf } from '../../labs/schema.js';
import { partialMatch } from '../match.js';
import { failed, passed, type Outcome } from '../result.js';
import type { NamespaceView } from '../view.js';
import { t } from '../../i18n/t.js';
import { explainMissing, findTarget, nameOf } from '../describe.js';

/** `object`: the target exists and every field written in `expect` matches (partial match, lists in any order). */
export async function checkObject(check: CheckOf<'object'>, view: NamespaceView): Promise<Outcome> {
  const obj = await findTarget(view, check.target);
  const what = nameOf(check.target.kind, check.target.name);
  if (!obj) return failed(await explainMissing(view, check.target));
  const mismatches = check.expect ? partialMatch(check.expect, obj, '', view.lang) : [];
  if (mismatches.length === 0) {
    return passed(t(view.lang, check.expect ? 'object.matches' : 'object.exists', { what }));
  }
  return failed(
    t(view.lang, 'match.fields', { what, count: mismatches.length }),
    mismatches.map((m) => ({ message: `${m.path}: ${m.reason}`, path: m.path, expected: m.expected, actual: m.actual })),
  );
}
