import { readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { parse, stringify } from 'yaml';
import { UsageError } from '../errors.js';
import { say } from '../i18n/current.js';
import { xdgDir } from '../util/paths.js';

/**
 * The kubectl contexts of a mock exam, as in the real CKA ("use context k8s-c2"): question N
 * gets context `k8s-cN`, a copy of the exam's base context (same cluster and user) whose
 * default namespace is the question's namespace. Work done without switching lands in another
 * question's namespace, where that question's checks do not look.
 */
export interface ExamContext {
  /** `k8s-c<question number>`. */
  name: string;
  /** The question's namespace, the context's default. */
  namespace: string;
}

/** The context of question `n` (1-based): `k8s-c1`, `k8s-c2`... */
export const examContextName = (n: number): string => `k8s-c${n}`;

/** The names {@link examContextName} gives, so a start can drop those a crashed exam left. */
const EXAM_CONTEXT = /^k8s-c\d+$/;

interface KubeconfigFile {
  'current-context'?: string;
  contexts?: { name: string; context: { cluster?: string; user?: string; namespace?: string } }[];
  [key: string]: unknown;
}

/**
 * Whether `file` is a kubeconfig cka-lab wrote: it lies inside cka-lab's state folder
 * (`<XDG state>/cka-lab`, compared as real paths), the folder the local and k3s drivers keep
 * theirs in. Only such a file gets exam contexts; a user's kubeconfig is never written.
 */
export function isOwnKubeconfig(file: string): boolean {
  try {
    const rel = relative(realpathSync(xdgDir('state')), realpathSync(file));
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  } catch {
    return false; // no state folder or no such file: not one of ours
  }
}

function read(kubeconfig: string): KubeconfigFile {
  return (parse(readFileSync(kubeconfig, 'utf8')) ?? {}) as KubeconfigFile;
}

/**
 * Adds one context per exam question to cka-lab's own kubeconfig, each a copy of the base
 * context with the question's namespace, and makes the first one current (as the real exam
 * starts you somewhere: each question says which context to use). Contexts named `k8s-c<N>`
 * left by an earlier exam are replaced. Atomic write, mode 0600.
 * @param base the context to copy (default the current one)
 * @returns the context that was current before, to restore with {@link removeExamContexts}
 * @throws UsageError when the base context is not in the file; an fs error when it cannot be read or written
 */
export function addExamContexts(
  kubeconfig: string,
  contexts: readonly ExamContext[],
  base?: string,
): { previous?: string } {
  const config = read(kubeconfig);
  const previous = config['current-context'];
  const from = config.contexts?.find((c) => c.name === (base ?? previous));
  if (!from) throw new UsageError(say('exam.noBaseContext', { kubeconfig, context: base ?? previous ?? '-' }));
  const kept = (config.contexts ?? []).filter((c) => !EXAM_CONTEXT.test(c.name));
  const added = contexts.map((c) => ({
    name: c.name,
    context: { cluster: from.context.cluster, user: from.context.user, namespace: c.namespace },
  }));
  config.contexts = [...kept, ...added];
  if (added[0]) config['current-context'] = added[0].name;
  writeFileAtomic.sync(kubeconfig, stringify(config), { mode: 0o600 });
  return { previous: previous && !EXAM_CONTEXT.test(previous) ? previous : undefined };
}

/**
 * Removes the exam's contexts (`k8s-c<N>`) from cka-lab's own kubeconfig after the exam; when
 * one of them is current, `previous` (if it is still there) becomes current again. Nothing
 * is written when there is nothing to remove, and a missing file is no error.
 * @returns the names removed
 */
export function removeExamContexts(kubeconfig: string, previous?: string): string[] {
  let config: KubeconfigFile;
  try {
    config = read(kubeconfig);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const removed = (config.contexts ?? []).filter((c) => EXAM_CONTEXT.test(c.name)).map((c) => c.name);
  if (removed.length === 0) return [];
  config.contexts = (config.contexts ?? []).filter((c) => !EXAM_CONTEXT.test(c.name));
  const current = config['current-context'];
  if (current !== undefined && EXAM_CONTEXT.test(current)) {
    const back = config.contexts.find((c) => c.name === previous) ?? config.contexts[0];
    if (back) config['current-context'] = back.name;
    else delete config['current-context'];
  }
  writeFileAtomic.sync(kubeconfig, stringify(config), { mode: 0o600 });
  return removed;
}
