import { afterAll, describe, expect, it, inject } from 'vitest';
import { execa } from 'execa';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLab } from '../../src/labs/loader.js';
import { applySolution } from '../../src/labs/lifecycle.js';
import { runSteps, type StepContext } from '../../src/labs/steps.js';
import { labWorkDir } from '../../src/util/lab-paths.js';
import { contentRoot } from '../../src/util/paths.js';
import { dropNamespace, testClient, until } from './helpers.js';

// `lab hint` through the bundled CLI on the real cluster: it finds the mistake the learner made
// (a wrong answer's message, or a failing check with hints of its own) and gives its hint first;
// the hint counter restarts with `lab reset`.

const repo = contentRoot();
const bin = join(repo, 'bin', 'lab.cjs');
const kubeconfig = inject('kubeconfig');
const client = testClient();
const stateHome = mkdtempSync(join(tmpdir(), 'cka-lab-hint-state-'));
process.env.XDG_STATE_HOME = stateHome;
const lab = (...args: string[]) =>
  execa('node', [bin, ...args, '--kubeconfig', kubeconfig], {
    reject: false,
    env: { XDG_STATE_HOME: stateHome, LANG: 'C' },
  });

const made: string[] = [];
afterAll(async () => {
  await Promise.all(made.map((ns) => dropNamespace(client, ns)));
  rmSync(stateHome, { recursive: true, force: true });
});

/** Starts `id` in lab-<id> and returns what steps of its tasks need. */
async function started(id: string): Promise<StepContext & { ns: string }> {
  const ns = `lab-${id}`;
  made.push(ns);
  const start = await lab('start', id, '--no-note');
  expect(start.exitCode, start.stderr).toBe(0);
  return { client, namespace: ns, ns, root: repo, workDir: labWorkDir(ns), owner: await loadLab(id) };
}

/** Runs the steps of the wrong answer `name` of task `task` of lab `id`. */
async function makeMistake(id: string, task: string, name: string, ctx: StepContext): Promise<void> {
  const wrong = (await loadLab(id)).tasks.find((t) => t.id === task)!.wrong.find((w) => w.name === name)!;
  await runSteps(wrong.steps, ctx);
}

describe('lab hint sees the mistake', () => {
  it('ReplicaSet with a wrong selector: delete it first (immutable), in both languages; reset restarts the hints', async () => {
    const ctx = await started('replicaset');
    await makeMistake('replicaset', 'create', 'selector app=my-app misses the existing Pods', ctx);

    const first = await lab('hint', 'replicaset', '--lang', 'en');
    expect(first.exitCode, first.stderr).toBe(0);
    // The mistake's hint, then the task's three: 1/4.
    expect(first.stdout).toContain('hint 1/4');
    expect(first.stdout).toContain('cannot be changed once it exists');
    expect(first.stdout).toContain('kubectl delete rs myapp-replicaset && kubectl create -f');
    expect(first.stdout).toContain('does not select Pods labelled app=myapp');

    // Asking again goes on to the task's ladder; the count is the same in Korean.
    const second = await lab('hint', 'replicaset', '--lang', 'en');
    expect(second.stdout).toContain('hint 2/4');
    expect(second.stdout).toContain('A ReplicaSet is apps/v1');
    const korean = await lab('hint', 'replicaset', '--lang', 'ko');
    expect(korean.stdout).toContain('힌트 3/4');
    expect(korean.stdout).toContain('app=myapp이어야 기존 Pod가 입양됩니다');

    // lab reset: the setup again, and the hints from the first.
    const reset = await lab('reset', 'replicaset', '--no-note');
    expect(reset.exitCode, reset.stderr).toBe(0);
    await makeMistake('replicaset', 'create', 'selector app=my-app misses the existing Pods', ctx);
    const again = await lab('hint', 'replicaset', '--lang', 'ko');
    expect(again.stdout).toContain('힌트 1/4');
    expect(again.stdout).toContain('ReplicaSet의 selector는 만든 뒤에는 바꿀 수 없습니다');
    expect(again.stdout).toContain('kubectl delete rs myapp-replicaset');
  });

  it('rollout undo to the wrong revision: undo goes to the previous one, --to-revision picks revision 1', async () => {
    const ctx = await started('deployment-rollout');
    const rollout = await loadLab('deployment-rollout');
    await applySolution(rollout, ctx, ['update']);
    // The first task passes once its rollout is complete; only then is the undo task the one hinted.
    const updated = await until(
      () => lab('check', 'deployment-rollout', '-o', 'json'),
      (r) => JSON.parse(r.stdout).tasks[0].pass === true,
      30_000,
    );
    expect(JSON.parse(updated.stdout).tasks[0].pass).toBe(true);
    await makeMistake(
      'deployment-rollout',
      'undo',
      'undo to the wrong revision (after a try with nginx:1.28, the previous revision is nginx:1.27)',
      ctx,
    );
    const hint = await lab('hint', 'deployment-rollout', '--lang', 'en');
    expect(hint.exitCode, hint.stderr).toBe(0);
    expect(hint.stdout).toContain('Roll Deployment web back to nginx:1.26 — hint 1/4');
    expect(hint.stdout).toContain('goes back to the previous revision, which is not necessarily the one asked for');
    expect(hint.stdout).toContain('kubectl rollout undo deployment/web --to-revision=1');
  });

  it("a failing check's own hints: targetPort is where the Pods listen", async () => {
    const ctx = await started('service-clusterip');
    await makeMistake('service-clusterip', 'clusterip', 'kubectl expose without --target-port (targetPort 80)', ctx);
    const hint = await lab('hint', 'service-clusterip', '--lang', 'en');
    expect(hint.exitCode, hint.stderr).toBe(0);
    expect(hint.stdout).toContain('hint 1/4');
    expect(hint.stdout).toContain("port is the Service's own port (back-end:80); targetPort is the port the Pods");
    expect(hint.stdout).toContain('but they listen on 8080');
  });

  it('Pods made from an old template keep its labels', async () => {
    const ctx = await started('replicationcontroller');
    await makeMistake('replicationcontroller', 'create', 'template labelled app=my-app', ctx);
    const hint = await lab('hint', 'replicationcontroller', '--lang', 'ko');
    expect(hint.exitCode, hint.stderr).toBe(0);
    expect(hint.stdout).toContain('template을 바꾸기 전에 있던 Pod는 예전 레이블을 그대로 가집니다');
    expect(hint.stdout).toContain('kubectl delete rc myapp-rc');
  });
});
