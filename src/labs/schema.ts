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
    /** Labels of Pods the selector must NOT select (a selector that is too broad). */
    excludes: labelMap.optional(),
    selectsTemplate: z.boolean().default(false),
  })
  .strict();

/** `pods-ready`: exactly `count` of the Pods matching `selector` (or named in `names`) are Ready. */
const PodsReadyCheck = z
  .object({ ...base, type: z.literal('pods-ready'), selector: Selector.optional(), names: z.array(z.string()).min(1).optional(), count: z.number().int().min(0) })
  .strict()
  .refine((c) => Boolean(c.selector) !== Boolean(c.names), { message: 'give either selector or names', path: ['selector'] });

const ObjectRef = z.object({ apiVersion: z.string(), kind: z.string(), name: z.string() }).strict();

/** A set of objects of one kind: by names, by label selector, and/or by controller. */
const ObjectSet = z
  .object({
    apiVersion: z.string().default('v1'),
    kind: z.string().default('Pod'),
    names: z.array(z.string()).min(1).optional(),
    selector: Selector.optional(),
    /** Only objects whose controller (ownerReferences, controller: true) is this object. */
    controlledBy: ObjectRef.optional(),
  })
  .strict();
export type ObjectSet = z.infer<typeof ObjectSet>;

/**
 * `owned-by`: every object of the set has, as its controller in ownerReferences,
 * `owner` itself, or (with `owner.controlledBy`) any object of `owner.kind` that is in
 * turn controlled by it: Pods → some ReplicaSet → Deployment nginx.
 */
const OwnedByCheck = z
  .object({
    ...base,
    type: z.literal('owned-by'),
    objects: ObjectSet,
    owner: z.union([ObjectRef, z.object({ apiVersion: z.string(), kind: z.string(), controlledBy: ObjectRef }).strict()]),
  })
  .strict();

/** `any`: at least `min` (default 1) objects of the set match `expect` (partial match). */
const AnyCheck = z
  .object({ ...base, type: z.literal('any'), objects: ObjectSet, expect: z.record(z.string(), z.unknown()).default({}), min: z.number().int().min(1).default(1) })
  .strict();

/** `endpoints`: the Service's EndpointSlices list every Ready Pod it selects, and nothing else; at least `min` of them. */
const EndpointsCheck = z
  .object({
    ...base,
    type: z.literal('endpoints'),
    service: z.string(),
    min: z.number().int().min(0).default(1),
    /** The container port traffic must reach (resolves a named targetPort), e.g. 80. */
    port: z.number().int().min(1).max(65535).optional(),
  })
  .strict();

/** `absent`: no object of the set exists (e.g. a dry run must not have created the Pod). */
const AbsentCheck = z.object({ ...base, type: z.literal('absent'), objects: ObjectSet }).strict();

/** `file`: a file in the learner's folder exists, parses as YAML/JSON, and partially matches `expect`. */
const FileCheck = z.object({ ...base, type: z.literal('file'), path: z.string(), expect: z.record(z.string(), z.unknown()).default({}) }).strict();

/** `rollout`: the Deployment's rollout is complete (all replicas updated and available), optionally at `revision`. */
const RolloutCheck = z
  .object({ ...base, type: z.literal('rollout'), deployment: z.string(), revision: z.number().int().min(1).optional(), minRevision: z.number().int().min(1).optional() })
  .strict();

export const CHECK_TYPES = ['object', 'selector', 'pods-ready', 'owned-by', 'any', 'endpoints', 'file', 'rollout', 'absent'] as const;

export const Check = z.discriminatedUnion('type', [ObjectCheck, SelectorCheck, PodsReadyCheck, OwnedByCheck, AnyCheck, EndpointsCheck, FileCheck, RolloutCheck, AbsentCheck]);
export type Check = z.infer<typeof Check>;
export type CheckOf<T extends Check['type']> = Extract<Check, { type: T }>;

/**
 * One action on the cluster or the learner's folder, as a learner would do it with
 * kubectl. `run` is the command shown; the other fields say what cka-lab does through
 * the API (for `lab solution --apply` and `lab validate`).
 */
export const Step = z
  .object({
    run: z.string().optional(),
    /** Apply the manifests of this file (path from the content root) to the lab namespace. */
    apply: z.string().optional(),
    /** Set replicas through the scale subresource, as `kubectl scale` does. */
    scale: ObjectRef.extend({ replicas: z.number().int().min(0) }).strict().optional(),
    /** A strategic merge patch, as `kubectl patch`, `kubectl set image` or `kubectl edit` make. */
    patch: ObjectRef.extend({ patch: z.record(z.string(), z.unknown()) }).strict().optional(),
    delete: ObjectRef.optional(),
    /** `kubectl rollout undo deployment/<name>`. */
    rolloutUndo: z.object({ name: z.string() }).strict().optional(),
    /** Write a file in the learner's folder: a copy of `from` (content root), or `content`. */
    writeFile: z.object({ path: z.string(), from: z.string().optional(), content: z.string().optional() }).strict().optional(),
  })
  .strict();
export type Step = z.infer<typeof Step>;

/** A reference solution step: its command is always shown. */
const SolutionStep = Step.extend({ run: z.string() }).strict();

/** A plausible wrong answer: after it, the checks in `fails` must fail (with `message` in their text). */
const WrongAnswer = z
  .object({
    name: z.string(),
    steps: z.array(Step).min(1),
    fails: z.array(z.string()).min(1),
    message: z.string().optional(),
  })
  .strict();
export type WrongAnswer = z.infer<typeof WrongAnswer>;

/** Another correct answer: after it, every check of the task must pass. */
const Alternative = z.object({ name: z.string(), steps: z.array(Step).min(1) }).strict();
export type Alternative = z.infer<typeof Alternative>;

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
    /** Proven by `lab validate`: each must fail the checks it names. */
    wrong: z.array(WrongAnswer).default([]),
    /** Proven by `lab validate`: each must pass every check of the task. */
    alternatives: z.array(Alternative).default([]),
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
    /**
     * The cluster-scoped kinds the lab's manifests may create (see src/labs/scope.ts), e.g.
     * `[ClusterRole, PersistentVolume]`. Their objects must be named `<lab id>-...`; cka-lab
     * labels them as the lab's and deletes them on reset. Any other cluster-scoped object is refused.
     */
    clusterScoped: z.array(z.string()).default([]),
    tasks: z.array(Task).min(1),
  })
  .strict();
export type LabFile = z.infer<typeof LabFile>;
