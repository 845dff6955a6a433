import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { UsageError } from '../../errors.js';
import { contentRoot, xdgDir } from '../../util/paths.js';
import { yamlDocumentsIn } from './yaml-files.js';
import { say } from '../../i18n/current.js';

/**
 * The image catalog that decides which pulls succeed on kwok nodes: references normalised the
 * way containerd does (`docker.io/library/nginx:latest`), and their repositories.
 */
export interface ImageCatalog {
  /** false when the user turned the check off: every image pulls. */
  check: boolean;
  /** Normalised references (`registry/path:tag`) that pull. */
  refs: Set<string>;
  /** Normalised repositories (`registry/path`) of those references. */
  repositories: Set<string>;
}

/** The environment variable that turns the image check off (`off`, `false`, `0` or `no`). */
export const IMAGE_CHECK_ENV = 'CKA_LAB_IMAGE_CHECK';

/** The annotation that marks a stage in cluster/stages for a cluster without cka-lab-agent only. */
const WITHOUT_AGENT = 'cka-lab/without-agent';

/** The annotation that marks a stage in cluster/stages for the image check: `pulls` or `fails`. */
const MARK = 'cka-lab/image-check';

/** The folder of the stage data shipped with cka-lab. */
const stagesDir = (): string => join(contentRoot(), 'cluster', 'stages');

/**
 * A normalised image reference: a digest is dropped, no tag means `latest`, no registry means
 * docker.io, a one-part docker.io name is in `library/` (`nginx` -> `docker.io/library/nginx:latest`).
 * The same rules are in cluster/stages/image-check.jq and image-check.tpl, which kwok evaluates.
 */
export function normaliseImage(image: string): string {
  let ref = image.replace(/@sha256:[0-9a-f]+$/, '');
  if (!/:[^/:]+$/.test(ref)) ref += ':latest';
  if (!/^([^/]*[.:][^/]*|localhost)\//.test(ref)) ref = `docker.io/${ref}`;
  return ref.replace(/^index\.docker\.io\//, 'docker.io/').replace(/^docker\.io\/([^/]+)$/, 'docker.io/library/$1');
}

/** The repository of a normalised reference (the reference without its tag). */
const repositoryOf = (ref: string): string => ref.replace(/:[^/:]+$/, '');

/**
 * Reads one catalog file: `images:` maps a repository to its tags, `check: false` turns the
 * check off.
 * @throws UsageError naming the file when it is not such a YAML map
 */
function readCatalogFile(file: string): { check?: boolean; images: Record<string, string[]> } {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(say('local.badCatalogYaml', { file, why: (err as Error).message.split('\n')[0] }), {
      cause: err,
    });
  }
  const bad = () => new UsageError(say('local.badCatalog', { file }));
  if (doc == null) return { images: {} };
  if (typeof doc !== 'object' || Array.isArray(doc)) throw bad();
  const { check, images = {} } = doc as { check?: unknown; images?: unknown };
  if (check !== undefined && typeof check !== 'boolean') throw bad();
  if (images === null || typeof images !== 'object' || Array.isArray(images)) throw bad();
  for (const tags of Object.values(images)) {
    if (!Array.isArray(tags) || !tags.every((t) => typeof t === 'string' || typeof t === 'number')) throw bad();
  }
  return { ...(check === undefined ? {} : { check }), images: images as Record<string, string[]> };
}

/**
 * The catalog: cluster/images.yaml shipped with cka-lab, plus the user's
 * $XDG_CONFIG_HOME/cka-lab/images.yaml if it exists. The check is off when that file says
 * `check: false` or CKA_LAB_IMAGE_CHECK is off/false/0/no.
 * @throws UsageError when a catalog file is malformed
 */
export function loadImageCatalog(): ImageCatalog {
  const files = [join(contentRoot(), 'cluster', 'images.yaml'), join(xdgDir('config'), 'images.yaml')].filter((f) =>
    existsSync(f),
  );
  const refs = new Set<string>();
  let check = true;
  for (const file of files) {
    const catalog = readCatalogFile(file);
    if (catalog.check === false) check = false;
    for (const [repository, tags] of Object.entries(catalog.images)) {
      for (const tag of tags) refs.add(normaliseImage(`${repository}:${String(tag)}`));
    }
  }
  if (/^(off|false|0|no)$/i.test(process.env[IMAGE_CHECK_ENV] ?? '')) check = false;
  return { check, refs, repositories: new Set([...refs].map(repositoryOf)) };
}

/** `value` with each key of `parts` replaced by its value in every string in it. */
function withParts<T>(value: T, parts: Record<string, string>): T {
  if (typeof value === 'string')
    return Object.entries(parts).reduce((s, [mark, text]) => s.replaceAll(mark, () => text), value as string) as T;
  if (Array.isArray(value)) return value.map((v) => withParts(v, parts)) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withParts(v, parts)])) as T;
  return value;
}

/** A jq file of cluster/stages without its `#` comment lines. */
const jqFile = (dir: string, name: string): string =>
  readFileSync(join(dir, name), 'utf8')
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n');

/** A Go template file of cluster/stages without its leading `{{- /* ... *\/ -}}` comment. */
const tplFile = (dir: string, name: string): string =>
  readFileSync(join(dir, name), 'utf8').replace(/^\{\{- \/\*[\s\S]*?\*\/ -\}\}\n/, '');

/** A list of strings as jq and Go template literals (JSON strings, comma- or space-separated). */
const literals = (values: Iterable<string>, sep: string): string =>
  [...values]
    .sort()
    .map((v) => JSON.stringify(v))
    .join(sep);

/** The annotation cka-lab-agent sets on each Pod it has checked (build/agent/main.go). */
const AGENT_CHECK_KEY = '.metadata.annotations["cka-lab.dev/config-check"]';

/**
 * For a cluster started without cka-lab-agent (no Go; src/cluster/local/extras.ts): nothing sets
 * `cka-lab.dev/config-check`, so a stage must not wait for its `ok` (pod-ready.yaml) or Pods would
 * never start. The stages that wait for `missing` or `unmounted` simply never apply.
 */
function dropAgentGate(spec: { selector?: { matchExpressions?: unknown[] } }): void {
  const expressions = spec.selector?.matchExpressions;
  if (!expressions) return;
  spec.selector!.matchExpressions = expressions.filter((e) => {
    const { key, values } = e as { key?: string; values?: string[] };
    return !(key === AGENT_CHECK_KEY && values?.includes('ok'));
  });
}

/**
 * The kwok Stage documents for a new local cluster (multi-document YAML, for the same
 * `kwokctl --config` file as the KwokctlConfiguration), followed by the ClusterLogs of
 * {@link logsDocuments}: every cluster/stages/*.yaml, with the
 * image check of `catalog` applied. Stages marked `cka-lab/image-check: pulls` get a selector
 * "every image is in the catalog", those marked `fails` the opposite one (and are left out when
 * the check is off); `{{/* cka-lab:image-check *\/}}` in a template becomes image-check.tpl,
 * `{{/* cka-lab:exit-code *\/}}` exit-code.tpl and `__EXIT_CODE_JQ__` in a jq expression
 * exit-code.jq (the crash stages).
 * kwokctl replaces all its default stages (node and Pod) by these.
 * @param agent false for a cluster without cka-lab-agent: Pods then start without its check, and kwok's
 *   pod-delete Stage removes deleted Pods (the agent does it otherwise)
 * @throws Error when the shipped stage files are unreadable (a broken installation)
 */
export function stageDocuments(catalog: ImageCatalog = loadImageCatalog(), agent = true): string {
  const dir = stagesDir();
  const jq = jqFile(dir, 'image-check.jq').replace('__CATALOG__', literals(catalog.refs, ','));
  const parts = {
    '{{/* cka-lab:image-check */}}': tplFile(dir, 'image-check.tpl')
      .replace('__CATALOG__', literals(catalog.refs, ' '))
      .replace('__REPOSITORIES__', literals(catalog.repositories, ' ')),
    '{{/* cka-lab:exit-code */}}': tplFile(dir, 'exit-code.tpl'),
    __EXIT_CODE_JQ__: jqFile(dir, 'exit-code.jq'),
  };
  const out: string[] = [];
  for (const data of yamlDocumentsIn(dir)) {
    const stage = data as {
      metadata: { annotations?: Record<string, string> };
      spec: { selector?: { matchExpressions?: unknown[] } };
    };
    if (!agent) dropAgentGate(stage.spec);
    // A stage that does what the agent does (pod-delete.yaml) only where no agent runs.
    if (stage.metadata.annotations?.[WITHOUT_AGENT] !== undefined) {
      if (agent) continue;
      delete stage.metadata.annotations[WITHOUT_AGENT];
      if (Object.keys(stage.metadata.annotations).length === 0) delete stage.metadata.annotations;
    }
    const mark = stage.metadata.annotations?.[MARK];
    if (mark) {
      delete stage.metadata.annotations![MARK];
      if (Object.keys(stage.metadata.annotations!).length === 0) delete stage.metadata.annotations;
      if (mark === 'fails' && !catalog.check) continue;
      if (catalog.check) {
        stage.spec.selector ??= {};
        (stage.spec.selector.matchExpressions ??= []).push({
          jq: { key: jq, operator: 'In', values: [mark === 'pulls' ? 'true' : 'false'] },
        });
      }
    }
    out.push(stringify(withParts(stage, parts), { lineWidth: 0 }));
  }
  out.push(...logsDocuments());
  return out.join('---\n');
}

/** One log of a kwok ClusterLogs document (file names relative to cluster/logs until resolved). */
interface LogEntry {
  containers?: string[];
  logsFile?: string;
  previousLogsFile?: string;
  follow?: boolean;
}

/**
 * The kwok ClusterLogs documents of cluster/logs/*.yaml (what `kubectl logs` prints for a
 * container on a kwok node), with their `logsFile` and `previousLogsFile` made absolute paths
 * into cluster/logs, where the log templates are (CRI log format). Those with a `spec.selector`
 * (Pod names, namespaces) come first: kwok takes the first document that selects the Pod and has
 * a log for the container (or a default log), so the catch-all ones must come last.
 * @throws Error when the shipped files are unreadable (a broken installation)
 */
export function logsDocuments(): string[] {
  const dir = join(contentRoot(), 'cluster', 'logs');
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const docs = yamlDocumentsIn(dir) as { spec?: { selector?: unknown } }[];
  const selective = (d: { spec?: { selector?: unknown } }) => (d.spec?.selector ? 0 : 1);
  for (const data of docs.sort((a, b) => selective(a) - selective(b))) {
    const logs = data as { spec?: { logs?: LogEntry[] } };
    for (const entry of logs.spec?.logs ?? []) {
      if (entry.logsFile) entry.logsFile = join(dir, entry.logsFile);
      if (entry.previousLogsFile) entry.previousLogsFile = join(dir, entry.previousLogsFile);
    }
    out.push(stringify(logs, { lineWidth: 0 }));
  }
  return out;
}
