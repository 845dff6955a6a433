import * as v from 'valibot';
import type { TypeRef } from '../../kube/types.js';
import type { Outcome } from '../result.js';
import type { NamespaceView } from '../view.js';
import { checkBase } from './fields.js';

/** The schema entries of a check of type `T` with the kind's own fields `E`: `id`, `title`, `type`, then `E`. */
export type CheckEntries<T extends string, E extends v.ObjectEntries> = typeof checkBase & {
  type: v.LiteralSchema<T, undefined>;
} & E;

/** The schema of a check kind: a strict object (an unknown field is an error, a typo being the usual cause). */
export type CheckSchema<T extends string, E extends v.ObjectEntries> = v.StrictObjectSchema<
  CheckEntries<T, E>,
  undefined
>;

/** A check of type `T` as validated (defaults filled in). */
export type CheckData<T extends string, E extends v.ObjectEntries> = v.InferOutput<CheckSchema<T, E>>;

/** A problem in one check that its schema cannot express: the field (path below the check) and what is wrong. */
export interface CheckProblem {
  path: (string | number)[];
  problem: string;
}

/** What a check kind does with a check `C`, and what it needs; see {@link defineCheckKind}. */
export interface CheckBehaviour<C> {
  /** The API kinds the check lists: what `lab check --watch` watches for it. */
  reads(check: C): TypeRef[];
  /** Whether the check reads the learner's folder (then `--watch` watches that folder too). */
  readonly readsFiles: boolean;
  /** A problem the schema cannot express (fields that exclude each other, say), found when the lab is loaded. */
  problem(check: C): CheckProblem | undefined;
  /**
   * Runs the check against one namespace. Messages are in `view.lang`.
   * @throws whatever reading the cluster throws; the engine turns it into that check's failure
   */
  run(check: C, view: NamespaceView): Promise<Outcome>;
}

/** A check kind: its `type` in lab files, its schema, and its behaviour. */
export interface CheckKind<T extends string, E extends v.ObjectEntries> extends CheckBehaviour<CheckData<T, E>> {
  readonly type: T;
  /** What a check of this kind proves, in a sentence or two for lab authors (docs/lab.schema.json shows it). */
  readonly description: string;
  readonly schema: CheckSchema<T, E>;
}

/** What a check kind module declares: its `type`, its own `fields` (schemas), and its behaviour. */
export interface CheckKindSpec<T extends string, E extends v.ObjectEntries> {
  type: T;
  /** When a check of this kind passes, in a sentence or two for lab authors. */
  description: string;
  /** The kind's fields, besides `id`, `title` and `type` which every check has. */
  fields: E;
  reads: (check: CheckData<T, E>) => TypeRef[];
  /** Default false. */
  readsFiles?: boolean;
  /** Default: none. */
  problem?: (check: CheckData<T, E>) => CheckProblem | undefined;
  run: (check: CheckData<T, E>, view: NamespaceView) => Promise<Outcome>;
}

/**
 * Declares a check kind in one place: the schema of its fields (checked when a lab is loaded,
 * and published in docs/lab.schema.json), the API kinds it reads, and how it runs. List the
 * result in src/checks/kinds/index.ts; the `Check` type, the check types a lab file may use and
 * the registry the engine runs follow from that list.
 */
export function defineCheckKind<const T extends string, const E extends v.ObjectEntries>(
  spec: CheckKindSpec<T, E>,
): CheckKind<T, E> {
  const entries = { ...checkBase, type: v.literal(spec.type), ...spec.fields } as CheckEntries<T, E>;
  return {
    type: spec.type,
    description: spec.description,
    schema: v.strictObject(entries),
    reads: spec.reads,
    readsFiles: spec.readsFiles ?? false,
    problem: spec.problem ?? (() => undefined),
    run: spec.run,
  };
}
