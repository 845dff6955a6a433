import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { execa } from 'execa';
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import type { KubeClient } from '../kube/client.js';
import { toolDirs } from '../cluster/tool-path.js';
import { UsageError } from '../errors.js';
import { say } from '../i18n/current.js';
import { contentRoot } from '../util/paths.js';

/** How long one command may run before it and everything it started are stopped and the step fails (ms). */
export let EXEC_TIMEOUT_MS = 120_000;

/** For tests: a shorter timeout (ms). */
export function setExecTimeoutForTests(ms: number): void {
  EXEC_TIMEOUT_MS = ms;
}

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
 * without `-n`), and the folders of cka-lab's tools (kubectl, helm, etcdctl...) first on PATH, after a
 * `lab` that runs this package's own CLI.
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
    // `lab` itself (e.g. `lab cluster etcd-restore`) is this package's CLI, whether or not it is installed.
    const shims = join(dir, 'bin');
    mkdirSync(shims);
    const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
    const lab = `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(join(contentRoot(), 'bin', 'lab.cjs'))} "$@"\n`;
    writeFileSync(join(shims, 'lab'), lab, { mode: 0o755 });
    // Its own process group, so that a timeout stops what the shell started too (a child holding
    // stdout open would otherwise keep the step waiting).
    const child = execa('/bin/sh', ['-c', command], {
      cwd: ctx.workDir,
      env: { KUBECONFIG: kubeconfig, PATH: [shims, ...toolDirs(), process.env.PATH ?? ''].join(delimiter) },
      reject: false,
      stdin: 'ignore',
      detached: true,
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is gone already
      }
    }, EXEC_TIMEOUT_MS);
    const result = await child.finally(() => clearTimeout(timer));
    if (timedOut) throw new UsageError(say('steps.execTimeout', { command, seconds: EXEC_TIMEOUT_MS / 1000 }));
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
