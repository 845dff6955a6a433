import * as v from 'valibot';
import { defineCheckKind, type CheckData } from './define.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { t } from '../../i18n/t.js';
import { explainMissing } from '../describe.js';
import { revisionOf } from '../../kube/revision.js';
import { rolloutGaps } from '../../kube/rollout.js';
import { Expect } from './fields.js';
import { partialMatch } from '../match.js';
import type { KubeObject } from '../../kube/types.js';
import type { Lang } from '../../i18n/text.js';
import { historyOf, maxSurge, replicaAnnotations, sameTemplate, type Revision } from '../history.js';

const fields = {
  deployment: v.string(),
  revision: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  minRevision: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  /**
   * Pod templates (partial matches of spec.template) of revisions that must follow one another in the
   * Deployment's history, oldest first: `[{nginx:1.26}, {nginx:1.27}]` proves a rollout from 1.26 to 1.27.
   */
  history: v.optional(v.pipe(v.array(Expect), v.minLength(1))),
  /** The Deployment went back to this revision: its template is that revision's, at a later revision. */
  undoTo: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  /** spec.replicas, and the replicas every revision ran with (desired-replicas), held throughout. */
  replicas: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  /** spec.strategy.type, and the strategy every revision was rolled out with (max-replicas), held throughout. */
  strategy: v.optional(v.picklist(['RollingUpdate', 'Recreate'])),
};
type RolloutCheck = CheckData<'rollout', typeof fields>;

/** The `rollout` check kind; its `description` says what it checks. */
export const rolloutKind = defineCheckKind({
  type: 'rollout',
  description:
    "The Deployment's rollout is complete, as `kubectl rollout status` waits for it, at `revision` or at " +
    'least at `minRevision` (the deployment.kubernetes.io/revision annotation). From its ReplicaSets: ' +
    "`history` (templates of consecutive revisions, oldest first), `undoTo` (back at that revision's " +
    'template, as a new revision), `replicas` and `strategy` (held by every revision). A ReplicaSet ' +
    'changed by hand, not by the Deployment controller, fails these; a paused Deployment fails.',
  fields,
  reads: () => [
    { apiVersion: 'apps/v1', kind: 'Deployment' },
    { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  ],
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
  const dep = `Deployment ${check.deployment}`;
  if (d.spec?.paused) {
    problems.push({
      message: t(lang, 'rollout.paused', { deployment: dep, name: check.deployment }),
      path: 'spec.paused',
      expected: false,
      actual: true,
    });
  }
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
  if (check.history || check.undoTo !== undefined || check.replicas !== undefined || check.strategy) {
    problems.push(...historyProblems(check, d, await view.list({ apiVersion: 'apps/v1', kind: 'ReplicaSet' }), lang));
  }
  if (problems.length) {
    const first = problems[0]!.message;
    return failed(t(lang, 'rollout.incomplete', { deployment: dep, first }), problems);
  }
  return passed(t(lang, 'rollout.done', { deployment: dep, revision, replicas: want }));
}

/** The images of a Pod template, for messages: `nginx:1.27`, `nginx:1.27+busybox`. */
const imagesOf = (rs: KubeObject): string =>
  ((rs.spec?.template?.spec?.containers ?? []) as { image?: string }[]).map((c) => c.image ?? '?').join('+') || '?';

/** The revisions for messages: `1: nginx:1.26, 2: nginx:1.27`. */
const describeRevisions = (revisions: Revision[], lang: Lang): string =>
  revisions.map((r) => `${r.number}: ${imagesOf(r.replicaSet)}`).join(', ') || t(lang, 'rollout.noHistory');

/**
 * What the Deployment's history says against the check's `history`, `undoTo`, `replicas` and
 * `strategy`: ReplicaSets changed by hand first (their templates are not the Deployment's), then each option.
 */
function historyProblems(check: RolloutCheck, d: KubeObject, replicaSets: KubeObject[], lang: Lang): Problem[] {
  const { revisions, handEdits } = historyOf(d, replicaSets);
  const dep = `Deployment ${check.deployment}`;
  const name = check.deployment;
  const problems: Problem[] = handEdits.map((e) => ({
    message: t(lang, 'rollout.handEdit', { rs: e.replicaSet, manager: e.manager, name }),
    path: `ReplicaSet ${e.replicaSet} metadata.managedFields`,
    expected: 'kube-controller-manager',
    actual: e.manager,
  }));
  const listed = describeRevisions(revisions, lang);
  if (check.history) {
    const steps = check.history;
    const fits = (start: number) =>
      steps.every((want, j) => {
        const r = revisions[start + j];
        return r !== undefined && partialMatch({ spec: { template: want } }, r.replicaSet).length === 0;
      });
    if (!revisions.some((_, i) => fits(i))) {
      const wanted = steps.map((s) => imagesIn(s)).join(' -> ');
      problems.push({
        message: t(lang, 'rollout.noSteps', { deployment: dep, steps: wanted, revisions: listed }),
        path: 'metadata.annotations["deployment.kubernetes.io/revision"]',
        expected: steps,
        actual: listed,
      });
    }
  }
  if (check.undoTo !== undefined) {
    const n = check.undoTo;
    const target = revisions.find((r) => r.number === n);
    const current = revisionOf(d);
    const currentImages = imagesOf({ spec: { template: d.spec?.template } } as KubeObject);
    if (!target) {
      problems.push({
        message: t(lang, 'rollout.noRevision', { deployment: dep, n, revisions: listed }),
        expected: n,
        actual: listed,
      });
    } else if (!sameTemplate(d.spec?.template, target.replicaSet.spec?.template)) {
      problems.push({
        message: t(lang, 'rollout.notBack', {
          deployment: dep,
          name,
          n,
          current: currentImages,
          cur: current,
          wanted: imagesOf(target.replicaSet),
        }),
        path: 'spec.template',
        expected: imagesOf(target.replicaSet),
        actual: currentImages,
      });
    } else if (current <= n) {
      problems.push({
        message: t(lang, 'rollout.notNew', { deployment: dep, n, cur: current }),
        path: 'metadata.annotations["deployment.kubernetes.io/revision"]',
        expected: `> ${n}`,
        actual: current,
      });
    }
  }
  const replicas = (d.spec?.replicas as number | undefined) ?? 1;
  if (check.replicas !== undefined) {
    if (replicas !== check.replicas) {
      const message = t(lang, 'rollout.replicasNow', { expected: check.replicas, found: replicas });
      problems.push({ message, path: 'spec.replicas', expected: check.replicas, actual: replicas });
    }
    for (const r of revisions) {
      const { desired } = replicaAnnotations(r.replicaSet);
      if (desired !== undefined && desired !== check.replicas && r.number === revisionOfRs(r)) {
        const message = t(lang, 'rollout.revisionReplicas', {
          n: r.number,
          rs: r.replicaSet.metadata?.name,
          found: desired,
          expected: check.replicas,
        });
        problems.push({
          message,
          path: 'metadata.annotations["deployment.kubernetes.io/desired-replicas"]',
          expected: check.replicas,
          actual: desired,
        });
      }
    }
  }
  if (check.strategy) {
    const type = (d.spec?.strategy?.type as string | undefined) ?? 'RollingUpdate';
    if (type !== check.strategy) {
      const message = t(lang, 'rollout.strategyNow', { expected: check.strategy, found: type });
      problems.push({ message, path: 'spec.strategy.type', expected: check.strategy, actual: type });
    }
    for (const r of revisions) {
      const { desired, max } = replicaAnnotations(r.replicaSet);
      if (desired === undefined || max === undefined || r.number !== revisionOfRs(r)) continue;
      const allowed = desired + (check.strategy === 'Recreate' ? 0 : maxSurge(d, desired));
      if (max !== allowed) {
        const message = t(lang, 'rollout.revisionStrategy', {
          n: r.number,
          rs: r.replicaSet.metadata?.name,
          max,
          desired,
          strategy: check.strategy,
          allowed,
        });
        problems.push({
          message,
          path: 'metadata.annotations["deployment.kubernetes.io/max-replicas"]',
          expected: allowed,
          actual: max,
        });
      }
    }
  }
  return problems;
}

/** The current revision of a ReplicaSet (a revision listed from its revision-history is an earlier one). */
const revisionOfRs = (r: Revision): number => revisionOf(r.replicaSet);

/** The images a template fragment names, for messages: `nginx:1.27`. */
function imagesIn(fragment: Record<string, unknown>): string {
  const containers = (fragment.spec as { containers?: { image?: string; name?: string }[] } | undefined)?.containers;
  const images = (containers ?? []).map((c) => c.image ?? c.name ?? '?');
  return images.length ? images.join('+') : JSON.stringify(fragment);
}
