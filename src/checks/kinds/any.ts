import * as v from 'valibot';
import { setKinds, ObjectSet, Expect } from './fields.js';
import { defineCheckKind, type CheckData } from './define.js';
import { partialMatch } from '../match.js';
import { failed, passed, type Outcome } from '../result.js';
import type { NamespaceView } from '../view.js';
import { t } from '../../i18n/t.js';
import { describeSet, resolveSet } from '../objects.js';
import { revisionOf } from '../../kube/revision.js';

const fields = {
  objects: ObjectSet,
  expect: v.optional(Expect, () => ({})),
  min: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1)), 1),
};
type AnyCheck = CheckData<'any', typeof fields>;

/** The `any` check kind; its `description` says what it checks. */
export const anyKind = defineCheckKind({
  type: 'any',
  description: 'At least `min` (default 1) objects of the set `objects` match `expect` (partial match).',
  fields,
  reads: (check) => setKinds(check.objects),
  run: checkAny,
});

/**
 * `any`: at least `min` objects of the set match `expect` (partial match). On failure
 * the closest object's mismatching fields are shown, so the learner sees what differs.
 */
async function checkAny(check: AnyCheck, view: NamespaceView): Promise<Outcome> {
  const { objects } = await resolveSet(view, check.objects);
  const what = describeSet(check.objects, view.lang);
  const results = objects.map((o) => ({ o, mismatches: partialMatch(check.expect, o, '', view.lang) }));
  const matching = results.filter((r) => r.mismatches.length === 0);
  if (matching.length >= check.min) {
    const names = matching.map((r) => r.o.metadata?.name).join(', ');
    return passed(t(view.lang, 'any.passed', { count: matching.length, what, names }));
  }
  if (objects.length === 0) return failed(t(view.lang, 'any.none', { what }));
  // The closest: fewest mismatches, then the newest (highest revision, then latest created), not list order.
  const closest = results
    .filter((r) => r.mismatches.length > 0)
    .sort(
      (a, b) =>
        a.mismatches.length - b.mismatches.length ||
        revisionOf(b.o) - revisionOf(a.o) ||
        String(b.o.metadata?.creationTimestamp ?? '').localeCompare(String(a.o.metadata?.creationTimestamp ?? '')),
    )[0];
  if (!closest) {
    // Every object matches, but there are fewer than `min` of them.
    const names = matching.map((r) => r.o.metadata?.name).join(', ');
    const message = t(view.lang, 'any.onlyFew', { min: check.min, what, count: objects.length, names });
    return failed(message, [{ message, expected: check.min, actual: matching.length }]);
  }
  const name = closest.o.metadata?.name;
  return failed(
    t(view.lang, 'any.failed', { min: check.min, what, found: matching.length, name }),
    closest.mismatches.map((m) => ({
      message: `${name} ${m.path}: ${m.reason}`,
      path: m.path,
      expected: m.expected,
      actual: m.actual,
    })),
  );
}
