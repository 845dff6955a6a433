import { describe, expect, it } from 'vitest';
import { fixture, named, run } from './fixtures.js';

const image = (i: string) => ({ spec: { containers: [{ name: 'nginx', image: i }] } });
const update = { deployment: 'web', history: [image('nginx:1.26'), image('nginx:1.27')] };
const undo = { deployment: 'web', history: [image('nginx:1.27'), image('nginx:1.26')], undoTo: 1 };

describe('check kind rollout: judged by revision', () => {
  it('passes for set image then rollout undo: 1.26 -> 1.27 -> back to revision 1', async () => {
    const objects = fixture('rollout-undo');
    for (const check of [update, undo, { deployment: 'web', replicas: 3, strategy: 'RollingUpdate' }]) {
      const outcome = await run('rollout', check, objects);
      expect(outcome.pass, outcome.summary).toBe(true);
    }
    // The lab's own solution, recorded earlier, and other spellings of the same images.
    expect((await run('rollout', update, fixture('deployment-rollout'))).pass).toBe(true);
    const spelled = { deployment: 'web', history: [image('docker.io/library/nginx:1.26'), image('nginx:1.27')] };
    expect((await run('rollout', spelled, fixture('deployment-rollout'))).pass).toBe(true);
  });

  it('does not count a ReplicaSet whose image was set by hand', async () => {
    const outcome = await run('rollout', update, fixture('rollout-rs-edited'));
    expect(outcome.pass).toBe(false);
    expect(outcome.problems.map((p) => p.message)).toEqual([
      'ReplicaSet web-59884c654b was changed by hand (kubectl-set), not by the Deployment controller, so it is no revision of the Deployment; change the Deployment instead (kubectl set image deployment/web ...)',
      'the history of Deployment web has no revisions nginx:1.26 -> nginx:1.27 one after the other (a rollout through the Deployment); its revisions are 1: nginx:1.27, 2: nginx:1.26',
    ]);
  });

  it('fails an undo that did not go back to the revision asked', async () => {
    const objects = fixture('rollout-undo');
    // A second undo: revision 4 runs nginx:1.27 again.
    const web = named(objects, 'Deployment', 'web');
    web.spec.template.spec.containers[0].image = 'nginx:1.27';
    web.metadata!.annotations!['deployment.kubernetes.io/revision'] = '4';
    const outcome = await run('rollout', { deployment: 'web', undoTo: 1 }, objects);
    expect(outcome.problems.map((p) => p.message)).toContain(
      'Deployment web runs nginx:1.27 (revision 4), not the template of revision 1 (nginx:1.26); run kubectl rollout undo deployment/web --to-revision=1',
    );
  });

  it('fails an undo on a Deployment created again (no revision to go back to)', async () => {
    const outcome = await run('rollout', { deployment: 'web', undoTo: 1 }, fixture('rollout-paused'));
    // rollout-paused: revision 1 only, nginx:1.27 in the paused template.
    expect(outcome.pass).toBe(false);
    const scaled = await run('rollout', { deployment: 'web', undoTo: 2 }, fixture('rollout-scaled'));
    expect(scaled.problems.map((p) => p.message)).toContain(
      'Deployment web is still at revision 2: going back to revision 2 is a new rollout with a new revision (kubectl rollout undo)',
    );
    const gone = await run('rollout', { deployment: 'web', undoTo: 3 }, fixture('rollout-scaled'));
    expect(gone.summary).toBe(
      'the rollout of Deployment web is not complete: revision 3 is not in the history of Deployment web (its revisions are 1: nginx:1.26, 2: nginx:1.27); was the Deployment deleted and created again?',
    );
  });

  it('fails when the replicas changed during the rollouts, naming the revision', async () => {
    const outcome = await run('rollout', { deployment: 'web', replicas: 3 }, fixture('rollout-scaled'));
    expect(outcome.pass).toBe(false);
    expect(outcome.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(
        /^revision 1 \(ReplicaSet web-\w+\) ran with 5 replicas; the task keeps 3 throughout the rollouts$/,
      ),
    ]);
  });

  it('fails when a revision was rolled out with Recreate, though the strategy is RollingUpdate again', async () => {
    const outcome = await run('rollout', { deployment: 'web', strategy: 'RollingUpdate' }, fixture('rollout-recreate'));
    expect(outcome.pass).toBe(false);
    expect(outcome.problems.map((p) => p.message)).toEqual([
      'revision 1 (ReplicaSet web-59884c654b) was rolled out with another strategy: up to 3 Pods for 3 replicas, where RollingUpdate allows 4',
      'revision 2 (ReplicaSet web-5974c5bb9c) was rolled out with another strategy: up to 3 Pods for 3 replicas, where RollingUpdate allows 4',
    ]);
  });

  it('says a paused Deployment is paused, and how to resume it', async () => {
    const outcome = await run('rollout', { deployment: 'web', minRevision: 2 }, fixture('rollout-paused'));
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe(
      'the rollout of Deployment web is not complete: Deployment web is paused (kubectl rollout pause), so its changes are not rolled out; run kubectl rollout resume deployment/web',
    );
    const ko = await run('rollout', { deployment: 'web' }, fixture('rollout-paused'), { lang: 'ko' });
    expect(ko.problems[0]!.message).toBe(
      'Deployment web가 일시 중지되어 있어(kubectl rollout pause) 변경이 rollout되지 않습니다; kubectl rollout resume deployment/web을 실행하세요',
    );
  });
});
