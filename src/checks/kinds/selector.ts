import * as v from 'valibot';
import { ObjectRef, LabelMap, Selector } from './fields.js';
import { defineCheckKind, type CheckData } from './define.js';
import { formatLabels, formatSelector, satisfiable, selects, selectorWithin, type LabelSelector } from '../selector.js';
import { podsMatching } from '../pods.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { t } from '../../i18n/t.js';
import { explainMissing, findTarget, getPath, nameOf } from '../describe.js';

const fields = {
  target: ObjectRef,
  /** Dotted path of the selector in the object (default `spec.selector`). */
  path: v.optional(v.string(), 'spec.selector'),
  selects: v.optional(LabelMap),
  /** Labels of Pods the selector must NOT select (a selector that is too broad). */
  excludes: v.optional(LabelMap),
  /**
   * A selector the object's must stay within: it may select nothing that this one does not, for any
   * labels at all (`app` Exists is not within `app=myapp`; `app=myapp,tier=web` is).
   */
  within: v.optional(Selector),
  selectsTemplate: v.optional(v.boolean(), false),
};
type SelectorCheck = CheckData<'selector', typeof fields>;

/** The `selector` check kind; its `description` says what it checks. */
export const selectorKind = defineCheckKind({
  type: 'selector',
  description:
    "The object's label selector (at `path`, default spec.selector) selects the labels `selects`, does " +
    'not select `excludes` (and, with `excludes`, selects at least one Pod: excluding proves nothing for a ' +
    'selector that selects none), selects nothing beyond `within`, and with `selectsTemplate: true` ' +
    "selects its own Pod template's labels. matchLabels and matchExpressions are evaluated, so any " +
    'equivalent selector passes.',
  fields,
  reads: (check) => [check.target, ...(check.excludes ? [{ apiVersion: 'v1', kind: 'Pod' }] : [])],
  run: checkSelector,
});

/**
 * `selector`: the target's label selector (matchLabels or matchExpressions) selects
 * the given labels and/or the labels of its own Pod template. Any equivalent
 * selector passes, since the selector is evaluated, not compared as text.
 */
async function checkSelector(check: SelectorCheck, view: NamespaceView): Promise<Outcome> {
  const obj = await findTarget(view, check.target);
  const what = nameOf(check.target.kind, check.target.name);
  const lang = view.lang;
  if (!obj) return failed(await explainMissing(view, check.target));
  const selector = getPath(obj, check.path) as LabelSelector | Record<string, string> | undefined;
  // A Service's (or ReplicationController's) empty map selects nothing: the Service then has no selector.
  const plainMap = check.target.kind === 'Service' || check.target.kind === 'ReplicationController';
  if (!selector || typeof selector !== 'object' || (plainMap && Object.keys(selector).length === 0)) {
    return failed(t(lang, 'selector.missing', { what, path: check.path }), [
      {
        message: t(lang, 'selector.notSet', { path: check.path }),
        path: check.path,
        actual: undefined,
      },
    ]);
  }
  const sel = formatSelector(selector);
  const problems: Problem[] = [];
  if (check.selects && !selects(selector, check.selects)) {
    const labels = formatLabels(check.selects);
    problems.push({
      message: t(lang, 'selector.doesNotSelect', { selector: sel, labels }),
      path: check.path,
      expected: check.selects,
      actual: selector,
    });
  }
  if (check.excludes && selects(selector, check.excludes)) {
    const labels = formatLabels(check.excludes);
    problems.push({
      message: t(lang, 'selector.alsoSelects', { selector: sel, labels }),
      path: check.path,
      actual: selector,
    });
  } else if (check.excludes) {
    // Leaving Pods out proves something only for a selector that selects some Pod.
    const labels = formatLabels(check.excludes);
    if (!satisfiable(selector)) {
      problems.push({
        message: t(lang, 'selector.contradicts', { selector: sel, labels }),
        path: check.path,
        actual: selector,
      });
    } else if ((await podsMatching(view, selector)).length === 0) {
      problems.push({
        message: t(lang, 'selector.selectsNoPod', { selector: sel, labels, ns: view.namespace }),
        path: check.path,
        actual: selector,
      });
    }
  }
  if (check.within && !selectorWithin(selector, check.within)) {
    const wanted = formatSelector(check.within);
    problems.push({
      message: t(lang, 'selector.beyond', { selector: sel, within: wanted }),
      path: check.path,
      expected: check.within,
      actual: selector,
    });
  }
  if (check.selectsTemplate) {
    const labels = getPath(obj, 'spec.template.metadata.labels') as Record<string, string> | undefined;
    if (!selects(selector, labels ?? {})) {
      problems.push({
        message: t(lang, 'selector.notTemplate', { selector: sel, labels: formatLabels(labels) }),
        path: 'spec.template.metadata.labels',
        expected: selector,
        actual: labels,
      });
    }
  }
  if (problems.length) return failed(`${what}: ${problems[0]!.message}`, problems);
  const targets = [check.selects && formatLabels(check.selects), check.selectsTemplate && t(lang, 'selector.template')]
    .filter(Boolean)
    .join(t(lang, 'selector.targetSeparator'));
  const excluded = check.excludes ? t(lang, 'selector.excluded', { labels: formatLabels(check.excludes) }) : '';
  return passed(
    t(lang, 'selector.passed', { what, selector: sel, targets: targets || t(lang, 'selector.anyTarget'), excluded }),
  );
}
