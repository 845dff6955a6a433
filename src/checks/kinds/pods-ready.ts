import * as v from 'valibot';
import { Selector } from './fields.js';
import { defineCheckKind, type CheckData } from './define.js';
import { formatSelector } from '../selector.js';
import { failed, passed, type Outcome } from '../result.js';
import type { NamespaceView } from '../view.js';
import { say } from '../../i18n/text.js';
import { isReady, notReadyReason, podsMatching } from '../pods.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const fields = {
  selector: v.optional(Selector),
  names: v.optional(v.pipe(v.array(v.string()), v.minLength(1))),
  count: v.pipe(v.number(), v.integer(), v.minValue(0)),
};
type PodsReadyCheck = CheckData<'pods-ready', typeof fields>;

/** The `pods-ready` check kind; its `description` says what it checks. */
export const podsReadyKind = defineCheckKind({
  type: 'pods-ready',
  description:
    'Exactly `count` of the Pods matching `selector` (or named in `names`; give one of the two) are ' + 'Ready.',
  fields,
  reads: () => [{ apiVersion: 'v1', kind: 'Pod' }],
  problem: (check) =>
    Boolean(check.selector) === Boolean(check.names)
      ? { path: ['selector'], problem: 'give either selector or names' }
      : undefined,
  run: checkPodsReady,
});

/** `pods-ready`: exactly `count` Pods that match the selector are Ready. */
async function checkPodsReady(check: PodsReadyCheck, view: NamespaceView): Promise<Outcome> {
  const pods = check.names
    ? (await view.list({ apiVersion: 'v1', kind: 'Pod' })).filter(
        (p) => !p.metadata?.deletionTimestamp && check.names!.includes(p.metadata!.name!),
      )
    : await podsMatching(view, check.selector!);
  const ready = pods.filter(isReady);
  const lang = view.lang;
  const sel = check.names
    ? say(lang, `name ${check.names.join(', ')}`, `이름 ${check.names.join(', ')}`)
    : formatSelector(check.selector);
  if (ready.length === check.count) {
    return passed(
      say(
        lang,
        `${plural(ready.length, 'Pod')} with ${sel} ${ready.length === 1 ? 'is' : 'are'} Ready`,
        `${sel}에 해당하는 Pod ${ready.length}개가 Ready입니다`,
      ),
    );
  }
  const notReady = pods.filter((p) => !isReady(p));
  const missing = (check.names ?? []).filter((n) => !pods.some((p) => p.metadata?.name === n));
  const summary = say(
    lang,
    `expected ${plural(check.count, 'Ready Pod')} with ${sel}, but found ${ready.length} Ready (of ${pods.length} matching)`,
    `${sel}에 해당하는 Ready Pod가 ${check.count}개여야 하는데 ${ready.length}개입니다 (해당 Pod ${pods.length}개 중)`,
  );
  return failed(summary, [
    {
      message: say(
        lang,
        `Ready Pods with ${sel}: expected ${check.count}, found ${ready.length}`,
        `${sel}에 해당하는 Ready Pod: 기대 ${check.count}개, 실제 ${ready.length}개`,
      ),
      path: 'pods',
      expected: check.count,
      actual: ready.length,
    },
    ...missing.map((n) => ({ message: say(lang, `Pod ${n} does not exist`, `Pod ${n}이(가) 없습니다`) })),
    ...notReady.map((p) => ({
      message:
        say(lang, `Pod ${p.metadata?.name} is not Ready: `, `Pod ${p.metadata?.name}이(가) Ready가 아닙니다: `) +
        notReadyReason(p, lang),
    })),
  ]);
}
