import type { CheckOf } from '../../labs/schema.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
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
  const want = d.spec?.replicas ?? 1;
  const st = d.status ?? {};
  const problems: Problem[] = [];
  if ((st.observedGeneration ?? 0) < (d.metadata?.generation as number ?? 0)) problems.push({ message: 'the Deployment controller has not seen the latest change yet' });
  const field = (name: string, actual: number | undefined, text: string) => {
    if ((actual ?? 0) !== want) problems.push({ message: `status.${name}: expected ${want}, found ${actual ?? 0} (${text})`, path: `status.${name}`, expected: want, actual: actual ?? 0 });
  };
  field('updatedReplicas', st.updatedReplicas, 'Pods running the current template');
  field('availableReplicas', st.availableReplicas, 'Pods available to serve');
  field('replicas', st.replicas, 'Pods in total, old ones included');
  const revision = revisionOf(d);
  if (check.revision !== undefined && revision !== check.revision) {
    problems.push({ message: `revision: expected ${check.revision}, found ${revision}`, path: 'metadata.annotations["deployment.kubernetes.io/revision"]', expected: check.revision, actual: revision });
  }
  if (check.minRevision !== undefined && revision < check.minRevision) {
    problems.push({ message: `revision: expected at least ${check.minRevision}, found ${revision}; ${revision <= 1 ? 'no rollout has happened yet' : 'a later change (a rollout or an undo) is still missing'}`, path: 'metadata.annotations["deployment.kubernetes.io/revision"]', expected: check.minRevision, actual: revision });
  }
  if (problems.length) return failed(`the rollout of Deployment ${check.deployment} is not complete: ${problems[0]!.message}`, problems);
  return passed(`Deployment ${check.deployment} is fully rolled out at revision ${revision} (${want}/${want} available)`);
}
