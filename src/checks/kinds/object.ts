import * as v from 'valibot';
import { ObjectRef, Expect } from './fields.js';
import { defineCheckKind, type CheckData } from './define.js';
import { partialMatch } from '../match.js';
import { failed, passed, type Outcome } from '../result.js';
import type { NamespaceView } from '../view.js';
import { t } from '../../i18n/t.js';
import { explainMissing, findTarget, nameOf } from '../describe.js';

const fields = { target: ObjectRef, expect: v.optional(Expect) };
type ObjectCheck = CheckData<'object', typeof fields>;

/** The `object` check kind; its `description` says what it checks. */
export const objectKind = defineCheckKind({
  type: 'object',
  description:
    'The object exists, and the fields written in `expect` match (partial match: only the fields written ' +
    'are compared; list items in any order).',
  fields,
  reads: (check) => [check.target],
  run: checkObject,
});

/** `object`: the target exists and every field written in `expect` matches (partial match, lists in any order). */
async function checkObject(check: ObjectCheck, view: NamespaceView): Promise<Outcome> {
  const obj = await findTarget(view, check.target);
  const what = nameOf(check.target.kind, check.target.name);
  if (!obj) return failed(await explainMissing(view, check.target));
  const mismatches = check.expect ? partialMatch(check.expect, obj, '', view.lang) : [];
  if (mismatches.length === 0) {
    return passed(check.expect ? t(view.lang, 'object.matches', { what }) : t(view.lang, 'object.exists', { what }));
  }
  return failed(
    t(view.lang, 'match.fields', { what, count: mismatches.length }),
    mismatches.map((m) => ({
      message: `${m.path}: ${m.reason}`,
      path: m.path,
      expected: m.expected,
      actual: m.actual,
    })),
  );
}
