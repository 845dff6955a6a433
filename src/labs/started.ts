import type { KubeConfig } from '@kubernetes/client-node';
import { UsageError } from '../errors.js';
import { t } from '../i18n/t.js';
import type { Lang } from '../i18n/text.js';
import type { KubeClient } from '../kube/client.js';
import { defaultNamespace, LAB_LABEL, MANAGED_BY } from '../kube/namespace.js';
import type { Lab } from './lab.js';
import { listLabIds, loadLab } from './loader.js';

/**
 * The labs started in the cluster: the namespaces cka-lab labelled (and not being deleted)
 * whose lab label names an installed lab, sorted by namespace name, each with its lab loaded.
 * @throws ClusterError when the cluster cannot be reached; UsageError/LabFileError when a lab file is bad
 */
export async function startedLabs(client: KubeClient): Promise<{ lab: Lab; namespace: string }[]> {
  const namespaces = await client.list(
    { apiVersion: 'v1', kind: 'Namespace' },
    undefined,
    `${MANAGED_BY.key}=${MANAGED_BY.value}`,
  );
  const known = new Set(listLabIds());
  const started = namespaces
    .filter((ns) => !ns.metadata?.deletionTimestamp && known.has(ns.metadata?.labels?.[LAB_LABEL] ?? ''))
    .sort((a, b) => a.metadata!.name!.localeCompare(b.metadata!.name!));
  return Promise.all(
    started.map(async (ns) => ({
      lab: await loadLab(ns.metadata!.labels![LAB_LABEL]!),
      namespace: ns.metadata!.name!,
    })),
  );
}

/**
 * The namespace of the kubeconfig's current context (`contexts[].context.namespace`), or
 * undefined when it sets none. `lab start` sets it in cka-lab's own kubeconfig, so after
 * `eval "$(lab env)"` it names the lab the learner is in.
 */
export function contextNamespace(kubeConfig: KubeConfig): string | undefined {
  const name = kubeConfig.getCurrentContext();
  return (name ? kubeConfig.getContextObject(name)?.namespace : undefined) || undefined;
}

/**
 * Picks the lab the learner is in, for `lab check` without a lab: the started lab in
 * `namespace` (the `-n` flag, else the current context's namespace), else the only started
 * lab.
 * @param started the started labs (see {@link startedLabs})
 * @param namespace the `-n` flag, or the current context's namespace
 * @param given whether `namespace` came from `-n` (then only that namespace will do)
 * @throws UsageError, one sentence naming the choices, when none or several fit
 */
export function pickCurrentLab<T extends { lab: { id: string }; namespace: string }>(
  started: readonly T[],
  namespace: string | undefined,
  given: boolean,
  lang: Lang,
): T {
  const here = started.find((s) => s.namespace === namespace);
  if (here) return here;
  if (given && namespace) throw new UsageError(t(lang, 'current.notInNamespace', { ns: namespace }));
  if (started.length === 1) return started[0]!;
  if (started.length === 0) throw new UsageError(t(lang, 'current.noneStarted'));
  const choices = started.map((s) =>
    s.namespace === defaultNamespace(s.lab.id) ? s.lab.id : `${s.lab.id} (-n ${s.namespace})`,
  );
  throw new UsageError(t(lang, 'current.choose', { choices: choices.join(', '), first: started[0]!.lab.id }));
}

/**
 * The lab the learner is in, for a command given no lab (`lab check`, `lab hint`, `lab dir`):
 * the started labs read from the cluster, then {@link pickCurrentLab} with the `-n` flag, else
 * the current context's namespace.
 * @param namespaceFlag the `-n` flag, if given
 * @throws UsageError when no lab is started, or none or several fit; ClusterError when the cluster cannot be reached
 */
export async function currentLab(
  client: KubeClient,
  namespaceFlag: string | undefined,
  lang: Lang,
): Promise<{ lab: Lab; namespace: string }> {
  const started = await startedLabs(client);
  if (started.length === 0) throw new UsageError(t(lang, 'current.noneStarted'));
  return pickCurrentLab(started, namespaceFlag ?? contextNamespace(client.kubeConfig), !!namespaceFlag, lang);
}
