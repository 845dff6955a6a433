// The module itself, not the package index: in the CommonJS bundle, the index would
// initialise every module it re-exports (watch, exec, cp...) on every start-up.
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import { readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
// js-yaml, not yaml: client-node parses kubeconfigs with it already, so the shape check adds no module to start-up.
import { load } from 'js-yaml';
import { UsageError } from '../errors.js';

/** Where to find the cluster, in kubectl's terms. */
export interface KubeTarget {
  /** Path to a kubeconfig file; overrides KUBECONFIG. */
  kubeconfig?: string;
  /** Context name inside the kubeconfig; defaults to its current-context. */
  context?: string;
  /** Allow a context that does not look local or lab-managed (`--allow-remote`). */
  allowRemote?: boolean;
}

/** Kubeconfig files larger than this are refused (bytes); real ones are a few KB. */
const MAX_KUBECONFIG_BYTES = 16 * 1024 * 1024;

/**
 * The kubeconfig files kubectl would read: `target.kubeconfig`, else every file in
 * KUBECONFIG (path-delimiter separated, empty entries skipped), else ~/.kube/config.
 */
export function kubeconfigFiles(target: KubeTarget): string[] {
  if (target.kubeconfig) return [target.kubeconfig];
  const env = (process.env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  return env.length > 0 ? env : [join(homedir(), '.kube', 'config')];
}

/** The first line of an error message, for a one-sentence error (js-yaml's messages carry a snippet). */
const firstLine = (err: unknown) =>
  String((err as Error)?.message ?? err)
    .split('\n')[0]!
    .trim();

/** What to do, appended to every kubeconfig error. */
const FIX = 'fix it, or pass a working kubeconfig with --kubeconfig';

/**
 * Reads one kubeconfig file and checks its shape before client-node sees it: a YAML
 * mapping whose clusters, contexts and users (any of them may be absent in one file of
 * several) are lists of entries with a name.
 * @throws UsageError naming the file: missing, a directory, unreadable, too big, empty,
 *   not YAML, not a mapping, or lists of the wrong shape
 */
function checkFile(file: string, from: string): void {
  let text: string;
  try {
    const stat = statSync(file);
    if (stat.isDirectory())
      throw new UsageError(
        `The kubeconfig ${file}${from} is a directory, not a file; ` +
          'pass the kubeconfig file inside it with --kubeconfig.',
      );
    if (stat.size > MAX_KUBECONFIG_BYTES)
      throw new UsageError(
        `The kubeconfig ${file}${from} is ${Math.round(stat.size / 1048576)} MB, too big to be a kubeconfig; ${FIX}.`,
      );
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ENOENT')
      throw new UsageError(`The kubeconfig ${file}${from} does not exist; pass an existing file with --kubeconfig.`, {
        cause: err,
      });
    throw new UsageError(
      `The kubeconfig ${file}${from} cannot be read (${code}); ` +
        'check its permissions, or pass another file with --kubeconfig.',
      { cause: err },
    );
  }
  if (!text.trim()) throw new UsageError(`The kubeconfig ${file}${from} is empty; ${FIX}.`);
  let doc: unknown;
  try {
    doc = load(text);
  } catch (err) {
    const mark = (err as { mark?: { line: number } }).mark;
    const line = mark ? mark.line + 1 : undefined;
    throw new UsageError(`The kubeconfig ${file}${from} is not valid YAML${line ? ` (line ${line})` : ''}; ${FIX}.`, {
      cause: err,
    });
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    throw new UsageError(`The kubeconfig ${file}${from} is not a kubeconfig (no clusters, contexts or users); ${FIX}.`);
  const config = doc as Record<string, unknown>;
  const keys = ['clusters', 'contexts', 'users'] as const;
  if (keys.every((k) => config[k] == null))
    throw new UsageError(`The kubeconfig ${file}${from} has no clusters, contexts or users; ${FIX}.`);
  for (const key of keys) {
    const list = config[key];
    if (list == null) continue;
    if (!Array.isArray(list))
      throw new UsageError(`The kubeconfig ${file}${from} has "${key}" that is not a list; ${FIX}.`);
    const bad = list.findIndex(
      (e) => e === null || typeof e !== 'object' || typeof (e as { name?: unknown }).name !== 'string',
    );
    if (bad !== -1)
      throw new UsageError(
        `The kubeconfig ${file}${from} has an entry without a name in ${key} (item ${bad + 1}); ${FIX}.`,
      );
  }
}

/** The first entry of each name, in file order (kubectl: the first file to set a name wins). */
function firstByName<T extends { name: string }>(lists: T[][]): T[] {
  const seen = new Map<string, T>();
  for (const entry of lists.flat()) if (!seen.has(entry.name)) seen.set(entry.name, entry);
  return [...seen.values()];
}

/** Several kubeconfig files merged as kubectl merges them: first name wins, first current-context set wins. */
function merge(parts: KubeConfig[]): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: firstByName(parts.map((p) => p.getClusters())),
    users: firstByName(parts.map((p) => p.getUsers())),
    contexts: firstByName(parts.map((p) => p.getContexts())),
    currentContext: parts.map((p) => p.getCurrentContext()).find(Boolean) ?? '',
  });
  return kc;
}

/**
 * Loads a kubeconfig the way kubectl does: `target.kubeconfig`, else the files in KUBECONFIG
 * (merged like kubectl: the first file to define a name or set current-context wins), else
 * ~/.kube/config; then selects `target.context` if given. Each file is checked before
 * client-node parses it, and the selected context must name a cluster whose server is an
 * http(s) URL, and a user that exists. Only client-node's load and get methods are used.
 * @throws UsageError, one sentence naming the file: missing, unreadable, a directory,
 *   empty, not YAML, of the wrong shape, an unknown `target.context`, no current context, or a
 *   context referring to a missing cluster or user.
 */
export function loadKubeConfig(target: KubeTarget): KubeConfig {
  const files = kubeconfigFiles(target);
  const from = target.kubeconfig ? '' : process.env.KUBECONFIG ? ' (from KUBECONFIG)' : '';
  const origin = new Map<string, string>();
  const parts: KubeConfig[] = [];
  for (const file of files) {
    checkFile(file, from);
    const part = new KubeConfig();
    try {
      part.loadFromFile(file);
    } catch (err) {
      throw new UsageError(`The kubeconfig ${file}${from} is not usable (${firstLine(err)}); ${FIX}.`, { cause: err });
    }
    for (const c of part.getContexts()) if (!origin.has(`context/${c.name}`)) origin.set(`context/${c.name}`, file);
    for (const c of part.getClusters()) if (!origin.has(`cluster/${c.name}`)) origin.set(`cluster/${c.name}`, file);
    parts.push(part);
  }
  const kc = parts.length === 1 ? parts[0]! : merge(parts);
  const where = files.length === 1 ? `the kubeconfig ${files[0]}` : `the kubeconfig files ${files.join(', ')}`;
  if (target.context) {
    if (!kc.getContextObject(target.context)) {
      const known =
        kc
          .getContexts()
          .map((c) => c.name)
          .join(', ') || 'none';
      throw new UsageError(
        `The context "${target.context}" is not in ${where} (contexts: ${known}); pass one of them to --context.`,
      );
    }
    kc.setCurrentContext(target.context);
  }
  const name = kc.getCurrentContext();
  const context = name ? kc.getContextObject(name) : null;
  if (!context) {
    const why = name ? `its current-context "${name}" is not defined there` : 'it sets no current-context';
    throw new UsageError(
      `There is no context to use in ${where}: ${why}; ` +
        'pass --context, or run `lab cluster up` for the local cluster.',
    );
  }
  const file = origin.get(`context/${name}`) ?? files[0];
  const cluster = kc.getCluster(context.cluster);
  if (!cluster)
    throw new UsageError(
      `The context "${name}" in ${file} refers to the cluster "${context.cluster}", ` +
        `which no kubeconfig file defines; ${FIX}.`,
    );
  if (context.user && !kc.getUser(context.user))
    throw new UsageError(
      `The context "${name}" in ${file} refers to the user "${context.user}", ` +
        `which no kubeconfig file defines; ${FIX}.`,
    );
  try {
    const url = new URL(cluster.server);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(url.protocol);
  } catch (err) {
    throw new UsageError(
      `The cluster "${cluster.name}" in ${origin.get(`cluster/${cluster.name}`) ?? file} ` +
        `has the server "${cluster.server}", which is not an http(s) URL; ${FIX}.`,
      { cause: err },
    );
  }
  return kc;
}
