// The module itself, not the package index: in the CommonJS bundle, the index would
// initialise every module it re-exports (watch, exec, cp...) on every start-up.
import { KubeConfig } from '@kubernetes/client-node/dist/config.js';
import { say } from '../i18n/current.js';
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
const fix = (): string => say('kubeconfig.fix');

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
    if (stat.isDirectory()) throw new UsageError(say('kubeconfig.directory', { file, from }));
    if (stat.size > MAX_KUBECONFIG_BYTES)
      throw new UsageError(say('kubeconfig.tooBig', { file, from, mb: Math.round(stat.size / 1048576), fix: fix() }));
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ENOENT') throw new UsageError(say('kubeconfig.missing', { file, from }), { cause: err });
    throw new UsageError(say('kubeconfig.unreadable', { file, from, code }), { cause: err });
  }
  if (!text.trim()) throw new UsageError(say('kubeconfig.empty', { file, from, fix: fix() }));
  let doc: unknown;
  try {
    doc = load(text);
  } catch (err) {
    const mark = (err as { mark?: { line: number } }).mark;
    const line = mark ? mark.line + 1 : undefined;
    throw new UsageError(say('kubeconfig.badYaml', { file, from, line: line ?? 0, fix: fix() }), { cause: err });
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    throw new UsageError(say('kubeconfig.notKubeconfig', { file, from, fix: fix() }));
  const config = doc as Record<string, unknown>;
  const keys = ['clusters', 'contexts', 'users'] as const;
  if (keys.every((k) => config[k] == null))
    throw new UsageError(say('kubeconfig.noEntries', { file, from, fix: fix() }));
  for (const key of keys) {
    const list = config[key];
    if (list == null) continue;
    if (!Array.isArray(list)) throw new UsageError(say('kubeconfig.notList', { file, from, key, fix: fix() }));
    const bad = list.findIndex(
      (e) => e === null || typeof e !== 'object' || typeof (e as { name?: unknown }).name !== 'string',
    );
    if (bad !== -1) throw new UsageError(say('kubeconfig.noName', { file, from, key, item: bad + 1, fix: fix() }));
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
  const from = target.kubeconfig ? '' : process.env.KUBECONFIG ? say('kubeconfig.fromEnv') : '';
  const origin = new Map<string, string>();
  const parts: KubeConfig[] = [];
  for (const file of files) {
    checkFile(file, from);
    const part = new KubeConfig();
    try {
      part.loadFromFile(file);
    } catch (err) {
      throw new UsageError(say('kubeconfig.unusable', { file, from, why: firstLine(err), fix: fix() }), { cause: err });
    }
    for (const c of part.getContexts()) if (!origin.has(`context/${c.name}`)) origin.set(`context/${c.name}`, file);
    for (const c of part.getClusters()) if (!origin.has(`cluster/${c.name}`)) origin.set(`cluster/${c.name}`, file);
    parts.push(part);
  }
  const kc = parts.length === 1 ? parts[0]! : merge(parts);
  const where =
    files.length === 1
      ? say('kubeconfig.where', { file: files[0] })
      : say('kubeconfig.whereFiles', { files: files.join(', ') });
  if (target.context) {
    if (!kc.getContextObject(target.context)) {
      const known =
        kc
          .getContexts()
          .map((c) => c.name)
          .join(', ') || say('loader.none');
      throw new UsageError(say('kubeconfig.noContext', { context: target.context, where, known }));
    }
    kc.setCurrentContext(target.context);
  }
  const name = kc.getCurrentContext();
  const context = name ? kc.getContextObject(name) : null;
  if (!context) {
    const why = name ? say('kubeconfig.currentUndefined', { name }) : say('kubeconfig.noCurrent');
    throw new UsageError(say('kubeconfig.nothingToUse', { where, why }));
  }
  const file = origin.get(`context/${name}`) ?? files[0];
  const cluster = kc.getCluster(context.cluster);
  if (!cluster) throw new UsageError(say('kubeconfig.noCluster', { name, file, cluster: context.cluster, fix: fix() }));
  if (context.user && !kc.getUser(context.user))
    throw new UsageError(say('kubeconfig.noUser', { name, file, user: context.user, fix: fix() }));
  try {
    const url = new URL(cluster.server);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(url.protocol);
  } catch (err) {
    const where = origin.get(`cluster/${cluster.name}`) ?? file;
    throw new UsageError(
      say('kubeconfig.badServer', { cluster: cluster.name, file: where, server: cluster.server, fix: fix() }),
      { cause: err },
    );
  }
  return kc;
}
