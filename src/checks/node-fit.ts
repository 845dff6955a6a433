/**
 * Whether a Pod's own spec lets it run on a Node, as the scheduler's filters decide it from the
 * Pod and the Node alone (kube-scheduler plugins NodeAffinity, TaintToleration and
 * NodeUnschedulable; Kubernetes API reference: PodSpec nodeSelector, affinity.nodeAffinity,
 * tolerations; Node spec.taints and spec.unschedulable; docs "Assigning Pods to Nodes" and "Taints
 * and Tolerations"). Resources, ports, volumes and inter-Pod rules are not judged here.
 */
import type { KubeObject } from '../kube/types.js';
import { selects } from './selector.js';

/** A Node taint (core/v1 Taint). */
export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

/** A Pod toleration (core/v1 Toleration); an empty `key` with `Exists` tolerates every taint. */
export interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

/** One requirement of a node selector term (core/v1 NodeSelectorRequirement). */
export interface NodeSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

/** One term of a required node affinity (ORed with the others; its requirements are ANDed). */
export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

/** One preferred node affinity term: its weight (1-100) counts for a node its preference matches. */
export interface PreferredTerm {
  weight: number;
  preference: NodeSelectorTerm;
}

/** Why a Pod's spec keeps it off a Node (the first reason found, in the scheduler's filter order). */
export type Misfit =
  | { reason: 'unschedulable' }
  | { reason: 'nodeSelector'; selector: Record<string, string> }
  | { reason: 'affinity' }
  | { reason: 'taint'; taint: Taint };

/** The taint of a cordoned Node; a Pod that tolerates it may still be scheduled there (NodeUnschedulable). */
export const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

const labelsOf = (node: KubeObject): Record<string, string> =>
  (node.metadata?.labels as Record<string, string> | undefined) ?? {};

/** Whether one node selector requirement holds for values read from the node (labels or fields). */
function holds(req: NodeSelectorRequirement, read: Record<string, string>): boolean {
  const actual = read[req.key];
  if (req.operator === 'Gt' || req.operator === 'Lt') {
    const [a, b] = [Number(actual), Number(req.values?.[0])];
    if (actual === undefined || !Number.isInteger(a) || !Number.isInteger(b)) return false;
    return req.operator === 'Gt' ? a > b : a < b;
  }
  return selects({ matchExpressions: [req] }, read);
}

/**
 * Whether one node selector term matches the node: every matchExpressions requirement on its
 * labels and every matchFields requirement on its fields (only `metadata.name` exists). A term
 * without requirements matches no node, as in the scheduler.
 */
export function termMatches(term: NodeSelectorTerm, node: KubeObject): boolean {
  const expressions = term.matchExpressions ?? [];
  const nodeFields = term.matchFields ?? [];
  if (expressions.length + nodeFields.length === 0) return false;
  const fields = { 'metadata.name': node.metadata?.name ?? '' };
  return expressions.every((r) => holds(r, labelsOf(node))) && nodeFields.every((r) => holds(r, fields));
}

/** Whether a required node affinity (ORed terms) admits the node. */
export const affinityAdmits = (terms: NodeSelectorTerm[], node: KubeObject): boolean =>
  terms.some((term) => termMatches(term, node));

/**
 * Whether a toleration tolerates a taint (core/v1 Toleration.ToleratesTaint): the effect matches or
 * the toleration names none; the key matches or the toleration names none (with Exists); then
 * `Exists` tolerates any value and `Equal` (the default operator) only the same value.
 */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  const operator = toleration.operator || 'Equal';
  if (operator === 'Exists') return true;
  if (operator === 'Equal') return (toleration.value ?? '') === (taint.value ?? '');
  return false;
}

/** The node's taints that keep off a Pod with these tolerations: NoSchedule and NoExecute ones it does not tolerate. */
export function untoleratedTaints(tolerations: Toleration[], node: KubeObject): Taint[] {
  const taints = (node.spec?.taints as Taint[] | undefined) ?? [];
  return taints.filter(
    (taint) => taint.effect !== 'PreferNoSchedule' && !tolerations.some((tol) => tolerates(tol, taint)),
  );
}

/** The Pod spec fields read here (a PodSpec, or a Pod template's spec). */
type PodSpec = Record<string, unknown> & {
  nodeSelector?: Record<string, string>;
  tolerations?: Toleration[];
  affinity?: { nodeAffinity?: Record<string, unknown> };
};

/** The ORed terms of the spec's required node affinity, or undefined when it has none. */
export function requiredTerms(spec: PodSpec): NodeSelectorTerm[] | undefined {
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution as
    { nodeSelectorTerms?: NodeSelectorTerm[] } | undefined;
  return required?.nodeSelectorTerms;
}

/** The spec's preferred node affinity terms (none: an empty list). */
export const preferredTerms = (spec: PodSpec): PreferredTerm[] =>
  (spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution as PreferredTerm[] | undefined) ?? [];

/**
 * What in the spec's node selection excludes the node: its `nodeSelector` (labels the node lacks)
 * or its required node affinity; undefined when both admit it. Taints are not looked at.
 */
export function selectionMisfit(spec: PodSpec, node: KubeObject): Misfit | undefined {
  const selector = spec.nodeSelector;
  if (selector && !selects(selector, labelsOf(node))) return { reason: 'nodeSelector', selector };
  const terms = requiredTerms(spec);
  if (terms && !affinityAdmits(terms, node)) return { reason: 'affinity' };
  return undefined;
}

/**
 * Why the scheduler would not place a Pod with this spec on the node, from the spec and the node
 * alone: cordoned (spec.unschedulable, unless the Pod tolerates {@link UNSCHEDULABLE_TAINT}), then
 * nodeSelector, required node affinity, and a NoSchedule or NoExecute taint it does not tolerate.
 * `spec.nodeName` is not read: a Pod named onto a node skips the scheduler, so it says nothing
 * about where the Pod's rules let it run.
 * @returns undefined when nothing in the spec keeps the Pod off the node
 */
export function misfit(spec: PodSpec, node: KubeObject): Misfit | undefined {
  const tolerations = spec.tolerations ?? [];
  if (node.spec?.unschedulable && !tolerations.some((tol) => tolerates(tol, UNSCHEDULABLE_TAINT)))
    return { reason: 'unschedulable' };
  const selection = selectionMisfit(spec, node);
  if (selection) return selection;
  const [taint] = untoleratedTaints(tolerations, node);
  return taint ? { reason: 'taint', taint } : undefined;
}

/** The sum of the weights of the spec's preferred node affinity terms matching the node (the raw score). */
export const preferenceScore = (spec: PodSpec, node: KubeObject): number =>
  preferredTerms(spec).reduce((sum, term) => sum + (termMatches(term.preference, node) ? term.weight : 0), 0);

/** A taint as kubectl taint writes it: `key=value:Effect` (`key:Effect` without a value). */
export const formatTaint = (taint: Taint): string =>
  `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
