import { createHash } from 'node:crypto';
import type { KubeObject } from '../kube/types.js';

/**
 * The name suffix kustomize gives a ConfigMap it generates (configMapGenerator), from the
 * ConfigMap's content: sigs.k8s.io/kustomize/api/hasher (v0.20, kubectl 1.35's kustomize v5.7).
 * It hashes the JSON of `{binaryData?, data, kind: "ConfigMap", name}` with Go's encoding/json
 * (keys sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped), where `name` is always "" (kustomize
 * looks the name up with the path `metadata/name` as one key, which never matches), and `data` is
 * "" when the ConfigMap has none; then SHA-256, the first 10 hex digits, with 0 1 3 a e written
 * as g h k m t. So the suffix depends on the data only: a ConfigMap whose data was changed after
 * kustomize generated it no longer matches its own suffix.
 * @returns 10 characters, e.g. `b9t2424hkf` for data `{A: b}`
 */
export function kustomizeConfigMapHash(cm: KubeObject): string {
  const data = (cm as { data?: Record<string, string> }).data;
  const binaryData = (cm as { binaryData?: Record<string, string> }).binaryData;
  const encoded: Record<string, unknown> = { kind: 'ConfigMap', name: '', data: data ?? '' };
  if (binaryData && typeof binaryData === 'object') encoded.binaryData = binaryData;
  const hex = createHash('sha256').update(goJson(encoded)).digest('hex');
  const letters: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return hex.slice(0, 10).replace(/[013ae]/g, (c) => letters[c]!);
}

/** JSON as Go's encoding/json writes a map: keys sorted, HTML characters and line separators escaped. */
function goJson(value: unknown): string {
  const sorted = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
        )
      : v;
  return JSON.stringify(sorted(value)).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Whether `name` is `<base>-<suffix>` with a suffix of kustomize's alphabet (10 characters). */
export function hashedName(name: string, base: string): string | undefined {
  if (!name.startsWith(`${base}-`)) return undefined;
  const suffix = name.slice(base.length + 1);
  return /^[0-9a-z]{10}$/.test(suffix) ? suffix : undefined;
}
