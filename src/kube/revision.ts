import type { KubeObject } from './types.js';

/**
 * The annotation where the Deployment controller writes a ReplicaSet's (and its own)
 * rollout revision (Kubernetes API reference: apps/v1 Deployment, `kubectl rollout history`).
 */
export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';

/** The revision number a Deployment controller wrote on an object (0 when none). */
export const revisionOf = (obj: KubeObject): number => Number(obj.metadata?.annotations?.[REVISION_ANNOTATION] ?? 0);
