import { setKinds, ObjectSet } from './fields.js';
import { defineCheckKind, type CheckData } from './define.js';
import { failed, passed, type Outcome } from '../result.js';
import type { NamespaceView } from '../view.js';
import { say } from '../../i18n/text.js';
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
  if (objects.length === 0)
    return passed(say(view.lang, `no ${what} exist, as it should be`, `예상대로 ${what}이(가) 없습니다`));
  const names = objects.map((o) => o.metadata?.name).join(', ');
  return failed(
    say(
      view.lang,
      `${what} should not exist, but found ${names}; delete ${objects.length > 1 ? 'them' : 'it'} (a --dry-run=client command creates nothing)`,
      `${what}이(가) 없어야 하는데 ${names}이(가) 있습니다; 삭제하세요 (--dry-run=client 명령은 아무것도 만들지 않습니다)`,
    ),
    [
      {
        message: say(
          view.lang,
          `found ${check.objects.kind} ${names}`,
          `${check.objects.kind} ${names}이(가) 있습니다`,
        ),
        expected: 'none',
        actual: names,
      },
    ],
  );
}
