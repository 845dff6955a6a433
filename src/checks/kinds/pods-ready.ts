import * as v from 'valibot';
import { Selector } from './fields.js';
import { defineCheckKind, type CheckData } from './define.js';
import { formatSelector } from '../selector.js';
import { failed, passed, type Outcome } from '../result.js';
import type { NamespaceView } from '../view.js';
import { t } from '../../i18n/t.js';
import { isReady, notReadyReason, podsMatching } from '../pods.js';

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
    ? t(lang, 'podsReady.names', { names: check.names.join(', ') })
    : formatSelector(check.selector);
  if (ready.length === check.count) {
    return passed(t(lang, 'podsReady.passed', { count: ready.length, selector: sel }));
  }
  const notReady = pods.filter((p) => !isReady(p));
  const missing = (check.names ?? []).filter((n) => !pods.some((p) => p.metadata?.name === n));
  const summary = t(lang, 'podsReady.failed', {
    count: check.count,
    selector: sel,
    ready: ready.length,
    matching: pods.length,
  });
  return failed(summary, [
    {
      message: t(lang, 'podsReady.count', { selector: sel, expected: check.count, found: ready.length }),
      path: 'pods',
      expected: check.count,
      actual: ready.length,
    },
    ...missing.map((n) => ({ message: t(lang, 'podsReady.missing', { name: n }) })),
    ...notReady.map((p) => ({
      message: t(lang, 'podsReady.notReady', { name: p.metadata?.name, reason: notReadyReason(p, lang) }),
    })),
  ]);
}
