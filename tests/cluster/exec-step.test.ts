import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSteps } from '../../src/labs/steps.js';
import { EXEC_TIMEOUT_MS, setExecTimeoutForTests } from '../../src/labs/exec-step.js';
import { contentRoot } from '../../src/util/paths.js';
import { dropNamespace, plainNamespace, testClient } from './helpers.js';

// `exec: true` steps run the learner's own command line on the real cluster: kubectl acts in the
// lab namespace without -n, in the learner's folder, and a refused command fails the step
// unless the wrong answer says it may (`mayFail`).

const client = testClient();
const made: string[] = [];
const workDir = mkdtempSync(join(tmpdir(), 'cka-lab-exec-test-'));
afterAll(async () => {
  rmSync(workDir, { recursive: true, force: true });
  await Promise.all(made.map((ns) => dropNamespace(client, ns)));
});

const execTemps = () =>
  readdirSync(tmpdir()).filter((f) => f.startsWith('cka-lab-exec-') && f !== workDir.split('/').pop());

describe('exec steps', () => {
  it('runs kubectl in the lab namespace and the learner folder, and leaves no kubeconfig copy', async () => {
    const namespace = await plainNamespace(client, 'exec', made);
    const before = execTemps();
    await runSteps(
      [
        {
          run: 'kubectl create configmap from-exec --from-literal=colour=blue && kubectl get cm from-exec -o name > got.txt',
          exec: true,
        },
      ],
      { client, namespace, root: contentRoot(), workDir },
    );
    const cm = await client.get({ apiVersion: 'v1', kind: 'ConfigMap' }, 'from-exec', namespace);
    expect(cm?.data).toEqual({ colour: 'blue' });
    expect(readFileSync(join(workDir, 'got.txt'), 'utf8').trim()).toBe('configmap/from-exec');
    expect(execTemps()).toEqual(before);
  });

  it('fails the step with the command’s last error line, unless mayFail', async () => {
    const namespace = await plainNamespace(client, 'exec', made);
    const ctx = { client, namespace, root: contentRoot(), workDir };
    await expect(runSteps([{ run: 'kubectl get configmap nothing-here', exec: true }], ctx)).rejects.toThrow(
      /exited with 1: .*configmaps "nothing-here" not found/,
    );
    await expect(
      runSteps([{ run: 'kubectl get configmap nothing-here', exec: true, mayFail: true }], ctx),
    ).resolves.toBeUndefined();
    await expect(runSteps([{ exec: true }], ctx)).rejects.toThrow(/has no `run` command/);
    expect(existsSync(join(workDir, 'nothing-here'))).toBe(false);
  });

  it('stops the command and what it started at the timeout, and offers this package’s `lab`', async () => {
    const namespace = await plainNamespace(client, 'exec', made);
    const ctx = { client, namespace, root: contentRoot(), workDir };
    await runSteps([{ run: 'lab --version > version.txt', exec: true }], ctx);
    expect(readFileSync(join(workDir, 'version.txt'), 'utf8')).toMatch(/\d+\.\d+\.\d+/);
    const before = EXEC_TIMEOUT_MS;
    setExecTimeoutForTests(1500);
    try {
      const started = Date.now();
      // A background child keeps stdout open after the shell is gone: only killing the group ends it.
      await expect(runSteps([{ run: 'sleep 60 & sleep 60', exec: true }], ctx)).rejects.toThrow(/longer than 1.5 s/);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      setExecTimeoutForTests(before);
    }
  });
});
