import * as v from 'valibot';
import { gunzipSync } from 'node:zlib';
import { defineCheckKind, type CheckData } from './define.js';
import { Expect } from './fields.js';
import type { KubeObject } from '../../kube/types.js';
import { failed, passed, type Outcome, type Problem } from '../result.js';
import type { NamespaceView } from '../view.js';
import { t } from '../../i18n/t.js';
import { nearMiss } from '../describe.js';
import { partialMatch, show, type Mismatch } from '../match.js';
import { toPlainValue } from '../../util/yaml.js';

const SECRET = { apiVersion: 'v1', kind: 'Secret' } as const;
/** The type of the Secrets Helm's default storage driver keeps each revision in (helm.sh docs, "Storage backends"). */
export const RELEASE_SECRET_TYPE = 'helm.sh/release.v1';
/** The annotation Helm puts on every object a release made (it adopts only objects that carry it). */
export const RELEASE_NAME_ANNOTATION = 'meta.helm.sh/release-name';

/** What a revision's expected chart and values are (a `history` entry, or the deployed revision). */
const RevisionExpect = {
  /** The chart's name (Chart.yaml `name`). */
  chart: v.optional(v.string()),
  /** The chart's version (Chart.yaml `version`), e.g. `0.2.0`. */
  chartVersion: v.optional(v.string()),
  /**
   * Values the revision ran with, compared by meaning with the chart's defaults merged in (as
   * `helm get values --all` shows them): only the keys written; `--set replicaCount=3`, `-f` with
   * `replicaCount: 3` and the chart's own default of 3 are equal; types as Helm parses them
   * (`--set-string` makes a string).
   */
  values: v.optional(Expect),
};

const fields = {
  /** The release's name (`helm install <release> <chart>`), in the lab namespace. */
  release: v.string(),
  ...RevisionExpect,
  /**
   * Revisions that must follow one another, oldest first (others may come between): e.g. an
   * install with chart 0.1.0 and then an upgrade to 0.2.0 with `replicaCount: 3`. Still true after
   * a later rollback, unlike the deployed revision's chart and values.
   */
  history: v.optional(v.pipe(v.array(v.strictObject(RevisionExpect)), v.minLength(1))),
  /**
   * The deployed revision is `helm rollback <release> <N>`: a later revision that Helm describes
   * as a rollback to a revision with revision N's chart and values. An upgrade that happens to
   * restore them is not one, nor is `kubectl rollout undo`.
   */
  rollbackTo: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  /**
   * Every object the deployed revision's manifest holds exists in the namespace, carries the
   * release's annotation, and still has the fields the chart wrote (no `kubectl scale`, `edit`
   * or `rollout undo` behind Helm's back). Default true.
   */
  objects: v.optional(v.boolean(), true),
};
type HelmReleaseCheck = CheckData<'helm-release', typeof fields>;
type RevisionExpect = { chart?: string; chartVersion?: string; values?: Record<string, unknown> };

/** The `helm-release` check kind; its `description` says what it checks. */
export const helmReleaseKind = defineCheckKind({
  type: 'helm-release',
  description:
    'The Helm release `release` exists in the lab namespace (read from its release Secrets, type ' +
    'helm.sh/release.v1) and its latest revision is deployed, with `chart`, `chartVersion` and `values` ' +
    '(the chart defaults merged with the values given, compared by meaning: --set and -f are equal); ' +
    '`history`: revisions with these charts and values follow one another; `rollbackTo` N: the deployed ' +
    'revision is a helm rollback to revision N (same chart and values); `objects` (default true): what the ' +
    'deployed revision made exists, belongs to the release and was not changed behind Helm.',
  fields,
  reads: () => [SECRET],
  problem: (check) =>
    check.history?.some((h) => !h.chart && !h.chartVersion && !h.values)
      ? { path: ['history'], problem: 'each history entry needs chart, chartVersion or values' }
      : undefined,
  run: checkHelmRelease,
});

/** One revision of a release, as Helm stores it (the fields the check reads). */
export interface ReleaseRevision {
  name: string;
  namespace: string;
  /** The revision number (1 for the install). */
  version: number;
  info: {
    status: string;
    description?: string;
    /** Helm 4: the revision a rollback went back to. */
    rollback_revision?: number;
  };
  chart: { metadata: { name: string; version: string }; values?: Record<string, unknown> | null };
  /** The values given on the command line or in files (`helm get values`), not the chart's defaults. */
  config?: Record<string, unknown> | null;
  /** The rendered objects, a multi-document YAML text. */
  manifest?: string;
}

/**
 * Decodes a release Secret: `data.release` is base64 (as all Secret data) of Helm's own base64 of the
 * gzipped JSON of the release (helm's pkg/storage/driver/util.go encodeRelease; uncompressed JSON is
 * read too).
 * @throws Error when the Secret holds no release or it is not base64/gzip/JSON
 */
export function decodeRelease(secret: KubeObject): ReleaseRevision {
  const data = (secret as { data?: Record<string, string> }).data?.release;
  if (!data) throw new Error('no data.release');
  const raw = Buffer.from(Buffer.from(data, 'base64').toString('latin1'), 'base64');
  const json = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  return JSON.parse(json) as ReleaseRevision;
}

const isMap = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * The values a revision ran with: the chart's defaults with the given values merged over them,
 * maps key by key, as Helm's chartutil.CoalesceValues does (a `null` given deletes the default).
 */
export function effectiveValues(rev: ReleaseRevision): Record<string, unknown> {
  const merge = (base: unknown, over: unknown): unknown => {
    if (!isMap(base) || !isMap(over)) return over;
    const out: Record<string, unknown> = { ...base };
    for (const [k, val] of Object.entries(over)) {
      if (val === null) delete out[k];
      else out[k] = Object.hasOwn(base, k) ? merge(base[k], val) : val;
    }
    return out;
  };
  return merge(rev.chart.values ?? {}, rev.config ?? {}) as Record<string, unknown>;
}

/** Dotted paths of the values given that the chart's defaults do not have (`replicas` for `replicaCount`). */
export function unknownKeys(rev: ReleaseRevision): string[] {
  const walk = (given: unknown, chart: unknown, path: string): string[] =>
    isMap(given) && isMap(chart)
      ? Object.entries(given).flatMap(([k, val]) =>
          Object.hasOwn(chart, k) ? walk(val, chart[k], `${path}${k}.`) : [`${path}${k}`],
        )
      : [];
  return walk(rev.config ?? {}, rev.chart.values ?? {}, '');
}

/** Whether two revisions have the same chart (name and version) and the same values given. */
const sameContent = (a: ReleaseRevision, b: ReleaseRevision): boolean =>
  a.chart.metadata.name === b.chart.metadata.name &&
  a.chart.metadata.version === b.chart.metadata.version &&
  partialMatch(a.config ?? {}, b.config ?? {}).length === 0 &&
  partialMatch(b.config ?? {}, a.config ?? {}).length === 0;

/** The revision a rollback went back to (Helm 4's info.rollback_revision, else Helm's description "Rollback to N"). */
export function rolledBackTo(rev: ReleaseRevision): number | undefined {
  if (typeof rev.info.rollback_revision === 'number' && rev.info.rollback_revision > 0)
    return rev.info.rollback_revision;
  const m = /^Rollback to (\d+)$/.exec(rev.info.description ?? '');
  return m ? Number(m[1]) : undefined;
}

/** `web-0.1.0`, as `helm list` shows a chart. */
const chartOf = (rev: ReleaseRevision): string => `${rev.chart.metadata.name}-${rev.chart.metadata.version}`;

/** The mismatches of one revision against an expectation: chart name, version, then values. */
function revisionMismatches(rev: ReleaseRevision, want: RevisionExpect, view: NamespaceView): Mismatch[] {
  const out: Mismatch[] = [];
  const meta = rev.chart.metadata;
  if (want.chart !== undefined && meta.name !== want.chart)
    out.push({ path: 'chart', expected: want.chart, actual: meta.name, reason: differs(want.chart, meta.name, view) });
  if (want.chartVersion !== undefined && meta.version !== want.chartVersion)
    out.push({
      path: 'chartVersion',
      expected: want.chartVersion,
      actual: meta.version,
      reason: differs(want.chartVersion, meta.version, view),
    });
  if (want.values) out.push(...partialMatch(want.values, effectiveValues(rev), '', view.lang));
  return out;
}
const differs = (expected: string, actual: string, view: NamespaceView): string =>
  t(view.lang, 'match.differs', { expected: show(expected), actual: show(actual) });

/** What a revision's mismatch says, with the values given that the chart does not know, if any. */
function valueMessage(check: HelmReleaseCheck, rev: ReleaseRevision, m: Mismatch, view: NamespaceView): string {
  const unknown = unknownKeys(rev);
  const near = unknown.map((k) => ({ k, near: nearMiss(k.split('.').pop()!, allKeys(rev.chart.values)) }));
  const hint = near.length
    ? t(view.lang, 'helm.unknownKeys', {
        keys: near.map((n) => (n.near ? `${n.k} (${n.near}?)` : n.k)).join(', '),
      })
    : '';
  return t(view.lang, 'helm.revisionDiffers', {
    release: check.release,
    revision: rev.version,
    path: m.path === 'chart' || m.path === 'chartVersion' ? m.path : `values.${m.path}`,
    reason: m.reason,
    hint,
  });
}

/** Every key of a values tree, at any depth. */
const allKeys = (values: unknown): string[] =>
  isMap(values) ? Object.entries(values).flatMap(([k, val]) => [k, ...allKeys(val)]) : [];

/** The revisions of every release in the namespace, by release name, oldest first; unreadable Secrets aside. */
async function releasesIn(view: NamespaceView): Promise<{ byName: Map<string, ReleaseRevision[]>; broken: string[] }> {
  const secrets = (await view.list(SECRET)).filter((s) => (s as { type?: string }).type === RELEASE_SECRET_TYPE);
  const byName = new Map<string, ReleaseRevision[]>();
  const broken: string[] = [];
  for (const secret of secrets) {
    try {
      const rev = decodeRelease(secret);
      byName.set(rev.name, [...(byName.get(rev.name) ?? []), rev]);
    } catch (err) {
      broken.push(`${secret.metadata?.name} (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  for (const revs of byName.values()) revs.sort((a, b) => a.version - b.version);
  return { byName, broken };
}

/** Namespaces besides the view's, `default` or `lab-*`, holding a release of that name (Helm labels its Secrets). */
async function elsewhere(view: NamespaceView, release: string): Promise<string[]> {
  if (!view.client) return [];
  const found = await view.client.list(SECRET, undefined, `owner=helm,name=${release}`).catch(() => [] as KubeObject[]);
  // Where a learner may have worked by mistake: default, or another lab's namespace (as describe.ts looks).
  return [...new Set(found.map((s) => s.metadata?.namespace ?? ''))]
    .filter((ns) => ns !== view.namespace && (ns === 'default' || ns.startsWith('lab-')))
    .sort();
}

/** Why there is no release by that name here, with what is here instead. */
async function explainNoRelease(check: HelmReleaseCheck, names: string[], view: NamespaceView): Promise<string> {
  const base = t(view.lang, 'helm.missing', { release: check.release, ns: view.namespace });
  const namespaces = await elsewhere(view, check.release);
  if (namespaces.length)
    return t(view.lang, 'helm.missingElsewhere', { base, release: check.release, namespaces: namespaces.join(', ') });
  if (names.length) return t(view.lang, 'helm.missingOthers', { base, names: names.sort().join(', ') });
  return t(view.lang, 'helm.missingNone', { base, release: check.release });
}

/** The objects of a manifest (YAML documents with a kind and a name). */
async function manifestObjects(manifest: string): Promise<KubeObject[]> {
  const { parseAllDocuments } = (await import('yaml')).default; // a CommonJS package: its exports are on default
  return parseAllDocuments(manifest)
    .map((d) => toPlainValue(d) as KubeObject | null)
    .filter((o): o is KubeObject => !!o && typeof o.kind === 'string' && !!o.metadata?.name);
}

/** The fields of an object that nobody may change behind Helm: all the chart wrote but metadata and status. */
const written = (obj: KubeObject): Record<string, unknown> => {
  const { apiVersion: _a, kind: _k, metadata: _m, status: _s, ...rest } = obj as Record<string, unknown>;
  return rest;
};

/** The problems of the deployed revision's objects: missing, not the release's, or changed outside Helm. */
async function objectProblems(check: HelmReleaseCheck, rev: ReleaseRevision, view: NamespaceView): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const obj of await manifestObjects(rev.manifest ?? '')) {
    const ns = obj.metadata?.namespace;
    if (ns && ns !== view.namespace) continue; // a chart may name another namespace; not this check's
    const ref = { apiVersion: obj.apiVersion ?? 'v1', kind: obj.kind! };
    const name = obj.metadata!.name!;
    const params = { kind: ref.kind, name, release: check.release, revision: rev.version };
    const live = await view.find(ref, name); // a failed list fails the check, never reads as missing
    if (!live) {
      problems.push({ message: t(view.lang, 'helm.objectMissing', { ...params, ns: view.namespace }) });
      continue;
    }
    const owner = live.metadata?.annotations?.[RELEASE_NAME_ANNOTATION];
    if (owner !== check.release) {
      problems.push({
        message: t(view.lang, 'helm.objectNotOwned', { ...params, actual: show(owner) }),
        path: `metadata.annotations["${RELEASE_NAME_ANNOTATION}"]`,
        expected: check.release,
        actual: owner,
      });
      continue;
    }
    const drift = partialMatch(written(obj), live, '', view.lang)[0];
    if (drift)
      problems.push({
        message: t(view.lang, 'helm.drift', { ...params, path: drift.path, reason: drift.reason }),
        path: drift.path,
        expected: drift.expected,
        actual: drift.actual,
      });
  }
  return problems;
}

/** The problem with the deployed revision as a rollback to revision `target`, or undefined. */
function rollbackProblem(
  check: HelmReleaseCheck,
  target: number,
  revs: ReleaseRevision[],
  view: NamespaceView,
): Problem | undefined {
  const last = revs[revs.length - 1]!;
  const wanted = revs.find((r) => r.version === target);
  const params = { release: check.release, revision: last.version, target };
  if (!wanted || last.version <= target)
    return {
      message: t(view.lang, 'helm.noRollbackTarget', {
        ...params,
        revisions: revs.map((r) => r.version).join(', '),
      }),
      path: 'rollbackTo',
      expected: target,
    };
  const back = rolledBackTo(last);
  if (back === undefined) {
    const same = sameContent(last, wanted);
    return {
      message: t(view.lang, same ? 'helm.upgradeNotRollback' : 'helm.notRollback', {
        ...params,
        description: last.info.description ?? '',
      }),
      path: 'info.description',
      expected: `Rollback to ${target}`,
      actual: last.info.description,
    };
  }
  const source = revs.find((r) => r.version === back);
  if (back === target || (source && sameContent(source, wanted) && sameContent(last, wanted))) return undefined;
  return {
    message: t(view.lang, 'helm.rollbackWrong', {
      ...params,
      actual: back,
      actualChart: source ? chartOf(source) : '?',
      actualValues: source ? show(source.config ?? {}) : '?',
      targetChart: chartOf(wanted),
      targetValues: show(wanted.config ?? {}),
    }),
    path: 'info.description',
    expected: `Rollback to ${target}`,
    actual: last.info.description,
  };
}

/** The first `history` entry no later revision matches, with the closest revision's first mismatch. */
function historyProblem(check: HelmReleaseCheck, revs: ReleaseRevision[], view: NamespaceView): Problem | undefined {
  let after = 0;
  for (const [i, want] of (check.history ?? []).entries()) {
    const candidates = revs.filter((r) => r.version > after);
    const match = candidates.find((r) => revisionMismatches(r, want, view).length === 0);
    if (match) {
      after = match.version;
      continue;
    }
    const closest = candidates
      .map((r) => ({ r, m: revisionMismatches(r, want, view) }))
      .sort((a, b) => a.m.length - b.m.length)[0];
    const what = show({ ...want });
    const message = closest
      ? t(view.lang, 'helm.historyMissing', {
          release: check.release,
          after,
          what,
          closest: valueMessage(check, closest.r, closest.m[0]!, view),
        })
      : t(view.lang, 'helm.historyNone', { release: check.release, after, what });
    return { message, path: `history[${i}]`, expected: want };
  }
  return undefined;
}

/** `helm-release`: the release's revisions, the deployed one's chart and values, its rollback, its objects. */
async function checkHelmRelease(check: HelmReleaseCheck, view: NamespaceView): Promise<Outcome> {
  const { byName, broken } = await releasesIn(view);
  const revs = byName.get(check.release);
  if (!revs?.length) {
    const summary = await explainNoRelease(check, [...byName.keys()], view);
    return failed(
      broken.length ? `${summary} ${t(view.lang, 'helm.unreadable', { secrets: broken.join(', ') })}` : summary,
    );
  }
  const last = revs[revs.length - 1]!;
  const problems: Problem[] = [];
  if (last.info.status !== 'deployed') {
    const deployed = [...revs].reverse().find((r) => r.info.status === 'deployed');
    problems.push({
      message: t(view.lang, 'helm.notDeployed', {
        release: check.release,
        revision: last.version,
        status: last.info.status,
        description: last.info.description ?? '',
        deployed: deployed?.version ?? 'none',
      }),
      path: 'info.status',
      expected: 'deployed',
      actual: last.info.status,
    });
  }
  for (const m of revisionMismatches(last, check, view)) {
    const path = m.path === 'chart' || m.path === 'chartVersion' ? m.path : `values.${m.path}`;
    problems.push({ message: valueMessage(check, last, m, view), path, expected: m.expected, actual: m.actual });
  }
  const history = historyProblem(check, revs, view);
  if (history) problems.push(history);
  if (check.rollbackTo !== undefined) {
    const rollback = rollbackProblem(check, check.rollbackTo, revs, view);
    if (rollback) problems.push(rollback);
  }
  if (check.objects && last.info.status === 'deployed') problems.push(...(await objectProblems(check, last, view)));
  if (problems.length) return failed(problems[0]!.message, problems);
  const back = rolledBackTo(last);
  return passed(
    t(view.lang, 'helm.passed', {
      release: check.release,
      revision: last.version,
      chart: chartOf(last),
      rollback: back === undefined ? '' : t(view.lang, 'helm.passedRollback', { back }),
      values: show(last.config ?? {}),
    }),
  );
}
