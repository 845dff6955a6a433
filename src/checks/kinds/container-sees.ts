import * as v from 'valibot';
import { defineCheckKind, type CheckData } from './define.js';
import type { KubeObject } from '../../kube/types.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { t } from '../../i18n/t.js';
import type { Lang } from '../../i18n/text.js';
import { explainMissing } from '../describe.js';
import {
  cleanPath,
  configData,
  containerView,
  isUnder,
  type ContainerView,
  type Seen,
  type ValueSource,
} from '../container-view.js';

const POD = { apiVersion: 'v1', kind: 'Pod' } as const;
const CONFIGMAP = { apiVersion: 'v1', kind: 'ConfigMap' } as const;
const SECRET = { apiVersion: 'v1', kind: 'Secret' } as const;

/** What one env var or file must be: its value, `null` for "must not exist", or the value and where it comes from. */
const Expected = v.union(
  [
    v.string(),
    v.null(),
    v.strictObject({
      value: v.string(),
      /** The ConfigMap or Secret the value must come from (not a literal in the Pod spec). */
      from: v.optional(v.strictObject({ kind: v.picklist(['ConfigMap', 'Secret']), name: v.string() })),
    }),
  ],
  'expected a value, null (must not exist), or { value, from: { kind: ConfigMap | Secret, name } }',
);
type Expected = v.InferOutput<typeof Expected>;

const fields = {
  pod: v.string(),
  /** Default: the Pod's first container. */
  container: v.optional(v.string()),
  /** Env var name -> what the container must see. */
  env: v.optional(v.record(v.string(), Expected)),
  /** Absolute file path -> what the container must see there. */
  files: v.optional(v.record(v.pipe(v.string(), v.startsWith('/', 'a file path starts with /')), Expected)),
};
type ContainerSeesCheck = CheckData<'container-sees', typeof fields>;

/** The `container-sees` check kind; its `description` says what it checks. */
export const containerSeesKind = defineCheckKind({
  type: 'container-sees',
  description:
    'The container (default: the first) of Pod `pod` runs and sees `env` (name -> value) and `files` (path -> ' +
    'contents), computed as a kubelet builds them from the Pod spec and the ConfigMaps and Secrets of the ' +
    'namespace (Secret data decoded): envFrom (with prefix) then env, each later one overriding; configMap, secret ' +
    'and projected volumes with items and subPath. `null` means must not exist; `{ value, from: { kind, name } }` ' +
    'also requires the ConfigMap or Secret it comes from. A file whose expected contents end with a newline may ' +
    'lack it; otherwise values are compared exactly. Env vars read from an object changed after the container ' +
    'started fail (a container reads its environment once).',
  fields,
  reads: () => [POD, CONFIGMAP, SECRET],
  problem: (check) => (!check.env && !check.files ? { path: ['env'], problem: 'give env, files, or both' } : undefined),
  run: checkContainerSees,
});

/** A value as the learner would see it quoted, cut at 80 characters. */
const show = (value: string): string => {
  const s = JSON.stringify(value);
  return s.length > 80 ? `${s.slice(0, 77)}…"` : s;
};

/** "from ConfigMap app-config, key APP_COLOR", "written in the Pod spec"... */
function sourceText(source: ValueSource, lang: Lang): string {
  switch (source.type) {
    case 'literal':
      return t(lang, 'containerSees.src.literal');
    case 'field':
      return t(lang, 'containerSees.src.field', { path: source.path });
    case 'resource':
      return t(lang, 'containerSees.src.resource', { resource: source.resource });
    default:
      return t(lang, 'containerSees.src.object', { kind: source.type, name: source.name, key: source.key });
  }
}

const expectedValue = (e: Exclude<Expected, null>): string => (typeof e === 'string' ? e : e.value);
const expectedFrom = (e: Exclude<Expected, null>) => (typeof e === 'string' ? undefined : e.from);

/** The message and expected source when the value came from elsewhere than the object the expectation names. */
function wrongSource(
  lang: Lang,
  what: string,
  expected: string,
  source: ValueSource,
  exp: Exclude<Expected, null>,
): { message: string; expected: string } | undefined {
  const from = expectedFrom(exp);
  if (!from || (source.type === from.kind && 'name' in source && source.name === from.name)) return undefined;
  const message = t(lang, 'containerSees.wrongSource', {
    what,
    expected: show(expected),
    source: sourceText(source, lang),
    from: `${from.kind} ${from.name}`,
  });
  return { message, expected: `${from.kind} ${from.name}` };
}

/** Whether `s` is canonical base64 (what `base64` prints), so that decoding it once is meaningful. */
const isBase64 = (s: string): boolean =>
  s.length >= 4 &&
  s.length % 4 === 0 &&
  /^[A-Za-z0-9+/]+={0,2}$/.test(s) &&
  Buffer.from(s, 'base64').toString('base64') === s;

/**
 * Why `actual` is not `expected`, in one sentence naming the likely mistake: encoded twice, a trailing
 * newline (echo without -n), quotes kept by --from-env-file; else the two values.
 */
function wrongValue(what: string, seen: Seen, expected: string, lang: Lang): string {
  const actual = seen.value!;
  const source = sourceText(seen.source, lang);
  const params = { what, actual: show(actual), expected: show(expected), source };
  if (isBase64(actual) && Buffer.from(actual, 'base64').toString('utf8') === expected) {
    return seen.source.type === 'ConfigMap'
      ? t(lang, 'containerSees.base64ConfigMap', params)
      : t(lang, 'containerSees.base64', params);
  }
  if (actual.replace(/\r?\n$/, '') === expected) return t(lang, 'containerSees.newline', params);
  if (/^(["']).*\1$/s.test(actual) && actual.slice(1, -1) === expected) return t(lang, 'containerSees.quoted', params);
  return t(lang, 'containerSees.wrong', params);
}

/** When the object's data was last written (managedFields entries owning data), in ms since the epoch. */
function dataChangedAt(obj: KubeObject | undefined): number | undefined {
  type Entry = { time?: string; fieldsV1?: Record<string, unknown> };
  const times = ((obj?.metadata?.managedFields ?? []) as Entry[])
    .filter((m) => m.time && m.fieldsV1 && ('f:data' in m.fieldsV1 || 'f:binaryData' in m.fieldsV1))
    .map((m) => Date.parse(m.time!));
  return times.length ? Math.max(...times) : undefined;
}

interface Running {
  running: boolean;
  /** Why not, in kubectl's words (a waiting reason, or the phase). */
  state: string;
  startedAt?: number;
}

/** The container's state from the Pod's status. */
function runningState(pod: KubeObject, container: string): Running {
  type Status = { name: string; state?: { running?: { startedAt?: string }; waiting?: { reason?: string } } };
  const status = ((pod.status?.containerStatuses ?? []) as Status[]).find((s) => s.name === container);
  if (status?.state?.running) {
    const at = status.state.running.startedAt;
    return { running: true, state: 'Running', startedAt: at ? Date.parse(at) : undefined };
  }
  return {
    running: false,
    state:
      status?.state?.waiting?.reason ??
      (pod.metadata?.deletionTimestamp ? 'Terminating' : pod.status?.phase) ??
      'Pending',
  };
}

/** Problems with the env vars the check expects. */
function envProblems(check: ContainerSeesCheck, seen: ContainerView, lang: Lang): Problem[] {
  const problems: Problem[] = [];
  for (const [name, exp] of Object.entries(check.env ?? {})) {
    const what = t(lang, 'containerSees.env', { name });
    const got = seen.env.get(name);
    const path = `env.${name}`;
    if (exp === null) {
      if (got)
        problems.push({
          message: t(lang, 'containerSees.unexpected', {
            what,
            actual: show(got.value ?? '?'),
            source: sourceText(got.source, lang),
          }),
          path,
          expected: null,
          actual: got.value,
        });
      continue;
    }
    const expected = expectedValue(exp);
    if (!got) {
      problems.push({ message: missingEnv(name, expected, seen, lang), path, expected, actual: null });
      continue;
    }
    if (got.value === undefined) {
      const message = t(lang, 'containerSees.unknown', {
        what,
        source: sourceText(got.source, lang),
        expected: show(expected),
      });
      problems.push({ message, path, expected });
      continue;
    }
    if (got.value !== expected) {
      problems.push({ message: wrongValue(what, got, expected, lang), path, expected, actual: got.value });
      continue;
    }
    const source = wrongSource(lang, what, expected, got.source, exp);
    if (source) problems.push({ ...source, path, actual: sourceText(got.source, 'en') });
  }
  return problems;
}

/** Why env var `name` is not set, naming where its value went if it is anywhere. */
function missingEnv(name: string, expected: string, seen: ContainerView, lang: Lang): string {
  const base = t(lang, 'containerSees.envMissing', { name });
  const others = [...seen.env.entries()].filter(([, s]) => s.value === expected).map(([n]) => n);
  // Prefer a name that contains the wanted one or is contained in it (a prefix missing or doubled).
  const other = others.find((n) => n.includes(name) || name.includes(n)) ?? others[0];
  if (other) return t(lang, 'containerSees.envElsewhere', { base, value: show(expected), other });
  const file = [...seen.files.entries()].find(
    ([, s]) => s.value === expected || (s.source.type !== 'literal' && 'key' in s.source && s.source.key === name),
  );
  if (file) return t(lang, 'containerSees.envAsFile', { base, path: file[0] });
  return base;
}

/** Whether a file's contents are what is expected (a final newline the expectation has may be missing). */
const sameFile = (actual: string, expected: string): boolean =>
  actual === expected || (expected.endsWith('\n') && actual === expected.slice(0, -1));

/** Problems with the files the check expects. */
function fileProblems(check: ContainerSeesCheck, seen: ContainerView, lang: Lang): Problem[] {
  const problems: Problem[] = [];
  for (const [rawPath, exp] of Object.entries(check.files ?? {})) {
    const path = cleanPath(rawPath);
    const what = t(lang, 'containerSees.file', { path });
    const got = seen.files.get(path);
    if (exp === null) {
      if (got)
        problems.push({
          message: t(lang, 'containerSees.unexpected', {
            what,
            actual: show(got.value ?? '?'),
            source: sourceText(got.source, lang),
          }),
          path: `files.${path}`,
          expected: null,
          actual: got.value,
        });
      continue;
    }
    const expected = expectedValue(exp);
    if (!got) {
      problems.push({
        message: missingFile(path, expected, seen, lang),
        path: `files.${path}`,
        expected,
        actual: null,
      });
      continue;
    }
    if (!sameFile(got.value ?? '', expected)) {
      problems.push({
        message: wrongValue(what, got, expected, lang),
        path: `files.${path}`,
        expected,
        actual: got.value,
      });
      continue;
    }
    const source = wrongSource(lang, what, expected, got.source, exp);
    if (source) problems.push({ ...source, path: `files.${path}` });
  }
  return problems;
}

/** Why there is no file at `path`, naming where its contents are or what the mount there holds. */
function missingFile(path: string, expected: string, seen: ContainerView, lang: Lang): string {
  const base = t(lang, 'containerSees.fileMissing', { path });
  const elsewhere = [...seen.files.entries()].find(([, s]) => s.value !== undefined && sameFile(s.value, expected));
  if (elsewhere) return t(lang, 'containerSees.fileElsewhere', { base, other: elsewhere[0] });
  const env = [...seen.env.entries()].find(([, s]) => s.value !== undefined && sameFile(s.value, expected));
  if (env) return t(lang, 'containerSees.fileAsEnv', { base, name: env[0] });
  // The deepest mount at or above the path decides what is there.
  const mount = seen.mounts
    .filter((m) => isUnder(path, m.mountPath))
    .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
  if (!mount || mount.objects.length === 0) {
    const dir = path.slice(0, path.lastIndexOf('/')) || '/';
    return t(lang, 'containerSees.fileNoMount', { base, dir });
  }
  const under = [...seen.files.keys()].filter((p) => isUnder(p, mount.mountPath));
  const list = under
    .map((p) => (p === mount.mountPath ? p : p.slice(mount.mountPath.length + 1)))
    .sort()
    .slice(0, 6);
  const holds = list.length ? list.join(', ') : t(lang, 'containerSees.nothing');
  if (mount.mountPath === path) return t(lang, 'containerSees.fileIsDir', { base, volume: mount.volume, files: holds });
  return t(lang, 'containerSees.fileDirHolds', { base, volume: mount.volume, mount: mount.mountPath, files: holds });
}

/** Env vars and subPath files read from a ConfigMap or Secret whose data changed after the container started. */
function staleProblems(
  seen: ContainerView,
  startedAt: number | undefined,
  objects: { ConfigMap: KubeObject[]; Secret: KubeObject[] },
  pod: string,
  lang: Lang,
): Problem[] {
  if (startedAt === undefined) return [];
  // Env vars and subPath files: what a kubelet never updates once the container runs.
  const read = new Map<string, { obj: KubeObject | undefined; env: boolean }>();
  const fixed = [...seen.env.values(), ...[...seen.files.values()].filter((s) => s.subPath)];
  for (const s of fixed) {
    if (s.source.type !== 'ConfigMap' && s.source.type !== 'Secret') continue;
    const { type, name } = s.source;
    const key = `${type} ${name}`;
    const env = (read.get(key)?.env ?? false) || !s.subPath;
    read.set(key, { obj: objects[type].find((o) => o.metadata?.name === name), env });
  }
  const problems: Problem[] = [];
  for (const [object, { obj, env }] of read) {
    const changed = dataChangedAt(obj);
    if (changed === undefined || changed <= startedAt) continue;
    const message = t(lang, env ? 'containerSees.stale' : 'containerSees.staleSubPath', {
      object,
      container: seen.container,
      pod,
      changed: new Date(changed).toISOString(),
      started: new Date(startedAt).toISOString(),
    });
    problems.push({ message, path: `${object} metadata.managedFields` });
  }
  return problems;
}

/**
 * `container-sees`: computes what the container sees from the stored Pod, ConfigMaps and Secrets
 * (see src/checks/container-view.ts) and names every difference from `env` and `files`.
 */
async function checkContainerSees(check: ContainerSeesCheck, view: NamespaceView): Promise<Outcome> {
  const lang = view.lang;
  const pod = await view.find(POD, check.pod);
  if (!pod) return failed(await explainMissing(view, { ...POD, name: check.pod }));
  const [configMaps, secrets] = await Promise.all([view.list(CONFIGMAP), view.list(SECRET)]);
  const seen = containerView(pod, check.container, configData(configMaps, secrets));
  if (!seen) {
    const names = ((pod.spec?.containers ?? []) as { name: string }[]).map((c) => c.name).join(', ');
    return failed(t(lang, 'containerSees.noContainer', { pod: check.pod, container: check.container ?? '', names }));
  }
  const who = { container: seen.container, pod: check.pod };
  if (seen.errors.length) {
    const problems = seen.errors.map((error) => ({ message: t(lang, 'containerSees.cannotStart', { ...who, error }) }));
    return failed(problems[0]!.message, problems);
  }
  const state = runningState(pod, seen.container);
  const problems: Problem[] = [
    ...(state.running ? [] : [{ message: t(lang, 'containerSees.notRunning', { ...who, state: state.state }) }]),
    ...envProblems(check, seen, lang),
    ...fileProblems(check, seen, lang),
    ...staleProblems(seen, state.startedAt, { ConfigMap: configMaps, Secret: secrets }, check.pod, lang),
  ];
  if (problems.length) return failed(problems[0]!.message, problems);
  const what = [
    ...Object.entries(check.env ?? {}).map(([n, e]) => (e === null ? `!${n}` : `${n}=${show(expectedValue(e))}`)),
    ...Object.keys(check.files ?? {}).map((p) => (check.files![p] === null ? `!${p}` : p)),
  ].join(', ');
  return passed(t(lang, 'containerSees.passed', { ...who, what }));
}
