import * as v from 'valibot';
import { defineCheckKind, type CheckData } from './define.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { say } from '../../i18n/text.js';
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
    updatedReplicas: say(lang, 'Pods running the current template', '현재 template으로 실행 중인 Pod'),
    availableReplicas: say(lang, 'Pods available to serve', '서비스 가능한 Pod'),
    replicas: say(lang, 'Pods in total, old ones included', '이전 Pod를 포함한 전체 Pod'),
  };
  // The same gaps `lab solution` and `lab validate` wait on (kube/rollout.ts), each said in the learner's terms.
  for (const gap of rolloutGaps(d)) {
    if (gap.field === 'observedGeneration') {
      problems.push({
        message: say(
          lang,
          'the Deployment controller has not seen the latest change yet',
          'Deployment 컨트롤러가 아직 최신 변경을 반영하지 않았습니다',
        ),
      });
      continue;
    }
    const message = say(
      lang,
      `status.${gap.field}: expected ${gap.want}, found ${gap.found} (${meaning[gap.field]})`,
      `status.${gap.field}: 기대 ${gap.want}, 실제 ${gap.found} (${meaning[gap.field]})`,
    );
    problems.push({ message, path: `status.${gap.field}`, expected: gap.want, actual: gap.found });
  }
  const revision = revisionOf(d);
  if (check.revision !== undefined && revision !== check.revision) {
    problems.push({
      message: say(
        lang,
        `revision: expected ${check.revision}, found ${revision}`,
        `revision: 기대 ${check.revision}, 실제 ${revision}`,
      ),
      path: 'metadata.annotations["deployment.kubernetes.io/revision"]',
      expected: check.revision,
      actual: revision,
    });
  }
  if (check.minRevision !== undefined && revision < check.minRevision) {
    const why =
      revision <= 1
        ? say(lang, 'no rollout has happened yet', '아직 rollout이 한 번도 없었습니다')
        : say(
            lang,
            'a later change (a rollout or an undo) is still missing',
            '이후의 변경(rollout 또는 undo)이 아직 없습니다',
          );
    const message = say(
      lang,
      `revision: expected at least ${check.minRevision}, found ${revision}; ${why}`,
      `revision: 기대 ${check.minRevision} 이상, 실제 ${revision}; ${why}`,
    );
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
    return failed(
      say(lang, `the rollout of ${dep} is not complete: ${first}`, `${dep}의 rollout이 끝나지 않았습니다: ${first}`),
      problems,
    );
  }
  return passed(
    say(
      lang,
      `${dep} is fully rolled out at revision ${revision} (${want}/${want} available)`,
      `${dep}의 rollout이 revision ${revision}에서 완료되었습니다 (${want}/${want} available)`,
    ),
  );
}
