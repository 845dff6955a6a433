import { mkdirSync, readFileSync } from 'node:fs';
import writeFileAtomic from 'write-file-atomic';
import { ClusterError, UsageError } from '../errors.js';
import { say } from '../i18n/current.js';
import type { KubeClient } from '../kube/client.js';
import { createLabNamespace, LAB_LABEL } from '../kube/namespace.js';
import type { KubeObject } from '../kube/types.js';
import type { Lab } from '../labs/lab.js';
import { startLab } from '../labs/lifecycle.js';
import type { Log } from '../util/log.js';
import { unfitReason } from './fit.js';
import { learnerKubeconfig, type LearnerAccess } from './kubeconfig.js';
import {
  CLASS_LABEL,
  classNamespace,
  isClassName,
  labNamespaceLabels,
  learnerNamespace,
  learnerPrefix,
  learnerRoleName,
  serviceAccountName,
} from './names.js';
import { accountsNamespace, learnerAccount, learnerBinding, learnerRole, type ClassPlan } from './objects.js';
import { classDir, learnerKubeconfigPath } from './paths.js';
import { eachLimited } from './pool.js';

const NAMESPACE = { apiVersion: 'v1', kind: 'Namespace' } as const;
/** How many learners are set up at once. */
const PARALLEL = 8;

/** Options for {@link createClass}. */
export interface CreateOptions {
  log: Log;
  /** How long the learners' tokens are valid, in seconds (the API server may shorten it). */
  expirationSeconds: number;
  /** The API server URL written in the learners' kubeconfigs (default: the instructor's). */
  server?: string;
}

/** What {@link createClass} made: each learner's kubeconfig file, and when their tokens expire. */
export interface CreatedClass {
  kubeconfigs: { learner: string; file: string }[];
  /** The earliest token expiry (RFC 3339), as the API server set it. */
  expires: string;
}

/**
 * Refuses a class that cannot be made: a bad class or learner name, no learners or labs, a
 * namespace name over 63 characters, or a lab learners cannot do with rights in their own
 * namespaces only (see {@link unfitReason}).
 * @throws UsageError, one sentence saying what to change
 */
export function assertPlan(plan: ClassPlan, labs: readonly Lab[]): void {
  if (plan.learners.length === 0) throw new UsageError(say('class.noLearners'));
  if (plan.labs.length === 0) throw new UsageError(say('class.noLabs'));
  for (const name of [plan.name, ...plan.learners])
    if (!isClassName(name)) throw new UsageError(say('class.badName', { name }));
  if (new Set(plan.learners).size !== plan.learners.length)
    throw new UsageError(say('class.duplicateLearner', { learners: plan.learners.join(',') }));
  for (const lab of labs) {
    const reason = unfitReason(lab);
    if (reason) throw new UsageError(say(reason, { lab: lab.id }));
  }
  for (const learner of plan.learners)
    for (const lab of plan.labs) {
      const ns = learnerNamespace(plan.name, learner, lab);
      if (ns.length > 63) throw new UsageError(say('class.nameTooLong', { ns }));
    }
}

/**
 * `lab class create`: makes a class on the cluster the instructor's client reaches. For the
 * class: a namespace for its ServiceAccounts (`<class>-class`) and the learners' ClusterRole
 * (`<class>-cka-lab-learner`), labelled as cka-lab's and the class's. For each learner: a
 * ServiceAccount, and for each lab a namespace `<class>-<learner>-<lab>` with the lab's setup
 * applied (as `lab start` would) and a RoleBinding to the ClusterRole there, so the learner's
 * rights end at their namespaces; then a token (TokenRequest API) and a kubeconfig in cka-lab's
 * state folder (mode 0600). Running it again adds missing learners and labs and renews tokens.
 * @throws UsageError for a bad plan (see {@link assertPlan}) or a namespace or ClusterRole of
 *   that name that is not this class's; ClusterError when a setup does not become ready;
 *   AccessError when the instructor may not create these objects
 */
export async function createClass(
  client: KubeClient,
  plan: ClassPlan,
  labs: readonly Lab[],
  options: CreateOptions,
): Promise<CreatedClass> {
  assertPlan(plan, labs);
  const klass = plan.name;
  await claimRole(client, klass);
  await ensureNamespace(client, accountsNamespace(klass));
  await client.apply(learnerRole(klass));
  const access = instructorAccess(client, options.server);
  mkdirSync(classDir(klass), { recursive: true, mode: 0o700 });

  const made = await eachLimited(plan.learners, PARALLEL, async (learner) => {
    await client.apply(learnerAccount(klass, learner));
    for (const lab of labs) await seat(client, klass, learner, lab, options.log);
    const { token, expires } = await requestToken(client, klass, learner, options.expirationSeconds);
    const file = learnerKubeconfigPath(klass, learner);
    const ext = { class: klass, learner, namespacePrefix: learnerPrefix(klass, learner) };
    const text = learnerKubeconfig(ext, { ...access, token }, learnerNamespace(klass, learner, labs[0]!.id));
    writeFileAtomic.sync(file, text, { mode: 0o600 });
    return { learner, file, expires };
  });
  const expires = made.map((m) => m.expires).sort()[0] ?? '';
  return { kubeconfigs: made.map(({ learner, file }) => ({ learner, file })), expires };
}

/** Makes one learner's namespace of one lab, with the lab's setup, and binds the learner's role there. */
async function seat(client: KubeClient, klass: string, learner: string, lab: Lab, log: Log): Promise<void> {
  const ns = learnerNamespace(klass, learner, lab.id);
  const existing = await client.get(NAMESPACE, ns);
  const want = labNamespaceLabels(klass, learner, lab.id);
  const labels = existing?.metadata?.labels ?? {};
  if (existing && Object.entries(want).some(([k, v]) => labels[k] !== v))
    throw new UsageError(say('class.taken', { ns, klass, learner }));
  if (!existing) {
    await createLabNamespace(client, ns, lab.id); // waits for the default ServiceAccount
    await client.patch(NAMESPACE, ns, undefined, { metadata: { labels: want } });
  }
  await client.apply(learnerBinding(klass, learner, lab.id));
  if (!existing) await startLab(lab, client, ns, log);
}

/**
 * Refuses a class whose ClusterRole name is taken by something that is not this class's.
 * @throws UsageError naming the ClusterRole
 */
async function claimRole(client: KubeClient, klass: string): Promise<void> {
  const name = learnerRoleName(klass);
  const role = await client.get({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole' }, name);
  if (role && role.metadata?.labels?.[CLASS_LABEL] !== klass)
    throw new UsageError(say('class.roleTaken', { name, klass }));
}

/**
 * Creates the class's own namespace, or accepts it when it is this class's already.
 * @throws UsageError when a namespace of that name belongs to someone else
 */
async function ensureNamespace(client: KubeClient, ns: KubeObject): Promise<void> {
  const name = ns.metadata!.name!;
  const klass = ns.metadata!.labels![CLASS_LABEL]!;
  const existing = await client.get(NAMESPACE, name);
  if (!existing) await client.create(ns);
  else if (existing.metadata?.labels?.[CLASS_LABEL] !== klass || existing.metadata?.labels?.[LAB_LABEL])
    throw new UsageError(say('class.taken', { ns: name, klass, learner: '-' }));
}

/**
 * A token for a learner's ServiceAccount from the TokenRequest API (authentication.k8s.io/v1,
 * POST serviceaccounts/<name>/token).
 * @throws ClusterError when the answer holds no token
 */
async function requestToken(
  client: KubeClient,
  klass: string,
  learner: string,
  expirationSeconds: number,
): Promise<{ token: string; expires: string }> {
  const path = `/api/v1/namespaces/${classNamespace(klass)}/serviceaccounts/` + `${serviceAccountName(learner)}/token`;
  const answer = await client.request<{ status?: { token?: string; expirationTimestamp?: string } }>('POST', path, {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: { expirationSeconds },
  });
  const token = answer.status?.token;
  if (!token) throw new ClusterError(say('class.noToken', { learner }));
  return { token, expires: answer.status?.expirationTimestamp ?? '' };
}

/**
 * The server and CA the learners' kubeconfigs use: those of the instructor's current context
 * (a CA file is read and inlined, so the kubeconfig stands alone), the server overridable.
 */
function instructorAccess(client: KubeClient, server?: string): Omit<LearnerAccess, 'token'> {
  const cluster = client.kubeConfig.getCurrentCluster();
  const caData = cluster?.caData ?? (cluster?.caFile ? readFileSync(cluster.caFile).toString('base64') : undefined);
  return { server: server ?? client.server, caData, insecure: cluster?.skipTLSVerify || undefined };
}
