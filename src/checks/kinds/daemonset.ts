import * as v from 'valibot';
import { defineCheckKind, type CheckData } from './define.js';
import type { KubeObject } from '../../kube/types.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { t } from '../../i18n/t.js';
import { explainMissing } from '../describe.js';
import { formatLabels } from '../selector.js';
import { selectionMisfit, type NodeSelectorTerm, type Taint } from '../node-fit.js';
import { isReady, notReadyReason } from '../pods.js';
import { LAB_LABEL } from '../../kube/namespace.js';

const DAEMONSET = { apiVersion: 'apps/v1', kind: 'DaemonSet' } as const;
const NODE = { apiVersion: 'v1', kind: 'Node' } as const;
const POD = { apiVersion: 'v1', kind: 'Pod' } as const;

/**
 * Taints every DaemonSet Pod tolerates without asking: the DaemonSet controller adds these
 * tolerations (docs: "DaemonSet", section "Taints and tolerations").
 */
const AUTO_TOLERATED = new Set([
  'node.kubernetes.io/not-ready',
  'node.kubernetes.io/unreachable',
  'node.kubernetes.io/disk-pressure',
  'node.kubernetes.io/memory-pressure',
  'node.kubernetes.io/pid-pressure',
  'node.kubernetes.io/unschedulable',
  'node.kubernetes.io/network-unavailable',
]);

const fields = {
  /** The DaemonSet of the lab namespace. */
  name: v.string(),
};
type DaemonSetCheck = CheckData<'daemonset', typeof fields>;

/** The `daemonset` check kind; its `description` says what it checks. */
export const daemonSetKind = defineCheckKind({
  type: 'daemonset',
  description:
    'The DaemonSet `name` runs exactly one Ready Pod (controlled by it) on every node of the cluster that ' +
    'takes ordinary Pods: every Node without a NoSchedule or NoExecute taint beyond those a DaemonSet ' +
    'tolerates by itself (cordoned nodes included). Judged against the Nodes listed at check time, not a ' +
    'number; a node left out names what excluded it (nodeSelector, node affinity).',
  fields,
  reads: () => [DAEMONSET, NODE, POD],
  run: checkDaemonSet,
});

/** Whether an ordinary Pod may land on the node: no NoSchedule/NoExecute taint but those tolerated anyway. */
export const takesPods = (node: KubeObject): boolean =>
  ((node.spec?.taints as Taint[] | undefined) ?? []).every(
    (taint) => taint.effect === 'PreferNoSchedule' || AUTO_TOLERATED.has(taint.key),
  );

/** Why the DaemonSet's Pod template keeps off the node, or undefined when nothing in it does. */
function excludedBy(ds: KubeObject, node: KubeObject, view: NamespaceView): string | undefined {
  const why = selectionMisfit(ds.spec?.template?.spec ?? {}, node);
  if (why?.reason === 'nodeSelector')
    return t(view.lang, 'daemonset.bySelector', { selector: formatLabels(why.selector) });
  if (why?.reason === 'affinity') return t(view.lang, 'daemonset.byAffinity');
  return undefined;
}

/** The node a DaemonSet Pod is for: where it was bound, or the node its affinity names before that. */
function nodeOf(pod: KubeObject): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName as string;
  const terms = (pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ??
    []) as NodeSelectorTerm[];
  return terms.flatMap((term) => term.matchFields ?? []).find((f) => f.key === 'metadata.name')?.values?.[0];
}

/** `daemonset`: one Ready Pod of the DaemonSet on each node that takes Pods. */
async function checkDaemonSet(check: DaemonSetCheck, view: NamespaceView): Promise<Outcome> {
  const lang = view.lang;
  const ds = await view.find(DAEMONSET, check.name);
  if (!ds) return failed(await explainMissing(view, { ...DAEMONSET, name: check.name }));
  // In a lab with its own Nodes, cka-lab gave the template the node selector cka-lab.dev/lab=<id> and a
  // toleration of the lab Nodes' taint (src/labs/lab-nodes.ts): only those Nodes are the lab's to judge.
  const labNodes = ds.spec?.template?.spec?.nodeSelector?.[LAB_LABEL] as string | undefined;
  const withoutLabTaint = (n: KubeObject): KubeObject => ({
    ...n,
    spec: { ...n.spec, taints: ((n.spec?.taints as Taint[] | undefined) ?? []).filter((x) => x.key !== LAB_LABEL) },
  });
  const nodes = (await view.list(NODE)).filter((n) =>
    labNodes === undefined
      ? takesPods(n)
      : n.metadata?.labels?.[LAB_LABEL] === labNodes && takesPods(withoutLabTaint(n)),
  );
  if (nodes.length === 0) return failed(t(lang, 'daemonset.noNodes'));
  const uid = ds.metadata?.uid;
  const pods = (await view.list(POD)).filter(
    (p) => !p.metadata?.deletionTimestamp && p.metadata?.ownerReferences?.some((r) => r.controller && r.uid === uid),
  );
  const problems: Problem[] = [];
  for (const node of nodes) {
    const name = node.metadata?.name ?? '';
    const here = pods.filter((p) => nodeOf(p) === name);
    if (here.length === 0) {
      const why = excludedBy(ds, node, view);
      const message = why
        ? t(lang, 'daemonset.excluded', { ds: check.name, node: name, why })
        : t(lang, 'daemonset.noPod', { ds: check.name, node: name });
      problems.push({ message, path: 'pods', expected: name });
      continue;
    }
    const ready = here.filter(isReady);
    if (ready.length === 0) {
      const pod = here[0]!;
      const message = t(lang, 'daemonset.notReady', {
        ds: check.name,
        node: name,
        pod: pod.metadata?.name,
        reason: notReadyReason(pod, lang),
      });
      problems.push({ message, path: 'pods', expected: 'Ready' });
    } else if (here.length > 1) {
      const names = here.map((p) => p.metadata?.name).join(', ');
      problems.push({ message: t(lang, 'daemonset.several', { ds: check.name, node: name, pods: names }) });
    }
  }
  if (problems.length) return failed(problems[0]!.message, problems);
  const names = nodes.map((n) => n.metadata?.name).join(', ');
  return passed(t(lang, 'daemonset.passed', { ds: check.name, count: nodes.length, nodes: names }));
}
