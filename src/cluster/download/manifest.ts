import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { parse } from 'yaml';
import { ClusterError } from '../../errors.js';
import { contentRoot } from '../../util/paths.js';

/** The environment variable that points every download at a mirror: `<mirror>/<source name>/...`. */
export const MIRROR_ENV = 'CKA_LAB_DOWNLOAD_MIRROR';

/** A platform in Go's names, e.g. `linux/amd64`. */
export type Platform = `${string}/${string}`;

/** The releases the placeholders {kube}, {etcd} and {kwok} stand for, e.g. `v1.35.4`. */
export interface ReleaseVersions {
  kube: string;
  etcd: string;
  kwok: string;
}

const ChecksumSchema = v.strictObject({
  algorithm: v.picklist(['sha256', 'sha512']),
  format: v.picklist(['hex', 'sums', 'github-digest']),
  url: v.string(),
  entry: v.optional(v.string()),
});

const FileSchema = v.strictObject({
  name: v.string(),
  platforms: v.array(v.pipe(v.string(), v.regex(/^[a-z0-9]+\/[a-z0-9]+$/))),
  url: v.string(),
  checksum: ChecksumSchema,
  member: v.optional(v.string()),
});

const ManifestSchema = v.strictObject({
  sources: v.record(v.pipe(v.string(), v.regex(/^[a-z0-9-]+$/)), v.pipe(v.string(), v.url())),
  files: v.array(FileSchema),
});

/** The whole of cluster/releases.yaml (its fields are documented there). */
export type ReleaseManifest = v.InferOutput<typeof ManifestSchema>;

/** Where a file's checksum is published and how to read it. */
export interface ChecksumSource {
  algorithm: 'sha256' | 'sha512';
  /** `hex`: the digest alone; `sums`: sha256sum lines; `github-digest`: GitHub's release JSON. */
  format: 'hex' | 'sums' | 'github-digest';
  url: string;
  /** The line (`sums`) or asset (`github-digest`) that holds this file's digest. */
  entry?: string;
}

/** One file to download for one platform, every placeholder filled in. */
export interface ReleaseFile {
  /** The file name in the binary cache folder (kube-apiserver, etcd...). */
  name: string;
  url: string;
  checksum: ChecksumSource;
  /** The path of the binary inside a .tar.gz release archive; absent for a plain binary. */
  member?: string;
}

/** What the manifest offers for one platform: every file, or the names it lacks there. */
export type ReleasePlan = { files: ReleaseFile[]; missing: [] } | { files: []; missing: string[] };

/** Path of the manifest in the package. */
export const manifestPath = (): string => join(contentRoot(), 'cluster', 'releases.yaml');

/**
 * Reads and checks cluster/releases.yaml.
 * @throws ClusterError naming the file and the first problem when it is not valid
 */
export function loadReleaseManifest(file = manifestPath()): ReleaseManifest {
  let data: unknown;
  try {
    data = parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new ClusterError(`${file} cannot be read as YAML (${(err as Error).message}); restore it from the package.`, {
      cause: err,
    });
  }
  const result = v.safeParse(ManifestSchema, data);
  if (!result.success) {
    const issue = result.issues[0];
    const where = v.getDotPath(issue) ?? '(top)';
    throw new ClusterError(`${file}: ${where}: ${issue.message}; restore it from the package.`);
  }
  return result.output;
}

/**
 * The files of `names` for `platform`, their placeholders filled in from `versions` and the
 * sources' base URLs (each `<mirror>/<source>` when `mirror` is given).
 * @param names the binaries wanted, in order; a name the manifest does not list counts as missing
 * @throws ClusterError for a placeholder the manifest does not define
 */
export function planRelease(
  manifest: ReleaseManifest,
  names: readonly string[],
  platform: Platform,
  versions: ReleaseVersions,
  mirror?: string,
): ReleasePlan {
  const [os, arch] = platform.split('/') as [string, string];
  const values: Record<string, string> = { ...versions, os, arch };
  for (const [source, base] of Object.entries(manifest.sources))
    values[`site:${source}`] = mirror ? `${mirror.replace(/\/+$/, '')}/${source}` : base.replace(/\/+$/, '');
  const fill = (template: string): string =>
    template.replace(/\{([a-z:-]+)\}/g, (_, key: string) => {
      const value = values[key];
      if (value === undefined) throw new ClusterError(`cluster/releases.yaml uses {${key}}, which is not defined.`);
      return value;
    });
  const files: ReleaseFile[] = [];
  const missing: string[] = [];
  for (const name of names) {
    const entry = manifest.files.find((f) => f.name === name && f.platforms.includes(platform));
    if (!entry) {
      missing.push(name);
      continue;
    }
    const { algorithm, format, url, entry: line } = entry.checksum;
    files.push({
      name,
      url: fill(entry.url),
      checksum: { algorithm, format, url: fill(url), ...(line ? { entry: fill(line) } : {}) },
      ...(entry.member ? { member: fill(entry.member) } : {}),
    });
  }
  return missing.length ? { files: [], missing } : { files, missing: [] };
}

/** This machine's platform in Go's names (`linux/amd64`, `darwin/arm64`...). */
export function hostPlatform(): Platform {
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch as string] ?? process.arch;
  return `${process.platform}/${arch}`;
}
