/**
 * The `generated-config` check kind: a workload uses a ConfigMap that kustomize's
 * configMapGenerator made, unchanged since. kustomize names a generated ConfigMap
 * `<name>-<hash of its data>` and rewrites every reference to it in the same build, so a change of
 * the data makes a new ConfigMap and rolls the workload out; a ConfigMap edited by hand (`kubectl
 * edit`) keeps its old suffix, which no longer matches its data (src/checks/kustomize-hash.ts).
 */
import * as v from 'valibot';
import { ObjectRef } from './fields.js';
import { defineCheckKind, type CheckData } from './define.js';
import { failed, passed, type Outcome } from '../result.js';
import type { NamespaceView } from '../view.js';
import type { KubeObject } from '../../kube/types.js';
import { explainMissing, findTarget, nameOf } from '../describe.js';
import { hashedName, kustomizeConfigMapHash } from '../kustomize-hash.js';
import { t } from '../../i18n/t.js';

const fields = {
  /** The workload (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or Pod) whose Pod template must use it. */
  workload: ObjectRef,
  /** The generator's name after namePrefix and nameSuffix, without the hash: `prod-web-config`. */
  configMap: v.string(),
  /** Keys the ConfigMap must hold with exactly these values (others are not compared). */
  data: v.optional(v.record(v.string(), v.string())),
};
type GeneratedConfigCheck = CheckData<'generated-config', typeof fields>;

const CONFIG_MAP = { apiVersion: 'v1', kind: 'ConfigMap' };

/** The `generated-config` check kind; its `description` says what it checks. */
export const generatedConfigKind = defineCheckKind({
  type: 'generated-config',
  description:
    "The workload's Pod template refers (env, envFrom or a volume) to a ConfigMap named `<configMap>-<hash>` " +
    "that exists, whose hash suffix is the one kustomize's configMapGenerator computes from its data (so it was " +
    'not edited by hand after it was generated), and which holds `data`.',
  fields,
  reads: (check) => [check.workload, CONFIG_MAP],
  run: checkGeneratedConfig,
});

/** The Pod spec of a workload or Pod. */
function podSpecOf(obj: KubeObject): Record<string, unknown> | undefined {
  const spec = (obj as { spec?: Record<string, unknown> }).spec;
  if (obj.kind === 'Pod') return spec;
  if (obj.kind === 'CronJob')
    return (spec?.jobTemplate as { spec?: { template?: { spec?: Record<string, unknown> } } })?.spec?.template?.spec;
  return (spec?.template as { spec?: Record<string, unknown> } | undefined)?.spec;
}

/** The ConfigMap names a Pod spec refers to: env, envFrom, configMap and projected volumes, in order. */
export function configMapRefs(podSpec: Record<string, unknown> | undefined): string[] {
  type Container = {
    env?: { valueFrom?: { configMapKeyRef?: { name?: string } } }[];
    envFrom?: { configMapRef?: { name?: string } }[];
  };
  type Volume = { configMap?: { name?: string }; projected?: { sources?: { configMap?: { name?: string } }[] } };
  const names: (string | undefined)[] = [];
  const containers = [
    ...((podSpec?.initContainers as Container[] | undefined) ?? []),
    ...((podSpec?.containers as Container[] | undefined) ?? []),
  ];
  for (const c of containers) {
    for (const e of c.env ?? []) names.push(e.valueFrom?.configMapKeyRef?.name);
    for (const e of c.envFrom ?? []) names.push(e.configMapRef?.name);
  }
  for (const vol of (podSpec?.volumes as Volume[] | undefined) ?? []) {
    names.push(vol.configMap?.name);
    for (const s of vol.projected?.sources ?? []) names.push(s.configMap?.name);
  }
  return [...new Set(names.filter((n): n is string => Boolean(n)))];
}

/** `generated-config`: see the module comment. */
async function checkGeneratedConfig(check: GeneratedConfigCheck, view: NamespaceView): Promise<Outcome> {
  const lang = view.lang;
  const workload = await findTarget(view, check.workload);
  if (!workload) return failed(await explainMissing(view, check.workload));
  const what = nameOf(check.workload.kind, check.workload.name);
  const base = check.configMap;
  const refs = configMapRefs(podSpecOf(workload));
  const generated = refs.filter((name) => hashedName(name, base) !== undefined);
  if (generated.length === 0) {
    if (refs.includes(base)) return failed(t(lang, 'generated.noSuffix', { what, name: base }));
    return failed(
      t(lang, 'generated.notUsed', { what, pattern: `${base}-<hash>`, refs: refs.join(', '), count: refs.length }),
    );
  }
  const configMaps = await view.list(CONFIG_MAP);
  const problems: string[] = [];
  for (const name of generated) {
    const cm = configMaps.find((o) => o.metadata?.name === name);
    if (!cm) {
      problems.push(t(lang, 'generated.missing', { what, name }));
      continue;
    }
    const hash = kustomizeConfigMapHash(cm);
    if (hashedName(name, base) !== hash) {
      problems.push(t(lang, 'generated.edited', { name, generated: `${base}-${hash}` }));
      continue;
    }
    const data = (cm as { data?: Record<string, string> }).data ?? {};
    const wrong = Object.entries(check.data ?? {}).filter(([key, value]) => data[key] !== value);
    if (wrong.length > 0) {
      const [key, value] = wrong[0]!;
      problems.push(
        key in data
          ? t(lang, 'generated.wrongValue', { name, key, actual: data[key], expected: value })
          : t(lang, 'generated.noKey', { name, key, expected: value }),
      );
      continue;
    }
    return passed(t(lang, 'generated.ok', { what, name }));
  }
  return failed(
    problems[0]!,
    // The report shows the problems when there are any: all of them, the first included.
    problems.length > 1 ? problems.map((message) => ({ message })) : [],
  );
}
