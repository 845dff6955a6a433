/**
 * The lab-file schema (valibot), labs/<id>/lab.yaml. The checks' schemas come from their kinds
 * (src/checks/kinds/); docs/lab.schema.json is generated from this file (`npm run schema`).
 */
import * as v from 'valibot';
import { Check, type CheckOf } from '../checks/kinds/index.js';
import { Expect, Id, LocalText, ObjectRef, type ObjectSet } from '../checks/kinds/fields.js';
import { TOOL_NAMES } from '../cluster/tool-names.js';

export { Check, LocalText, type CheckOf, type ObjectSet };

const int = (min: number) => v.pipe(v.number(), v.integer(), v.minValue(min));

/** A schema with a description, for editors (docs/lab.schema.json). */
const doc = <S extends v.GenericSchema>(schema: S, text: string) => v.pipe(schema, v.description(text));

/**
 * One action on the cluster or the learner's folder, as a learner would do it with
 * kubectl. `run` is the command shown; the other fields say what cka-lab does through
 * the API (for `lab solution --apply` and `lab validate`).
 */
const stepEntries = {
  run: v.optional(doc(v.string(), 'The command shown to the learner.')),
  /** Apply the manifests of this file (path from the content root) to the lab namespace. */
  apply: v.optional(
    doc(
      v.string(),
      'Server-side apply of every object in this file (path from the repository root) into the lab namespace.',
    ),
  ),
  /** Set replicas through the scale subresource, as `kubectl scale` does. */
  scale: v.optional(
    doc(
      v.strictObject({ ...ObjectRef.entries, replicas: int(0) }),
      'Set replicas through the scale subresource, as kubectl scale.',
    ),
  ),
  /** A strategic merge patch, as `kubectl patch`, `kubectl set image` or `kubectl edit` make. */
  patch: v.optional(
    doc(
      v.strictObject({ ...ObjectRef.entries, patch: Expect }),
      'A strategic merge patch, as kubectl patch, set image or edit.',
    ),
  ),
  delete: v.optional(doc(ObjectRef, 'Delete the object and wait until it is gone, as kubectl delete.')),
  /** `kubectl rollout undo deployment/<name>`. */
  rolloutUndo: v.optional(
    doc(
      v.strictObject({ name: v.string() }),
      "The previous revision's Pod template, as kubectl rollout undo deployment/<name>.",
    ),
  ),
  /** Run `run` itself, as the learner would type it (src/labs/exec-step.ts). */
  exec: v.optional(
    doc(
      v.boolean(),
      "Run the `run` command with /bin/sh in the learner's folder, kubectl's context set to the lab " +
        "namespace and cka-lab's tools on PATH (helm, kubectl apply -k, drain, taint...).",
    ),
  ),
  /** With `exec`: a non-zero exit is part of the answer (a command kubectl refuses). */
  mayFail: v.optional(doc(v.boolean(), 'With exec: the command may exit non-zero (a mistake kubectl refuses).')),
  /** Write a file in the learner's folder: a copy of `from` (content root), or `content`. */
  writeFile: v.optional(
    doc(
      v.strictObject({ path: v.string(), from: v.optional(v.string()), content: v.optional(v.string()) }),
      "A file in the learner's folder: a copy of `from` (repository root), or `content`.",
    ),
  ),
};
export const Step = v.strictObject(stepEntries);
export type Step = v.InferOutput<typeof Step>;

/** A reference solution step: its command is always shown. */
const SolutionStep = v.strictObject({ ...stepEntries, run: v.string() });

const steps = v.pipe(v.array(Step), v.minLength(1));

/**
 * A plausible wrong answer: after it, the checks in `fails` must fail (with `message` in their
 * text). Its `hints` are what `lab hint` shows first when a failing check of `fails` says `message`.
 */
const WrongAnswer = v.strictObject({
  name: v.string(),
  steps,
  fails: v.pipe(v.array(v.string()), v.minLength(1)),
  message: v.optional(
    doc(v.string(), 'Text (English) that one of the failing checks says after this mistake, and only then.'),
  ),
  hints: v.optional(
    doc(
      v.array(LocalText),
      '`lab hint` shows these first when a check in `fails` fails saying `message` (which they need).',
    ),
  ),
});
export type WrongAnswer = v.InferOutput<typeof WrongAnswer>;

/** Another correct answer: after it, every check of the task must pass. */
const Alternative = v.strictObject({ name: v.string(), steps });
export type Alternative = v.InferOutput<typeof Alternative>;

const Task = v.strictObject({
  id: Id,
  title: LocalText,
  text: LocalText,
  /** From a nudge to the exact command. */
  hints: v.optional(
    doc(
      v.array(LocalText),
      '`lab hint` shows them in order, a nudge first and the exact command last, after the hints of the mistake.',
    ),
    () => [],
  ),
  points: v.optional(doc(int(1), 'Weight in mock exams.'), 1),
  solution: doc(
    v.pipe(v.array(SolutionStep), v.minLength(1)),
    'The reference solution: steps, each with its `run` command.',
  ),
  checks: doc(
    v.pipe(v.array(Check), v.minLength(1)),
    'What `lab check` checks; each check has an id unique in the lab.',
  ),
  /** Proven by `lab validate`: each must fail the checks it names. */
  wrong: v.optional(
    doc(v.array(WrongAnswer), 'Plausible mistakes; `lab validate` proves each fails the checks it names.'),
    () => [],
  ),
  /** Proven by `lab validate`: each must pass every check of the task. */
  alternatives: v.optional(
    doc(v.array(Alternative), 'Other correct answers; `lab validate` proves each passes every check of the task.'),
    () => [],
  ),
});
export type Task = v.InferOutput<typeof Task>;

/** A lab definition file, labs/<id>/lab.yaml. */
export const LabFile = v.strictObject({
  id: Id,
  title: LocalText,
  /** The CKA curriculum domain, e.g. "Workloads & Scheduling". */
  domain: doc(v.string(), 'The CKA curriculum domain, e.g. Workloads & Scheduling.'),
  /** Note id: notes/<note>.md (Korean) and notes/<note>.en.md (English). */
  note: doc(v.string(), 'The note: notes/<note>.md (Korean) and notes/<note>.en.md (English).'),
  /** Manifests applied by `lab start`, paths from the content root. */
  setup: v.optional(
    doc(v.array(v.string()), 'Manifests applied by `lab start` and `lab reset`, paths from the repository root.'),
    () => [],
  ),
  /**
   * The cluster-scoped kinds the lab's manifests may create (see src/labs/scope.ts), e.g.
   * `[ClusterRole, PersistentVolume]`. Their objects must be named `<lab id>-...`; cka-lab
   * labels them as the lab's and deletes them on reset. Any other cluster-scoped object is refused.
   */
  clusterScoped: v.optional(
    doc(v.array(v.string()), 'The cluster-scoped kinds the manifests may create; their objects are named <lab id>-...'),
    () => [],
  ),
  /**
   * What the lab needs from the cluster beyond the API: `runtime` for real containers (logs,
   * exec, DNS, traffic between Pods). `lab start` refuses a cluster without a node that runs them
   * and says how to get one; on the local cluster the lab's Pods go to its real node. `nodes`: the
   * lab brings its own simulated Nodes (src/labs/lab-nodes.ts; the local cluster only), and its
   * Pods run only on them. `metrics` and `agent`: metrics-server and cka-lab-agent, which a local
   * cluster started without Go lacks; `lab start` then refuses the lab (src/labs/runtime.ts).
   * `gateway-api`: the Gateway API CRDs, which `lab start` installs into the local cluster as a
   * cka-lab component and requires of any other cluster (src/cluster/gateway-crds.ts).
   */
  requires: v.optional(
    doc(
      v.array(v.picklist(['runtime', 'nodes', 'metrics', 'agent', 'gateway-api'])),
      'What the lab needs from the cluster: runtime = real containers (logs, exec, DNS, Pod traffic); ' +
        'nodes = its own simulated Nodes (declare Node in clusterScoped; the local cluster only); ' +
        'metrics = metrics-server (kubectl top, HPA); agent = cka-lab-agent on the local cluster ' +
        '(CreateContainerConfigError, the Backup operator of the crds lab, Gateway API status); ' +
        'gateway-api = the Gateway API CRDs (installed into the local cluster, required of others).',
    ),
    () => [],
  ),
  /**
   * The command-line tools the lab's tasks use besides kubectl (src/cluster/tool-names.ts):
   * `lab start`, `lab validate` and `lab solution --apply` build them first (src/cluster/tools.ts),
   * and `lab env` and `exec` steps put them on PATH.
   */
  /**
   * Files and folders (paths from the content root) copied into the learner's working folder by
   * `lab start`, `lab reset` and each `lab validate` case, under their own name: a folder
   * `manifests/helm/files/web` becomes `web/` with everything in it (src/labs/lab-files.ts).
   */
  files: v.optional(
    doc(
      v.array(v.string()),
      "Files and folders copied into the learner's folder by lab start and lab reset, under their own name.",
    ),
    () => [],
  ),
  tools: v.optional(
    doc(
      v.array(v.picklist(TOOL_NAMES)),
      'Tools the tasks use besides kubectl (helm, etcdctl, etcdutl): built before the lab starts, ' +
        'on PATH in lab env and exec steps.',
    ),
    () => [],
  ),
  /**
   * What the setup changes in the local cluster's control-plane manifests (a troubleshooting lab's
   * breakage; src/labs/control-plane-setup.ts): in `component`'s manifest the first `from` becomes
   * `to`, and the component restarts with it. cka-lab's own manifests come back before each setup
   * (`lab start`, `lab reset`, each `lab validate` case) and when another lab starts. The local cluster only.
   */
  controlPlane: v.optional(
    doc(
      v.array(
        v.strictObject({
          component: v.picklist(['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']),
          from: v.pipe(v.string(), v.minLength(1)),
          to: v.string(),
        }),
      ),
      "Changes the setup makes to the local cluster's control-plane manifests: in component's manifest " +
        'the first from becomes to. Undone on reset and when another lab starts; local cluster only.',
    ),
    () => [],
  ),
  tasks: v.pipe(v.array(Task), v.minLength(1)),
});
export type LabFile = v.InferOutput<typeof LabFile>;
