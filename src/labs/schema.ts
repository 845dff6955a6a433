import { z } from 'zod';

/** Text in both languages of the notes, or one string used for both. */
export const LocalText = z.union([z.string(), z.object({ en: z.string(), ko: z.string() }).strict()]);
export type LocalText = z.infer<typeof LocalText>;

const labelMap = z.record(z.string(), z.string());

/** A meta/v1 LabelSelector, or a plain label map taken as matchLabels. */
const Selector = z.union([
  z
    .object({
      matchLabels: labelMap.optional(),
      matchExpressions: z
        .array(z.object({ key: z.string(), operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']), values: z.array(z.string()).optional() }).strict())
        .optional(),
    })
    .strict(),
  labelMap,
]);

/** One object in the lab namespace, by type and name. */
const Target = z
  .object({
    apiVersion: z.string(),
    kind: z.string(),
    name: z.string(),
  })
  .strict();

const base = {
  /** Stable id, unique in the lab; used in JSON and JUnit output. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes'),
  title: LocalText,
};

/** `object`: the object exists, and its fields partially match `expect`. */
const ObjectCheck = z.object({ ...base, type: z.literal('object'), target: Target, expect: z.record(z.string(), z.unknown()).optional() }).strict();

/** `selector`: the object's label selector selects `labels`, and/or its own template's labels. */
const SelectorCheck = z
  .object({
    ...base,
    type: z.literal('selector'),
    target: Target,
    /** Dotted path of the selector in the object (default `spec.selector`). */
    path: z.string().default('spec.selector'),
    selects: labelMap.optional(),
    selectsTemplate: z.boolean().default(false),
  })
  .strict();

/** `pods-ready`: exactly `count` Pods matching `selector` are Ready. */
const PodsReadyCheck = z.object({ ...base, type: z.literal('pods-ready'), selector: Selector, count: z.number().int().min(0) }).strict();

/** `owned-by`: the Pods named, or matching `selector`, have `owner` as their controller in ownerReferences. */
const OwnedByCheck = z
  .object({
    ...base,
    type: z.literal('owned-by'),
    pods: z.union([z.object({ names: z.array(z.string()).min(1) }).strict(), z.object({ selector: Selector }).strict()]),
    owner: z.object({ apiVersion: z.string(), kind: z.string(), name: z.string() }).strict(),
  })
  .strict();

export const CHECK_TYPES = ['object', 'selector', 'pods-ready', 'owned-by'] as const;

export const Check = z.discriminatedUnion('type', [ObjectCheck, SelectorCheck, PodsReadyCheck, OwnedByCheck]);
export type Check = z.infer<typeof Check>;
export type CheckOf<T extends Check['type']> = Extract<Check, { type: T }>;

/**
 * One step of a reference solution. `run` is what the learner would type (always
 * shown); the action fields say what `lab solution --apply` does through the API.
 */
const SolutionStep = z
  .object({
    run: z.string(),
    /** Apply the manifests of this file (path from the content root). */
    apply: z.string().optional(),
    /** Set replicas through the scale subresource, as `kubectl scale` does. */
    scale: z.object({ apiVersion: z.string(), kind: z.string(), name: z.string(), replicas: z.number().int().min(0) }).strict().optional(),
  })
  .strict();
export type SolutionStep = z.infer<typeof SolutionStep>;

const Task = z
  .object({
    id: base.id,
    title: LocalText,
    text: LocalText,
    /** From a nudge to the exact command. */
    hints: z.array(LocalText).default([]),
    points: z.number().int().positive().default(1),
    solution: z.array(SolutionStep).min(1),
    checks: z.array(Check).min(1),
  })
  .strict();
export type Task = z.infer<typeof Task>;

/** A lab definition file, labs/<id>/lab.yaml. */
export const LabFile = z
  .object({
    id: base.id,
    title: LocalText,
    /** The CKA curriculum domain, e.g. "Workloads & Scheduling". */
    domain: z.string(),
    /** Note id: notes/<note>.md (Korean) and notes/<note>.en.md (English). */
    note: z.string(),
    /** Manifests applied by `lab start`, paths from the content root. */
    setup: z.array(z.string()).default([]),
    tasks: z.array(Task).min(1),
  })
  .strict();
export type LabFile = z.infer<typeof LabFile>;
