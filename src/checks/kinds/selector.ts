import type { CheckOf } from '../../labs/schema.js';
import { formatLabels, formatSelector, selects, type LabelSelector } from '../selector.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { explainMissing, findTarget, getPath, nameOf } from '../describe.js';

/**
 * `selector`: the target's label selector (matchLabels or matchExpressions) selects
 * the given labels and/or the labels of its own Pod template. Any equivalent
 * selector passes, since the selector is evaluated, not compared as text.
 */
export async function checkSelector(check: CheckOf<'selector'>, view: NamespaceView): Promise<Outcome> {
  const obj = await findTarget(view, check.target);
  const what = nameOf(check.target.kind, check.target.name);
  if (!obj) return failed(await explainMissing(view, check.target));
  const selector = getPath(obj, check.path) as LabelSelector | Record<string, string> | undefined;
  if (!selector || typeof selector !== 'object') {
    return failed(`${what} has no ${check.path}`, [{ message: `${check.path} is not set`, path: check.path, actual: undefined }]);
  }
  const problems: Problem[] = [];
  if (check.selects && !selects(selector, check.selects)) {
    problems.push({
      message: `the selector ${formatSelector(selector)} does not select Pods labelled ${formatLabels(check.selects)}`,
      path: check.path,
      expected: check.selects,
      actual: selector,
    });
  }
  if (check.excludes && selects(selector, check.excludes)) {
    problems.push({
      message: `the selector ${formatSelector(selector)} also selects Pods labelled ${formatLabels(check.excludes)}; add a label that tells them apart`,
      path: check.path,
      actual: selector,
    });
  }
  if (check.selectsTemplate) {
    const labels = getPath(obj, 'spec.template.metadata.labels') as Record<string, string> | undefined;
    if (!selects(selector, labels ?? {})) {
      problems.push({
        message: `the selector ${formatSelector(selector)} does not match the template's labels ${formatLabels(labels)}`,
        path: 'spec.template.metadata.labels',
        expected: selector,
        actual: labels,
      });
    }
  }
  if (problems.length) return failed(`${what}: ${problems[0]!.message}`, problems);
  const what2 = [check.selects && formatLabels(check.selects), check.selectsTemplate && 'its template'].filter(Boolean).join(' and ');
  const notWhat = check.excludes ? ` and not ${formatLabels(check.excludes)}` : '';
  return passed(`${what}'s selector ${formatSelector(selector)} selects ${what2 || 'what it should'}${notWhat}`);
}
