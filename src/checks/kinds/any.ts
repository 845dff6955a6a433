import type { CheckOf } from '../../labs/schema.js';
import { partialMatch } from '../match.js';
import { failed, passed, type Outcome } from '../result.js';
import type { NamespaceView } from '../view.js';
import { t } from '../../i18n/t.js';
import { describeSet, resolveSet } from '../objects.js';

/**
 * `any`: at least `min` objects of the set match `expect` (partial match). On failure
 * the closest object's mismatching fields are shown, so the learner sees what differs.
 */
export async function checkAny(check: CheckOf<'any'>, view: NamespaceView): Promise<Outcome> {
  const { objects } = await resolveSet(view, check.objects);
  const what = describeSet(check.objects, view.lang);
  const results = objects.map((o) => ({ o, mismatches: partialMatch(check.expect, o, '', view.lang) }));
  const matching = results.filter((r) => r.mismatches.length === 0);
  if (matching.length >= check.min) {
    const names = matching.map((r) => r.o.metadata?.name).join(', ');
    return passed(t(view.lang, 'any.passed', { count: matching.length, what, names }));
  }
  if (objects.length === 0) return failed(t(view.lang, 'any.none', { what }));
  const closest = results.filter((r) => r.mismatches.length > 0).sort((a, b) => a.mismatches.length - b.mismatches.length)[0]!;
  const name = closest.o.metadata?.name;
  return failed(
    t(view.lang, 'any.failed', { min: check.min, what, found: matching.length, name }),
    closest.mismatches.map((m) => ({ message: `${name} ${m.path}: ${m.reason}`, path: m.path, expected: m.expected, actual: m.actual })),
  );
}
