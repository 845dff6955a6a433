import * as v from 'valibot';
import type { TypeRef } from '../../kube/types.js';
import type { Outcome } from '../result.js';
import type { NamespaceView } from '../view.js';
import type { CheckBehaviour, CheckProblem } from './define.js';
import { objectKind } from './object.js';
import { selectorKind } from './selector.js';
import { podsReadyKind } from './pods-ready.js';
import { ownedByKind } from './owned-by.js';
import { anyKind } from './any.js';
import { endpointsKind } from './endpoints.js';
import { fileKind } from './file.js';
import { rolloutKind } from './rollout.js';
import { absentKind } from './absent.js';
import { volumeKind } from './volume.js';
import { autoscalerKind } from './autoscaler.js';
import { containerSeesKind } from './container-sees.js';
import { canIKind } from './can-i.js';
import { resourcesKind } from './resources.js';
import { daemonSetKind } from './daemonset.js';
import { cronJobKind } from './cronjob.js';
import { generatedConfigKind } from './generated-config.js';
import { admissionKind } from './admission.js';
import { reachabilityKind } from './reachability.js';
import { probeKind } from './probe.js';
import { disruptionBudgetKind } from './disruption-budget.js';
import { placementKind } from './placement.js';
import { etcdSnapshotKind } from './etcd-snapshot.js';
import { helmReleaseKind } from './helm-release.js';
import { routesKind } from './routes.js';
import { gatewayRoutesKind } from './gateway-routes.js';
import { topKind } from './top.js';
import { serviceChainKind } from './service-chain.js';
import { connectKind } from './connect.js';
import { logsKind } from './logs.js';
import { corefileKind } from './corefile.js';
import { dnsKind } from './dns.js';

/**
 * Every check kind, in the order docs and messages list them. A new kind is one module
 * (see {@link defineCheckKind}) and one entry here: the schema of checks, {@link Check},
 * {@link CHECK_TYPES} and the registry follow from this list.
 */
export const CHECK_KINDS = [
  objectKind,
  selectorKind,
  podsReadyKind,
  ownedByKind,
  anyKind,
  endpointsKind,
  fileKind,
  rolloutKind,
  absentKind,
  volumeKind,
  autoscalerKind,
  containerSeesKind,
  canIKind,
  resourcesKind,
  daemonSetKind,
  cronJobKind,
  generatedConfigKind,
  admissionKind,
  reachabilityKind,
  probeKind,
  disruptionBudgetKind,
  placementKind,
  etcdSnapshotKind,
  helmReleaseKind,
  routesKind,
  gatewayRoutesKind,
  topKind,
  serviceChainKind,
  connectKind,
  logsKind,
  corefileKind,
  dnsKind,
] as const;

/** The schemas of a tuple of kinds, as a tuple (a generic mapped type maps a tuple to a tuple). */
type Schemas<K extends readonly { schema: unknown }[]> = { -readonly [I in keyof K]: K[I]['schema'] };

/** The schema of one check: a variant on `type`, one strict object per kind. */
export const Check = v.variant('type', CHECK_KINDS.map((k) => k.schema) as Schemas<typeof CHECK_KINDS>);
/** One check of a lab, as validated (defaults filled in). */
export type Check = v.InferOutput<typeof Check>;
/** The checks of one type. */
export type CheckOf<T extends Check['type']> = Extract<Check, { type: T }>;
/** The `type`s a lab file may use, in the order of {@link CHECK_KINDS}. */
export const CHECK_TYPES: readonly Check['type'][] = CHECK_KINDS.map((k) => k.type);

/** Each kind's behaviour by type, typed per type so that a check only reaches its own kind. */
type Registry = { [T in Check['type']]: CheckBehaviour<CheckOf<T>> };
const REGISTRY = Object.fromEntries(CHECK_KINDS.map((k) => [k.type, k])) as unknown as Registry;

/** The behaviour of the kind of check `type` (a generic K keeps `check` and its kind together). */
const kindOf = <T extends Check['type']>(type: T): Registry[T] => REGISTRY[type];

/**
 * Runs one check with its kind.
 * @throws whatever the kind throws while reading the cluster (see {@link CheckBehaviour.run})
 */
export function runCheck<T extends Check['type']>(
  check: CheckOf<T> & { type: T },
  view: NamespaceView,
): Promise<Outcome> {
  return kindOf<T>(check.type).run(check, view);
}

/** The API kinds one check lists (from its kind's declaration). */
export function kindsRead<T extends Check['type']>(check: CheckOf<T> & { type: T }): TypeRef[] {
  return kindOf<T>(check.type).reads(check);
}

/** Whether the check reads the learner's folder. */
export const readsFiles = (check: Check): boolean => REGISTRY[check.type].readsFiles;

/** A problem in one check that its schema cannot express, or undefined. */
export function checkProblem<T extends Check['type']>(check: CheckOf<T> & { type: T }): CheckProblem | undefined {
  return kindOf<T>(check.type).problem(check);
}
