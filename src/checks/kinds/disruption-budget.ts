import * as v from 'valibot';
import { defineCheckKind, type CheckData } from './define.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { t } from '../../i18n/t.js';
import { explainMissing } from '../describe.js';
import { formatSelector, type LabelSelector } from '../selector.js';

const PDB = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget' } as const;
const count = v.pipe(v.number(), v.integer(), v.minValue(0));

const fields = {
  /** The PodDisruptionBudget of the lab namespace. */
  name: v.string(),
  /** How many Pods it covers (status.expectedPods: the Pods its selector selects, or their controllers' replicas). */
  pods: v.optional(count),
  /** How many of them it keeps available (status.desiredHealthy), whether written as minAvailable or maxUnavailable. */
  keeps: v.optional(count),
  /** How many Pods may be evicted now (status.disruptionsAllowed). */
  allows: v.optional(count),
};
type BudgetCheck = CheckData<'disruption-budget', typeof fields>;

/** The status of a policy/v1 PodDisruptionBudget (Kubernetes API reference, PodDisruptionBudget v1). */
interface BudgetStatus {
  observedGeneration?: number;
  expectedPods?: number;
  desiredHealthy?: number;
  currentHealthy?: number;
  disruptionsAllowed?: number;
}

/** The `disruption-budget` check kind; its `description` says what it checks. */
export const disruptionBudgetKind = defineCheckKind({
  type: 'disruption-budget',
  description:
    'A PodDisruptionBudget judged by what the disruption controller made of it (its status), so minAvailable ' +
    'and maxUnavailable, numbers and percentages, are compared by meaning: it covers `pods` Pods ' +
    '(expectedPods), keeps `keeps` of them available (desiredHealthy) and allows `allows` evictions now ' +
    '(disruptionsAllowed). A status older than the spec fails until the controller has caught up.',
  fields,
  reads: () => [PDB],
  run: checkBudget,
});

/** `disruption-budget`: see {@link disruptionBudgetKind}. */
async function checkBudget(check: BudgetCheck, view: NamespaceView): Promise<Outcome> {
  const lang = view.lang;
  const pdb = await view.find(PDB, check.name);
  if (!pdb) return failed(await explainMissing(view, { ...PDB, name: check.name }));
  const status: BudgetStatus = pdb.status ?? {};
  const name = check.name;
  const rule =
    pdb.spec?.minAvailable !== undefined
      ? `minAvailable ${String(pdb.spec.minAvailable)}`
      : pdb.spec?.maxUnavailable !== undefined
        ? `maxUnavailable ${String(pdb.spec.maxUnavailable)}`
        : 'maxUnavailable 0';
  const generation = (pdb.metadata?.generation as number | undefined) ?? 0;
  if ((status.observedGeneration ?? 0) < generation)
    return failed(t(lang, 'budget.stale', { name }), [
      {
        message: t(lang, 'budget.stale', { name }),
        path: 'status.observedGeneration',
        expected: generation,
        actual: status.observedGeneration,
      },
    ]);
  const expected = status.expectedPods ?? 0;
  const keeps = status.desiredHealthy ?? 0;
  const allows = status.disruptionsAllowed ?? 0;
  const problems: Problem[] = [];
  if (check.pods !== undefined && expected !== check.pods) {
    const selector = formatSelector(pdb.spec?.selector as LabelSelector | undefined);
    problems.push({
      message:
        expected === 0
          ? t(lang, 'budget.none', { name, selector })
          : t(lang, 'budget.pods', { name, selector, actual: expected, expected: check.pods }),
      path: 'status.expectedPods',
      expected: check.pods,
      actual: expected,
    });
  }
  if (check.keeps !== undefined && keeps !== check.keeps)
    problems.push({
      message: t(lang, 'budget.keeps', { name, rule, actual: keeps, pods: expected, expected: check.keeps }),
      path: 'status.desiredHealthy',
      expected: check.keeps,
      actual: keeps,
    });
  if (check.allows !== undefined && allows !== check.allows)
    problems.push({
      message: t(lang, 'budget.allows', {
        name,
        actual: allows,
        healthy: status.currentHealthy ?? 0,
        keeps,
        expected: check.allows,
      }),
      path: 'status.disruptionsAllowed',
      expected: check.allows,
      actual: allows,
    });
  if (problems.length) return failed(problems[0]!.message, problems);
  return passed(t(lang, 'budget.passed', { name, rule, keeps, pods: expected, allows }));
}
