import type { CheckOf } from '../../labs/schema.js';
import { formatSelector } from '../selector.js';
import { failed, passed, type Outcome } from '../result.js';
import type { NamespaceView } from '../view.js';
import { t } from '../../i18n/t.js';
import { isReady, notReadyReason, podsMatching } from '../pods.js';

/** `pods-ready`: exactly `count` Pods that match the selector are Ready. */
export async function checkPodsReady(check: CheckOf<'pods-ready'>, view: NamespaceView): Promise<Outcome> {
  const pods = check.names
    ? (await view.list({ apiVersion: 'v1', kind: 'Pod' })).filter((p) => !p.metadata?.deletionTimestamp && check.names!.includes(p.metadata!.name!))
    : await podsMatching(view, check.selector!);
  const ready = pods.filter(isReady);
  const lang = view.lang;
  const sel = check.names ? t(lang, 'podsReady.names', { names: check.names.join(', ') }) : formatSelector(check.selector);
  if (ready.length === check.count) return passed(t(lang, 'podsReady.passed', { count: ready.length, selector: sel }));
  const notReady = pods.filter((p) => !isReady(p));
  const missing = (check.names ?? []).filter((n) => !pods.some((p) => p.metadata?.name === n));
  const summary = t(lang, 'podsReady.failed', { count: check.count, selector: sel, ready: ready.length, matching: pods.length });
  return failed(summary, [
    {
      message: t(lang, 'podsReady.count', { selector: sel, expected: check.count, found: ready.length }),
      path: 'pods',
      expected: check.count,
      actual: ready.length,
    },
    ...missing.map((n) => ({ message: t(lang, 'podsReady.missing', { name: n }) })),
    ...notReady.map((p) => ({ message: t(lang, 'podsReady.notReady', { name: p.metadata?.name, reason: notReadyReason(p, lang) }) })),
  ]);
}
