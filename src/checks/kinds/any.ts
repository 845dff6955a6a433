import type { CheckOf } from '../../labs/schema.js';
import { partialMatch } from '../match.js';
import { failed, passed, type Outcome } from '../result.js';
import type { NamespaceView } from '../view.js';
import { describeSet, resolveSet } from '../objects.js';

/**
 * `any`: at least `min` objects of the set match `expect` (partial match). On failure
 * the closest object's mismatching fields are shown, so the learner sees what differs.
 */
export async function checkAny(check: CheckOf<'any'>, view: NamespaceView): Promise<Outcome> {
  const { objects } = await resolveSet(view, check.objects);
  const what = describeSet(check.objects);
  const results = objects.map((o) => ({ o, mismatches: partialMatch(check.expect, o) }));
  const matching = results.filter((r) => r.mismatches.length === 0);
  if (matching.length >= check.min) {
    return passed(`${matching.length} of the ${what} match${matching.length === 1 ? 'es' : ''}: ${matching.map((r) => r.o.metadata?.name).join(', ')}`);
  }
  if (objects.length === 0) return failed(`there are no ${what}`);
  const closest = results.filter((r) => r.mismatches.length > 0).sort((a, b) => a.mismatches.length - b.mismatches.length)[0]!;
  const name = closest.o.metadata?.name;
  return failed(
    `expected at least ${check.min} of the ${what} to match, found ${matching.length}; the closest, ${name}, differs`,
    closest.mismatches.map((m) => ({ message: `${name} ${m.path}: ${m.reason}`, path: m.path, expected: m.expected, actual: m.actual })),
  );
}
