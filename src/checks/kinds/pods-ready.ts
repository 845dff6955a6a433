import type { CheckOf } from '../../labs/schema.js';
import { formatSelector } from '../selector.js';
import { failed, passed, type Outcome } from '../result.js';
import type { NamespaceView } from '../view.js';
import { isReady, notReadyReason, podsMatching } from '../pods.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** `pods-ready`: exactly `count` Pods that match the selector are Ready. */
export async function checkPodsReady(check: CheckOf<'pods-ready'>, view: NamespaceView): Promise<Outcome> {
  const pods = check.names
    ? (await view.list({ apiVersion: 'v1', kind: 'Pod' })).filter((p) => !p.metadata?.deletionTimestamp && check.names!.includes(p.metadata!.name!))
    : await podsMatching(view, check.selector!);
  const ready = pods.filter(isReady);
  const sel = check.names ? `name ${check.names.join(', ')}` : formatSelector(check.selector);
  if (ready.length === check.count) return passed(`${plural(ready.length, 'Pod')} with ${sel} ${ready.length === 1 ? 'is' : 'are'} Ready`);
  const notReady = pods.filter((p) => !isReady(p));
  const missing = (check.names ?? []).filter((n) => !pods.some((p) => p.metadata?.name === n));
  return failed(`expected ${plural(check.count, 'Ready Pod')} with ${sel}, but found ${ready.length} Ready (of ${pods.length} matching)`, [
    { message: `Ready Pods with ${sel}: expected ${check.count}, found ${ready.length}`, path: 'pods', expected: check.count, actual: ready.length },
    ...missing.map((n) => ({ message: `Pod ${n} does not exist` })),
    ...notReady.map((p) => ({ message: `Pod ${p.metadata?.name} is not Ready: ${notReadyReason(p)}` })),
  ]);
}
