/**
 * Schemas (valibot) of the fields check kinds share: ids, texts, object references, label
 * selectors, object sets. The lab-file schema (src/labs/schema.ts) uses them too.
 */
import * as v from 'valibot';

/** Text in both languages of the notes, or one string used for both. */
export const LocalText = v.union(
  [v.string(), v.strictObject({ en: v.string(), ko: v.string() })],
  'expected a text, or { en: ..., ko: ... }',
);
export type LocalText = v.InferOutput<typeof LocalText>;

/** A stable id: lower-case letters, digits and dashes, starting with a letter or digit. */
export const Id = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes'));

/** Label keys to values. */
export const LabelMap = v.record(v.string(), v.string());

/** A fragment of an object, matched partially (src/checks/match.ts). */
export const Expect = v.record(v.string(), v.unknown());

/** A meta/v1 LabelSelector, or a plain label map taken as matchLabels. */
export const Selector = v.union(
  [
    v.strictObject({
      matchLabels: v.optional(LabelMap),
      matchExpressions: v.optional(
        v.array(
          v.strictObject({
            key: v.string(),
            operator: v.picklist(['In', 'NotIn', 'Exists', 'DoesNotExist']),
            values: v.optional(v.array(v.string())),
          }),
        ),
      ),
    }),
    LabelMap,
  ],
  'expected a label map, or { matchLabels, matchExpressions }',
);

/** One object in the lab namespace, by type and name. */
export const ObjectRef = v.strictObject({ apiVersion: v.string(), kind: v.string(), name: v.string() });
export type ObjectRef = v.InferOutput<typeof ObjectRef>;

/** A set of objects of one kind (default: Pods): by names, by label selector, and/or by controller. */
export const ObjectSet = v.strictObject({
  apiVersion: v.optional(v.string(), 'v1'),
  kind: v.optional(v.string(), 'Pod'),
  names: v.optional(v.pipe(v.array(v.string()), v.minLength(1))),
  selector: v.optional(Selector),
  /** Only objects whose controller (ownerReferences, controller: true) is this object. */
  controlledBy: v.optional(ObjectRef),
});
export type ObjectSet = v.InferOutput<typeof ObjectSet>;

/**
 * Hints for the mistake a failing check reveals: `lab hint` shows them (before the task's
 * own hints) when this check fails, the first failing check with hints winning.
 */
export const CheckHints = v.pipe(
  v.array(LocalText),
  v.description('`lab hint` shows these first when this check fails: hints for the mistake it reveals.'),
);

/** The fields every check has, whatever its kind. */
export const checkBase = {
  /** Stable id, unique in the lab; used in JSON and JUnit output. */
  id: Id,
  title: LocalText,
  hints: v.optional(CheckHints),
};

/** The API kinds resolving an object set lists: the set's kind, and its controller's kind. */
export const setKinds = (set: ObjectSet): { apiVersion: string; kind: string }[] => [
  { apiVersion: set.apiVersion, kind: set.kind },
  ...(set.controlledBy ? [{ apiVersion: set.controlledBy.apiVersion, kind: set.controlledBy.kind }] : []),
];
