/** A Kubernetes object as JSON, exactly as the API server returns it. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: {
    name?: string;
    namespace?: string;
    uid?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: OwnerReference[];
    deletionTimestamp?: string;
    resourceVersion?: string;
    [key: string]: unknown;
  };
  // spec and status are untyped JSON from the API server whose shape depends on the kind; checks,
  // labs and tests read deep fields of many kinds from them, so they stay `any`.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped API server JSON
  spec?: any;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- untyped API server JSON
  status?: any;
  [key: string]: unknown;
}

/** meta/v1 OwnerReference (Kubernetes API reference). */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** Names an API type: `{ apiVersion: 'apps/v1', kind: 'ReplicaSet' }`. */
export interface TypeRef {
  apiVersion: string;
  kind: string;
}
