import type { Command } from 'commander';
import { resolveLang, type Lang } from '../i18n/text.js';
import { defaultNamespace } from '../kube/namespace.js';
import { classLabNamespace } from '../class/kubeconfig.js';
import { stderrLog, type Log } from '../util/log.js';
import type { KubeTarget } from '../kube/config.js';

/** Options every command accepts, kubectl-style. */
export interface GlobalOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  lang?: string;
  debug?: boolean;
  output?: string;
  allowRemote?: boolean;
}

/** The merged options of a command and its parents, with derived helpers. */
export function globals(
  cmd: Command,
): GlobalOptions & { target: KubeTarget; lang: Lang; log: Log; labNamespace(labId: string): string } {
  const o = cmd.optsWithGlobals<GlobalOptions>();
  const machine = o.output === 'json' || o.output === 'yaml';
  return {
    ...o,
    target: { kubeconfig: o.kubeconfig, context: o.context, allowRemote: o.allowRemote },
    lang: resolveLang(o.lang),
    log: stderrLog(machine),
    // -n wins; else a learner's namespace of the lab (a class kubeconfig, src/class/kubeconfig.ts);
    // else the lab's own namespace, lab-<id>, which keeps its name across resets.
    labNamespace: (labId) =>
      o.namespace ??
      classLabNamespace({ kubeconfig: o.kubeconfig, context: o.context }, labId) ??
      defaultNamespace(labId),
  };
}
