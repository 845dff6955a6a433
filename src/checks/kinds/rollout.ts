import * as v from 'valibot';
import { defineCheckKind, type CheckData } from './define.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { t } from '../../i18n/t.js';
import { explainMissing } from '../describe.js';
import { revisionOf } from '../../kube/revision.js';
import { rolloutGaps } from '../../kube/rollout.js';

const fields = {
  deployment: v.string(),
  revision: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  minRevision: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
};
type RolloutCheck = CheckData<'rollout', typeof fields>;

/** The `rollout` check kind; its `description` says what it checks. */
export const rolloutKind = defineCheckKind({
  type: 'rollout',
  description:
    "The Deployment's rollout is complete, as `kubectl rollout status` waits for it, at `revision` or at " +
    'least at `minRevision` (the deployment.kubernetes.io/revision annotation).',
  fields,
  reads: () => [{ apiVersion: 'apps/v1', kind: 'Deployment' }],
  run: checkRollout,
});

/**
 * `rollout`: what `kubectl rollout status` waits for (the controller saw the latest
 * spec, and every replica is updated and available, with no old ones left), plus the
 * revision in the deployment.kubernetes.io/revision annotation.
 */
async function checkRollout(check: RolloutCheck, view: NamespaceView): Promise<Outcome> {
  const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: check.deployment };
  const d = await view.find(ref, check.deployment);
  if (!d) return failed(await explainMissing(view, ref));
  const lang = view.lang;
  const want = (d.spec?.replicas as number | undefined) ?? 1;
  const problems: Problem[] = [];
  const meaning: Record<string, string> = {
    updatedReplicas: t(lang, 'rollout.updatedReplicas'),
    availableReplicas: t(lang, 'rollout.availableReplicas'),
    replicas: t(lang, 'rollout.replicas'),
  };
  // The same gaps `lab solution` and `lab validate` wait on (kube/rollout.ts), each said in the learner's terms.
  for (const gap of rolloutGaps(d)) {
    if (gap.field === 'observedGeneration') {
      problems.push({
        message: t(lang, 'rollout.unobserved'),
      });
      continue;
    }
    const message = t(lang, 'rollout.field', {
      field: gap.field,
      expected: gap.want,
      found: gap.found,
      meaning: meaning[gap.field],
    });
    problems.push({ message, path: `status.${gap.field}`, expected: gap.want, actual: gap.found });
  }
  const revision = revisionOf(d);
  if (check.revision !== undefined && revision !== check.revision) {
    problems.push({
      message: t(lang, 'rollout.revision', { expected: check.revision, found: revision }),
      path: 'metadata.annotations["deployment.kubernetes.io/revision"]',
      expected: check.revision,
      actual: revision,
    });
  }
  if (check.minRevision !== undefined && revision < check.minRevision) {
    const why = revision <= 1 ? t(lang, 'rollout.noRollout') : t(lang, 'rollout.laterMissing');
    const message = t(lang, 'rollout.minRevision', { min: check.minRevision, found: revision, why });
    problems.push({
      message,
      path: 'metadata.annotations["deployment.kubernetes.io/revision"]',
      expected: check.minRevision,
      actual: revision,
    });
  }
  const dep = `Deployment ${check.deployment}`;
  if (problems.length) {
    const first = problems[0]!.message;
    return failed(t(lang, 'rollout.incomplete', { deployment: dep, first }), problems);
  }
  return passed(t(lang, 'rollout.done', { deployment: dep, revision, replicas: want }));
}
