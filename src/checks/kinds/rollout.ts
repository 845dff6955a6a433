import type { CheckOf } from '../../labs/schema.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { t } from '../../i18n/t.js';
import { explainMissing } from '../describe.js';
import { revisionOf } from '../../kube/revision.js';

/**
 * `rollout`: what `kubectl rollout status` waits for (the controller saw the latest
 * spec, and every replica is updated and available, with no old ones left), plus the
 * revision in the deployment.kubernetes.io/revision annotation.
 */
export async function checkRollout(check: CheckOf<'rollout'>, view: NamespaceView): Promise<Outcome> {
  const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: check.deployment };
  const d = await view.find(ref, check.deployment);
  if (!d) return failed(await explainMissing(view, ref));
  const lang = view.lang;
  const want = d.spec?.replicas ?? 1;
  const st = d.status ?? {};
  const problems: Problem[] = [];
  if ((st.observedGeneration ?? 0) < (d.metadata?.generation as number ?? 0)) {
    problems.push({ message: t(lang, 'rollout.unobserved') });
  }
  const field = (name: 'updatedReplicas' | 'availableReplicas' | 'replicas', actual: number | undefined) => {
    const found = actual ?? 0;
    if (found !== want) {
      const message = t(lang, 'rollout.field', { field: name, expected: want, found, meaning: t(lang, `rollout.${name}`) });
      problems.push({ message, path: `status.${name}`, expected: want, actual: found });
    }
  };
  field('updatedReplicas', st.updatedReplicas);
  field('availableReplicas', st.availableReplicas);
  field('replicas', st.replicas);
  const revision = revisionOf(d);
  if (check.revision !== undefined && revision !== check.revision) {
    problems.push({ message: t(lang, 'rollout.revision', { expected: check.revision, found: revision }), path: 'metadata.annotations["deployment.kubernetes.io/revision"]', expected: check.revision, actual: revision });
  }
  if (check.minRevision !== undefined && revision < check.minRevision) {
    const why = t(lang, revision <= 1 ? 'rollout.noRollout' : 'rollout.laterMissing');
    const message = t(lang, 'rollout.minRevision', { min: check.minRevision, found: revision, why });
    problems.push({ message, path: 'metadata.annotations["deployment.kubernetes.io/revision"]', expected: check.minRevision, actual: revision });
  }
  const dep = `Deployment ${check.deployment}`;
  if (problems.length) {
    const first = problems[0]!.message;
    return failed(t(lang, 'rollout.incomplete', { deployment: dep, first }), problems);
  }
  return passed(t(lang, 'rollout.done', { deployment: dep, revision, replicas: want }));
}
