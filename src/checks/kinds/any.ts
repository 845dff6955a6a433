import * as v from 'valibot';
import { setKinds, ObjectSet, Expect } from './fields.js';
import { defineCheckKind, type CheckData } from './define.js';
import { partialMatch } from '../match.js';
import { failed, passed, type Outcome } from '../result.js';
import type { NamespaceView } from '../view.js';
import { say } from '../../i18n/text.js';
import { describeSet, resolveSet } from '../objects.js';

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
    return passed(
      say(
        view.lang,
        `${matching.length} of the ${what} match${matching.length === 1 ? 'es' : ''}: ${names}`,
        `${what} 중 ${matching.length}개가 일치합니다: ${names}`,
      ),
    );
  }
  if (objects.length === 0) return failed(say(view.lang, `there are no ${what}`, `${what}이(가) 없습니다`));
  const closest = results
    .filter((r) => r.mismatches.length > 0)
    .sort((a, b) => a.mismatches.length - b.mismatches.length)[0];
  if (!closest) {
    // Every object matches, but there are fewer than `min` of them.
    const names = matching.map((r) => r.o.metadata?.name).join(', ');
    const message = say(
      view.lang,
      `expected at least ${check.min} of the ${what} to match, but there ${objects.length === 1 ? 'is' : 'are'} only ${objects.length}: ${names}`,
      `${what} 중 ${check.min}개 이상이 일치해야 하는데 ${objects.length}개뿐입니다: ${names}`,
    );
    return failed(message, [{ message, expected: check.min, actual: matching.length }]);
  }
  const name = closest.o.metadata?.name;
  return failed(
    say(
      view.lang,
      `expected at least ${check.min} of the ${what} to match, found ${matching.length}; the closest, ${name}, differs`,
      `${what} 중 ${check.min}개 이상이 일치해야 하는데 ${matching.length}개가 일치합니다; 가장 비슷한 ${name}도 다릅니다`,
    ),
    closest.mismatches.map((m) => ({
      message: `${name} ${m.path}: ${m.reason}`,
      path: m.path,
      expected: m.expected,
      actual: m.actual,
    })),
  );
}
