/**
 * What one container of a Pod sees of its ConfigMaps and Secrets: its environment and the files
 * under its mounts, computed from the stored Pod and the ConfigMaps and Secrets of its namespace
 * the way a kubelet builds them (k8s.io/kubernetes pkg/kubelet/kubelet_pods.go
 * makeEnvironmentVariables; pkg/volume/{configmap,secret,projected} and pkg/volume/util
 * atomic_writer for the files; see also the "Configure a Pod to Use a ConfigMap" and "Secrets"
 * pages of the Kubernetes docs).
 */
import type { KubeObject } from '../kube/types.js';

/** Where a value the container sees comes from. */
export type ValueSource =
  | { type: 'literal' }
  | { type: 'ConfigMap' | 'Secret'; name: string; key: string; via: 'env' | 'envFrom' | 'volume' }
  | { type: 'field'; path: string }
  | { type: 'resource'; resource: string };

/** One env var or file as the container sees it; `value` undefined when only the running Pod knows it. */
export interface Seen {
  value: string | undefined;
  source: ValueSource;
  /** A file mounted with subPath: a kubelet never updates it after the container starts. */
  subPath?: boolean;
}

/** A volume mount of the container, with the ConfigMaps and Secrets it reads. */
export interface MountInfo {
  mountPath: string;
  volume: string;
  subPath?: string;
  /** `ConfigMap x`, `Secret y`: what the volume projects (empty for other volume types). */
  objects: { type: 'ConfigMap' | 'Secret'; name: string }[];
}

/** What one container sees. */
export interface ContainerView {
  container: string;
  /** Env var name -> value, after envFrom, env and $(VAR) expansion (service env vars not included). */
  env: Map<string, Seen>;
  /** Absolute path -> contents, for files of configMap, secret and projected volumes. */
  files: Map<string, Seen>;
  mounts: MountInfo[];
  /**
   * Why a kubelet would not start the container, in its words: `configmap "x" not found`,
   * `couldn't find key k in ConfigMap ns/x`, `MountVolume.SetUp failed for volume "v" : ...`.
   */
  errors: string[];
}

interface KeyToPath {
  key: string;
  path: string;
}
interface ObjRef {
  name?: string;
  optional?: boolean;
}
interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    configMapKeyRef?: ObjRef & { key: string };
    secretKeyRef?: ObjRef & { key: string };
    fieldRef?: { fieldPath: string };
    resourceFieldRef?: { resource: string };
  };
}
interface EnvFromSource {
  prefix?: string;
  configMapRef?: ObjRef;
  secretRef?: ObjRef;
}
interface Container {
  name: string;
  env?: EnvVar[];
  envFrom?: EnvFromSource[];
  volumeMounts?: { name: string; mountPath: string; subPath?: string; subPathExpr?: string }[];
}
interface ProjectionSource {
  configMap?: ObjRef & { items?: KeyToPath[] };
  secret?: ObjRef & { items?: KeyToPath[] };
}
interface Volume {
  name: string;
  configMap?: ObjRef & { items?: KeyToPath[] };
  secret?: { secretName?: string; optional?: boolean; items?: KeyToPath[] };
  projected?: { sources?: ProjectionSource[] };
}

/** The ConfigMaps and Secrets of the Pod's namespace, decoded: name -> key -> value. */
export interface ConfigData {
  configMaps: Map<string, { data: Record<string, string>; binary: Record<string, string> }>;
  secrets: Map<string, Record<string, string>>;
}

/** Decodes base64 as a kubelet writes a Secret's bytes: UTF-8 text. */
const decode = (b64: string): string => Buffer.from(b64, 'base64').toString('utf8');

/** The data of ConfigMaps and Secrets (Secret `data` base64-decoded; `stringData` is never stored). */
export function configData(configMaps: KubeObject[], secrets: KubeObject[]): ConfigData {
  const cms = new Map<string, { data: Record<string, string>; binary: Record<string, string> }>();
  for (const cm of configMaps) {
    const binary = Object.fromEntries(
      Object.entries((cm.binaryData as Record<string, string> | undefined) ?? {}).map(([k, v]) => [k, decode(v)]),
    );
    cms.set(cm.metadata!.name!, { data: (cm.data as Record<string, string> | undefined) ?? {}, binary });
  }
  const secs = new Map<string, Record<string, string>>();
  for (const s of secrets) {
    const data = (s.data as Record<string, string> | undefined) ?? {};
    secs.set(s.metadata!.name!, Object.fromEntries(Object.entries(data).map(([k, v]) => [k, decode(v)])));
  }
  return { configMaps: cms, secrets: secs };
}

/**
 * Expands `$(VAR)` references as the kubelet does in an env var's `value`
 * (k8s.io/kubernetes third_party/forked/golang/expansion): `$$` is a `$`, `$(NAME)` is NAME's value
 * when NAME is defined, else kept as written.
 */
export function expand(input: string, lookup: (name: string) => string | undefined): string {
  let out = '';
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c !== '$' || i + 1 >= input.length) {
      out += c;
      continue;
    }
    const next = input[i + 1];
    if (next === '$') {
      out += '$';
      i++;
    } else if (next === '(') {
      const close = input.indexOf(')', i + 2);
      if (close < 0) {
        out += input.slice(i);
        break;
      }
      const name = input.slice(i + 2, close);
      const value = lookup(name);
      out += value ?? `$(${name})`;
      i = close;
    } else {
      out += c;
    }
  }
  return out;
}

/** A field of the Pod as a fieldRef reads it, or undefined when only the running Pod has it. */
function fieldValue(pod: KubeObject, path: string): string | undefined {
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (m) return pod.metadata?.[m[1] as 'labels' | 'annotations']?.[m[2]!];
  const simple: Record<string, unknown> = {
    'metadata.name': pod.metadata?.name,
    'metadata.namespace': pod.metadata?.namespace,
    'metadata.uid': pod.metadata?.uid,
    'spec.nodeName': pod.spec?.nodeName,
    'spec.serviceAccountName': pod.spec?.serviceAccountName,
    'status.podIP': pod.status?.podIP,
    'status.hostIP': pod.status?.hostIP,
  };
  const v = simple[path];
  return typeof v === 'string' ? v : undefined;
}

/** The container's environment (envFrom first, in order, then env, each later one overriding). */
function environment(pod: KubeObject, c: Container, data: ConfigData, errors: string[]): Map<string, Seen> {
  const ns = pod.metadata?.namespace ?? '';
  const env = new Map<string, Seen>();
  for (const from of c.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    if (from.configMapRef) {
      const cm = data.configMaps.get(from.configMapRef.name ?? '');
      if (!cm) {
        if (!from.configMapRef.optional) errors.push(`configmap "${from.configMapRef.name}" not found`);
        continue;
      }
      for (const [key, value] of Object.entries(cm.data))
        env.set(prefix + key, {
          value,
          source: { type: 'ConfigMap', name: from.configMapRef.name!, key, via: 'envFrom' },
        });
    } else if (from.secretRef) {
      const secret = data.secrets.get(from.secretRef.name ?? '');
      if (!secret) {
        if (!from.secretRef.optional) errors.push(`secret "${from.secretRef.name}" not found`);
        continue;
      }
      for (const [key, value] of Object.entries(secret))
        env.set(prefix + key, { value, source: { type: 'Secret', name: from.secretRef.name!, key, via: 'envFrom' } });
    }
  }
  const lookup = (name: string) => env.get(name)?.value;
  for (const e of c.env ?? []) {
    if (e.value) {
      env.set(e.name, { value: expand(e.value, lookup), source: { type: 'literal' } });
      continue;
    }
    const from = e.valueFrom;
    if (!from) {
      env.set(e.name, { value: '', source: { type: 'literal' } });
    } else if (from.configMapKeyRef) {
      const ref = from.configMapKeyRef;
      const cm = data.configMaps.get(ref.name ?? '');
      if (!cm) {
        if (!ref.optional) errors.push(`configmap "${ref.name}" not found`);
      } else if (!(ref.key in cm.data)) {
        if (!ref.optional) errors.push(`couldn't find key ${ref.key} in ConfigMap ${ns}/${ref.name}`);
      } else {
        env.set(e.name, {
          value: cm.data[ref.key],
          source: { type: 'ConfigMap', name: ref.name!, key: ref.key, via: 'env' },
        });
      }
    } else if (from.secretKeyRef) {
      const ref = from.secretKeyRef;
      const secret = data.secrets.get(ref.name ?? '');
      if (!secret) {
        if (!ref.optional) errors.push(`secret "${ref.name}" not found`);
      } else if (!(ref.key in secret)) {
        if (!ref.optional) errors.push(`couldn't find key ${ref.key} in Secret ${ns}/${ref.name}`);
      } else {
        env.set(e.name, {
          value: secret[ref.key],
          source: { type: 'Secret', name: ref.name!, key: ref.key, via: 'env' },
        });
      }
    } else if (from.fieldRef) {
      const path = from.fieldRef.fieldPath;
      env.set(e.name, { value: fieldValue(pod, path), source: { type: 'field', path } });
    } else if (from.resourceFieldRef) {
      env.set(e.name, { value: undefined, source: { type: 'resource', resource: from.resourceFieldRef.resource } });
    }
  }
  return env;
}

/** The files of one key-to-path projection (relative path -> value), or an error in the kubelet's words. */
function project(
  type: 'ConfigMap' | 'Secret',
  name: string,
  optional: boolean | undefined,
  items: KeyToPath[] | undefined,
  data: ConfigData,
): { files: Map<string, Seen>; error?: string } {
  const files = new Map<string, Seen>();
  let values: Record<string, string> | undefined;
  if (type === 'ConfigMap') {
    const cm = data.configMaps.get(name);
    if (cm) values = { ...cm.binary, ...cm.data };
  } else values = data.secrets.get(name);
  if (!values) {
    return optional ? { files } : { files, error: `${type.toLowerCase()} "${name}" not found` };
  }
  const source = (key: string): ValueSource => ({ type, name, key, via: 'volume' });
  if (!items?.length) {
    for (const [key, value] of Object.entries(values)) files.set(key, { value, source: source(key) });
    return { files };
  }
  for (const item of items) {
    if (!(item.key in values)) {
      if (optional) continue;
      const error =
        type === 'ConfigMap'
          ? `configmap references non-existent config key: ${item.key}`
          : `references non-existent secret key: ${item.key}`;
      return { files, error };
    }
    files.set(item.path, { value: values[item.key], source: source(item.key) });
  }
  return { files };
}

/** The files of a volume (relative path -> value) and what it reads, or undefined for other volume types. */
function volumeFiles(
  volume: Volume,
  data: ConfigData,
  errors: string[],
): { files: Map<string, Seen>; objects: MountInfo['objects'] } | undefined {
  const parts: { type: 'ConfigMap' | 'Secret'; name: string; optional?: boolean; items?: KeyToPath[] }[] = [];
  if (volume.configMap) parts.push({ type: 'ConfigMap', name: volume.configMap.name ?? '', ...volume.configMap });
  else if (volume.secret) parts.push({ type: 'Secret', name: volume.secret.secretName ?? '', ...volume.secret });
  else if (volume.projected) {
    for (const s of volume.projected.sources ?? []) {
      if (s.configMap) parts.push({ type: 'ConfigMap', name: s.configMap.name ?? '', ...s.configMap });
      if (s.secret) parts.push({ type: 'Secret', name: s.secret.name ?? '', ...s.secret });
    }
  } else return undefined;
  const files = new Map<string, Seen>();
  for (const part of parts) {
    const got = project(part.type, part.name, part.optional, part.items, data);
    if (got.error) errors.push(`MountVolume.SetUp failed for volume "${volume.name}" : ${got.error}`);
    for (const [path, seen] of got.files) files.set(path, seen);
  }
  return { files, objects: parts.map((p) => ({ type: p.type, name: p.name })) };
}

/** `a/b/../c` -> `a/c`, without a trailing slash; `/` stays `/`. */
export function cleanPath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `/${out.join('/')}`;
}

/** Whether `path` is `dir` or below it. */
export const isUnder = (path: string, dir: string): boolean =>
  path === dir || path.startsWith(dir === '/' ? '/' : `${dir}/`);

/**
 * What container `name` (default: the first) of `pod` sees.
 * @returns undefined when the Pod has no such container
 */
export function containerView(pod: KubeObject, name: string | undefined, data: ConfigData): ContainerView | undefined {
  const containers = (pod.spec?.containers ?? []) as Container[];
  const c = name === undefined ? containers[0] : containers.find((x) => x.name === name);
  if (!c) return undefined;
  const errors: string[] = [];
  const volumes = new Map(((pod.spec?.volumes ?? []) as Volume[]).map((v) => [v.name, v]));
  // A kubelet sets up the volumes before it builds the environment.
  const mounts: MountInfo[] = [];
  const files = new Map<string, Seen>();
  const perVolume = new Map<string, ReturnType<typeof volumeFiles>>();
  for (const vm of c.volumeMounts ?? []) {
    const volume = volumes.get(vm.name);
    if (!volume) continue;
    if (!perVolume.has(vm.name)) perVolume.set(vm.name, volumeFiles(volume, data, errors));
  }
  const env = environment(pod, c, data, errors);
  // Shallow mounts first: a deeper mount hides what the shallower one has under its path.
  const ordered = [...(c.volumeMounts ?? [])].sort(
    (a, b) => cleanPath(a.mountPath).length - cleanPath(b.mountPath).length,
  );
  for (const vm of ordered) {
    const got = perVolume.get(vm.name);
    const mountPath = cleanPath(vm.mountPath);
    const subPath = vm.subPath ?? (vm.subPathExpr ? expand(vm.subPathExpr, (n) => env.get(n)?.value) : undefined);
    mounts.push({ mountPath, volume: vm.name, subPath: subPath || undefined, objects: got?.objects ?? [] });
    for (const path of [...files.keys()]) if (isUnder(path, mountPath)) files.delete(path);
    if (!got) continue;
    const sub = subPath ? cleanPath(subPath).slice(1) : '';
    for (const [rel, seen] of got.files) {
      if (!sub) files.set(cleanPath(`${mountPath}/${rel}`), seen);
      else if (rel === sub) files.set(mountPath, { ...seen, subPath: true });
      else if (rel.startsWith(`${sub}/`))
        files.set(cleanPath(`${mountPath}/${rel.slice(sub.length + 1)}`), { ...seen, subPath: true });
    }
  }
  return { container: c.name, env, files, mounts, errors };
}
