import { setKinds, ObjectSet } from './fields.js';
import { defineCheckKind, type CheckData } from './define.js';
import { failed, passed, type Outcome } from '../result.js';
import type { NamespaceView } from '../view.js';
import { t } from '../../i18n/t.js';
import { describeSet, resolveSet } from '../objects.js';

const fields = { objects: ObjectSet };
type AbsentCheck = CheckData<'absent', typeof fields>;

/** The `absent` check kind; its `description` says what it checks. */
export const absentKind = defineCheckKind({
  type: 'absent',
  description: 'No object of the set `objects` exists (a --dry-run must not have created the Pod, say).',
  fields,
  reads: (check) => setKinds(check.objects),
  run: checkAbsent,
});

/** `absent`: no object of the set exists, e.g. a `--dry-run` must not have created the Pod. */
async function checkAbsent(check: AbsentCheck, view: NamespaceView): Promise<Outcome> {
  const { objects } = await resolveSet(view, check.objects);
  const what = describeSet(check.objects, view.lang);
  if (objects.length === 0) return passed(t(view.lang, 'absent.passed', { what }));
  const names = objects.map((o) => o.metadata?.name).join(', ');
  return failed(t(view.lang, 'absent.failed', { what, names, count: objects.length }), [
    {
      message: t(view.lang, 'absent.found', { kind: check.objects.kind, names }),
      expected: 'none',
      actual: names,
    },
  ]);
}
