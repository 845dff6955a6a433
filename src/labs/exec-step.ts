import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import type { KubeClient } from '../kube/client.js';
import { toolDirs } from '../cluster/tool-path.js';
import { UsageError } from '../errors.js';
import { say } from '../i18n/current.js';

/** How long one command may run before it is stopped and the step fails (ms). */
export const EXEC_TIMEOUT_MS = 120_000;

/** Where an `exec` step runs: the cluster (its kubeconfig), the lab namespace and the learner's folder. */
export interface ExecContext {
  client: KubeClient;
  namespace: string;
  workDir: string;
}

/**
 * Runs a step's `run` command as the learner would type it: with `/bin/sh -c` in the learner's
 * working folder, `KUBECONFIG` pointing at a private copy of the client's kubeconfig whose
 * current context's namespace is the lab namespace (so `kubectl`, `helm` and the rest act there
 * without `-n`), and the folders of cka-lab's tools (kubectl, helm, etcdctl...) first on PATH.
 * The copy lives in a folder only the user can read and is removed afterwards.
 * Lab files are the package's own content, so the command is trusted; it must act only on the
 * lab's objects (docs/writing-labs.md, "What a lab owns").
 * @param command the shell command line, e.g. `kubectl drain lab-node1 --ignore-daemonsets`
 * @param mayFail whether a non-zero exit is part of the answer (a learner's command that kubectl refuses)
 * @returns the command's standard output
 * @throws UsageError when the command exits non-zero (unless `mayFail`) or runs longer than
 *   {@link EXEC_TIMEOUT_MS}, with the last line of its error output
 */
export async function runExecStep(command: string, ctx: ExecContext, mayFail = false): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'cka-lab-exec-'));
  try {
    chmodSync(dir, 0o700);
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, kubeconfigInNamespace(ctx.client.kubeConfig, ctx.namespace), { mode: 0o600 });
    const result = await execa('/bin/sh', ['-c', command], {
      cwd: ctx.workDir,
      env: { KUBECONFIG: kubeconfig, PATH: [...toolDirs(), process.env.PATH ?? ''].join(delimiter) },
      timeout: EXEC_TIMEOUT_MS,
      reject: false,
      stdin: 'ignore',
    });
    if (result.timedOut) throw new UsageError(say('steps.execTimeout', { command, seconds: EXEC_TIMEOUT_MS / 1000 }));
    if (result.exitCode !== 0 && !mayFail) {
      const tail = `${result.stderr || result.stdout}`.trim().split('\n').pop() ?? '';
      throw new UsageError(say('steps.execFailed', { command, code: result.exitCode ?? -1, tail }));
    }
    return result.stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The kubeconfig text of `kc` with its current context's namespace set to `namespace`, as
 * `kubectl config set-context --current --namespace` would leave it.
 */
export function kubeconfigInNamespace(kc: KubeConfig, namespace: string): string {
  const copy = new KubeConfig();
  copy.loadFromOptions({
    clusters: kc.clusters,
    users: kc.users,
    contexts: kc.contexts.map((c) => (c.name === kc.currentContext ? { ...c, namespace } : c)),
    currentContext: kc.currentContext,
  });
  return copy.exportConfig();
}
