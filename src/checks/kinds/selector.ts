import * as v from 'valibot';
import { ObjectRef, LabelMap } from './fields.js';
import { defineCheckKind, type CheckData } from './define.js';
import { formatLabels, formatSelector, selects, type LabelSelector } from '../selector.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { say } from '../../i18n/text.js';
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
    return failed(say(lang, `${what} has no ${check.path}`, `${what}에 ${check.path}이(가) 없습니다`), [
      {
        message: say(lang, `${check.path} is not set`, `${check.path}이(가) 설정되어 있지 않습니다`),
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
      message: say(
        lang,
        `the selector ${sel} does not select Pods labelled ${labels}`,
        `selector ${sel}이(가) 레이블이 ${labels}인 Pod를 선택하지 않습니다`,
      ),
      path: check.path,
      expected: check.selects,
      actual: selector,
    });
  }
  if (check.excludes && selects(selector, check.excludes)) {
    const labels = formatLabels(check.excludes);
    problems.push({
      message: say(
        lang,
        `the selector ${sel} also selects Pods labelled ${labels}; add a label that tells them apart`,
        `selector ${sel}이(가) 레이블이 ${labels}인 Pod까지 선택합니다; 둘을 구분할 레이블을 추가하세요`,
      ),
      path: check.path,
      actual: selector,
    });
  }
  if (check.selectsTemplate) {
    const labels = getPath(obj, 'spec.template.metadata.labels') as Record<string, string> | undefined;
    if (!selects(selector, labels ?? {})) {
      problems.push({
        message: say(
          lang,
          `the selector ${sel} does not match the template's labels ${formatLabels(labels)}`,
          `selector ${sel}이(가) template의 레이블 ${formatLabels(labels)}과(와) 맞지 않습니다`,
        ),
        path: 'spec.template.metadata.labels',
        expected: selector,
        actual: labels,
      });
    }
  }
  if (problems.length) return failed(`${what}: ${problems[0]!.message}`, problems);
  if (lang === 'ko') {
    const targets = [check.selects && formatLabels(check.selects), check.selectsTemplate && 'template']
      .filter(Boolean)
      .join(', ');
    const not = check.excludes ? ` (${formatLabels(check.excludes)}은(는) 선택하지 않음)` : '';
    return passed(`${what}의 selector ${sel}이(가) ${targets || '필요한 Pod'}을(를) 선택합니다${not}`);
  }
  const what2 = [check.selects && formatLabels(check.selects), check.selectsTemplate && 'its template']
    .filter(Boolean)
    .join(' and ');
  const notWhat = check.excludes ? ` and not ${formatLabels(check.excludes)}` : '';
  return passed(`${what}'s selector ${sel} selects ${what2 || 'what it should'}${notWhat}`);
}
