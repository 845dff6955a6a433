import type { CheckOf } from '../../labs/schema.js';
import { failed, passed, type Outcome } from '../result.js';
import type { NamespaceView } from '../view.js';
import { describeSet, resolveSet } from '../objects.js';

/** `absent`: no object of the set exists, e.g. a `--dry-run` must not have created the Pod. */
export async function checkAbsent(check: CheckOf<'absent'>, view: NamespaceView): Promise<Outcome> {
  const { objects } = await resolveSet(view, check.objects);
  const what = describeSet(check.objects);
  if (objects.length === 0) return passed(`no ${what} exist, as it should be`);
  const names = objects.map((o) => o.metadata?.name).join(', ');
  return failed(`${what} should not exist, but found ${names}; delete ${objects.length > 1 ? 'them' : 'it'} (a --dry-run=client command creates nothing)`, [
    { message: `found ${check.objects.kind} ${names}`, expected: 'none', actual: names },
  ]);
}
