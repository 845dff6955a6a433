/**
 * Check kinds against fixtures of real API objects, read through the NamespaceView's object
 * source: tests/fixtures/check-kinds/<lab>.json holds what `kubectl get -o json` returned for a
 * lab namespace after `lab start` and `lab solution --apply` (managedFields removed).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { CHECK_KINDS, type Check, type CheckOf } from '../../../src/checks/kinds/index.js';
import { NamespaceView, type ObjectSource } from '../../../src/checks/view.js';
import type { KubeObject, TypeRef } from '../../../src/kube/types.js';
import type { Lang } from '../../../src/i18n/text.js';

export const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'check-kinds');

/**
 * The fixture namespaces. Besides the three labs: `services` holds the service-clusterip setup Pods
 * and Services whose port paths differ (back-end 80->8080, named-http 80->http, udp, headless,
 * two-ports 80->9999 and 8080->8080, unknown-name 80->web, front-end-lb); `rollout-*` a Deployment
 * web (nginx:1.26, 3 replicas) after: `undo` set image 1.27 and rollout undo; `paused` rollout pause
 * then set image 1.27; `recreate` a patch to Recreate with image 1.27, then back to RollingUpdate;
 * `scaled` scale to 5, set image 1.27, scale to 3; `rs-edited` kubectl set image on its ReplicaSet.
 * The rollout ones keep managedFields (without fieldsV1).
 */
export type FixtureName =
  | 'replicaset'
  | 'deployment-rollout'
  | 'service-clusterip'
  | 'services'
  | 'rollout-undo'
  | 'rollout-paused'
  | 'rollout-recreate'
  | 'rollout-scaled'
  | 'rollout-rs-edited';

/** The objects of one fixture namespace (a fresh copy: tests may change them). */
export function fixture(name: FixtureName): KubeObject[] {
  return (JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as { items: KubeObject[] }).items;
}

/** A whole namespace held in memory: every type it lacks has no objects. */
class Namespace implements ObjectSource {
  constructor(private readonly objects: KubeObject[]) {}
  list(ref: TypeRef): KubeObject[] {
    return this.objects.filter((o) => o.apiVersion === ref.apiVersion && o.kind === ref.kind);
  }
}

/** A view of `objects` only (no client: nothing is listed from a cluster). */
export const viewOf = (
  objects: KubeObject[],
  options: { namespace?: string; workDir?: string; lang?: Lang } = {},
): NamespaceView =>
  new NamespaceView(
    undefined,
    options.namespace ?? 'lab-test',
    options.workDir ?? FIXTURES,
    new Namespace(objects),
    options.lang ?? 'en',
  );

/** A check as a lab file writes it, validated by its kind's schema (defaults filled in). */
export function checkOf<T extends Check['type']>(type: T, fields: Record<string, unknown>): CheckOf<T> {
  const kind = CHECK_KINDS.find((k) => k.type === type)!;
  return v.parse(kind.schema as v.GenericSchema, { id: 'c', title: 'c', type, ...fields }) as CheckOf<T>;
}

/** Runs a check of `type` against `objects`. */
export function run<T extends Check['type']>(
  type: T,
  fields: Record<string, unknown>,
  objects: KubeObject[],
  options?: Parameters<typeof viewOf>[1],
) {
  const kind = CHECK_KINDS.find((k) => k.type === type)!;
  return (kind.run as (c: CheckOf<T>, view: NamespaceView) => ReturnType<(typeof kind)['run']>)(
    checkOf(type, fields),
    viewOf(objects, options),
  );
}

/** The object named `name` of `kind` in `objects`. */
export function named(objects: KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.find((o) => o.kind === kind && o.metadata?.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in the fixture`);
  return found;
}

/** Makes a Pod not Ready, as the kubelet reports a container whose image cannot be pulled. */
export function makeNotReady(pod: KubeObject): void {
  for (const c of pod.status.conditions as { type: string; status: string; reason?: string }[]) {
    if (c.type === 'Ready' || c.type === 'ContainersReady')
      Object.assign(c, { status: 'False', reason: 'ContainersNotReady' });
  }
  for (const s of pod.status.containerStatuses as { ready: boolean; started?: boolean; state: unknown }[]) {
    Object.assign(s, {
      ready: false,
      started: false,
      state: { waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image' } },
    });
  }
}
