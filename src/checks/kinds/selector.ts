import * as v from 'valibot';
import { ObjectRef, LabelMap } from './fields.js';
import { defineCheckKind, type CheckData } from './define.js';
import { formatLabels, formatSelector, selects, type LabelSelector } from '../selector.js';
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
  selectsTemplate: v.optional(v.boolean(), false),
};
type SelectorCheck = CheckData<'selector', typeof fields>;

/** The `selector` check kind; its `description` says what it checks. */
export const selectorKind = defineCheckKind({
  type: 'selector',
  description:
    "The object's label selector (at `path`, default spec.selector) selects the labels `selects`, does " +
    "not select `excludes`, and with `selectsTemplate: true` selects its own Pod template's labels. " +
    'matchLabels and matchExpressions are evaluated, so any equivalent selector passes.',
  fields,
  reads: (check) => [check.target],
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
  if (!selector || typeof selector !== 'object') {
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
