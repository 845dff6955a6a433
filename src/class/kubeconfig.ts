import { readFileSync } from 'node:fs';
// js-yaml: what client-node parses kubeconfigs with, so reading one here adds no module to start-up.
import { dump, load } from 'js-yaml';
import { kubeconfigFiles, type KubeTarget } from '../kube/config.js';

/** The name of the context extension that marks a learner's kubeconfig (kubeconfig `extensions`). */
export const CLASS_EXTENSION = 'cka-lab.dev/class';

/** What a learner's kubeconfig says of its class, in its context's `extensions`. */
export interface ClassExtension {
  class: string;
  learner: string;
  /** Prepended to a lab id to give the learner's namespace of that lab: `<class>-<learner>-`. */
  namespacePrefix: string;
}

/** The connection a learner's kubeconfig uses: the instructor's server and CA, the learner's token. */
export interface LearnerAccess {
  server: string;
  /** The cluster CA certificate(s), PEM, base64-encoded as kubeconfig's `certificate-authority-data`. */
  caData?: string;
  insecure?: boolean;
  token: string;
}

/**
 * A learner's kubeconfig (YAML): one cluster, one user with the ServiceAccount's token, one
 * context `<class>-<learner>` whose namespace is the learner's first lab and whose extension
 * {@link CLASS_EXTENSION} tells `lab start/check` the learner's namespace of every lab.
 */
export function learnerKubeconfig(ext: ClassExtension, access: LearnerAccess, firstNamespace: string): string {
  const name = `${ext.class}-${ext.learner}`;
  const cluster: Record<string, unknown> = { server: access.server };
  if (access.caData) cluster['certificate-authority-data'] = access.caData;
  if (access.insecure) cluster['insecure-skip-tls-verify'] = true;
  return dump({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: ext.class, cluster }],
    users: [{ name, user: { token: access.token } }],
    contexts: [
      {
        name,
        context: {
          cluster: ext.class,
          user: name,
          namespace: firstNamespace,
          extensions: [{ name: CLASS_EXTENSION, extension: { ...ext } }],
        },
      },
    ],
    'current-context': name,
  });
}

interface ContextEntry {
  name?: string;
  context?: { extensions?: { name?: string; extension?: Partial<ClassExtension> }[] };
}

/**
 * The class extension of the context a command uses (`--context`, else the first
 * `current-context` of the kubeconfig files kubectl would read), or undefined: no kubeconfig
 * named (`--kubeconfig`, `--context`, KUBECONFIG: cka-lab's own cluster), no such file, not a
 * learner's kubeconfig, or a malformed one (the connection itself reports that).
 */
export function classExtension(target: KubeTarget): ClassExtension | undefined {
  // Without --kubeconfig, --context or KUBECONFIG, cka-lab uses its own cluster (cluster/connect.ts),
  // whatever ~/.kube/config says: no class then.
  if (!target.kubeconfig && !target.context && !process.env.KUBECONFIG) return undefined;
  try {
    const docs = kubeconfigFiles(target).map(
      (f) => (load(readFileSync(f, 'utf8')) ?? {}) as { 'current-context'?: string; contexts?: ContextEntry[] },
    );
    const current = target.context ?? docs.map((d) => d['current-context']).find(Boolean);
    const entry = docs.flatMap((d) => d.contexts ?? []).find((c) => c.name === current);
    const ext = entry?.context?.extensions?.find((e) => e.name === CLASS_EXTENSION)?.extension;
    if (ext && typeof ext.namespacePrefix === 'string' && typeof ext.class === 'string')
      return { class: ext.class, learner: String(ext.learner ?? ''), namespacePrefix: ext.namespacePrefix };
  } catch {
    // not readable here: an ordinary kubeconfig as far as the class is concerned
  }
  return undefined;
}

/**
 * The learner's namespace of a lab when the command runs with a learner's kubeconfig
 * (`<class>-<learner>-<lab>`), else undefined (the lab's own `lab-<id>`).
 */
export function classLabNamespace(target: KubeTarget, labId: string): string | undefined {
  const ext = classExtension(target);
  return ext ? `${ext.namespacePrefix}${labId}` : undefined;
}
