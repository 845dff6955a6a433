import type { TypeRef } from './types.js';

/** How a kind is addressed in REST paths. */
export interface ResourceInfo {
  /** Plural resource name, e.g. `replicasets`. */
  plural: string;
  namespaced: boolean;
}

/**
 * Kinds the labs use, so that a check needs no discovery round-trip
 * (names from the Kubernetes API reference).
 */
const KNOWN: Record<string, ResourceInfo> = {
  'v1/Pod': { plural: 'pods', namespaced: true },
  'v1/Service': { plural: 'services', namespaced: true },
  'v1/Endpoints': { plural: 'endpoints', namespaced: true },
  'v1/ReplicationController': { plural: 'replicationcontrollers', namespaced: true },
  'v1/ConfigMap': { plural: 'configmaps', namespaced: true },
  'v1/Secret': { plural: 'secrets', namespaced: true },
  'v1/ServiceAccount': { plural: 'serviceaccounts', namespaced: true },
  'v1/Namespace': { plural: 'namespaces', namespaced: false },
  'v1/Node': { plural: 'nodes', namespaced: false },
  'v1/Event': { plural: 'events', namespaced: true },
  'apps/v1/ReplicaSet': { plural: 'replicasets', namespaced: true },
  'apps/v1/Deployment': { plural: 'deployments', namespaced: true },
  'apps/v1/DaemonSet': { plural: 'daemonsets', namespaced: true },
  'apps/v1/StatefulSet': { plural: 'statefulsets', namespaced: true },
  'discovery.k8s.io/v1/EndpointSlice': { plural: 'endpointslices', namespaced: true },
  'batch/v1/Job': { plural: 'jobs', namespaced: true },
  'batch/v1/CronJob': { plural: 'cronjobs', namespaced: true },
  'networking.k8s.io/v1/NetworkPolicy': { plural: 'networkpolicies', namespaced: true },
};

/** The kinds looked up by {@link alternativesFor} when an object is missing. */
export const WORKLOAD_KINDS: TypeRef[] = [
  { apiVersion: 'v1', kind: 'Pod' },
  { apiVersion: 'v1', kind: 'ReplicationController' },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  { apiVersion: 'apps/v1', kind: 'Deployment' },
  { apiVersion: 'v1', kind: 'Service' },
];

/** The statically known resource for a type, or undefined (then discovery is needed). */
export function knownResource(ref: TypeRef): ResourceInfo | undefined {
  return KNOWN[`${ref.apiVersion}/${ref.kind}`];
}

/** The REST base path of an API version: `/api/v1` or `/apis/apps/v1`. */
export function apiBase(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/**
 * The REST path of a collection or of one object.
 * @example
 * resourcePath('apps/v1', {plural:'replicasets',namespaced:true}, 'lab-x')
 *   === '/apis/apps/v1/namespaces/lab-x/replicasets'
 */
export function resourcePath(apiVersion: string, info: ResourceInfo, namespace?: string, name?: string): string {
  const ns = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  const obj = name ? `/${encodeURIComponent(name)}` : '';
  return `${apiBase(apiVersion)}${ns}/${info.plural}${obj}`;
}
