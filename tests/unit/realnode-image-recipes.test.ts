import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadNodeImageRecipes, recipeFilesDir } from '../../src/cluster/realnode/images.js';
import { normaliseImage } from '../../src/cluster/local/stages.js';

const repo = join(import.meta.dirname, '..', '..');

/** Every file under a folder. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile());

/** The ids of the labs whose Pods run on the real node: those with `requires: [runtime]`. */
const runtimeLabs = (): string[] =>
  readdirSync(join(repo, 'labs')).filter((id) => {
    const file = join(repo, 'labs', id, 'lab.yaml');
    if (!statSync(join(repo, 'labs', id)).isDirectory()) return false;
    const lab = parse(readFileSync(file, 'utf8')) as { requires?: string[] };
    return lab.requires?.includes('runtime') ?? false;
  });

/**
 * The images the runtime labs start (the only labs whose Pods the real node runs; the others stay on
 * simulated nodes, whose image catalog is cluster/images.yaml): `image: X` and `--image=X` in their
 * labs/ and manifests/ folders, and `kubectl set image ... name=X`, kept when cluster/images.yaml
 * lists them (so the broken images the labs stage on purpose, like redis123, are left out).
 */
function labImages(): Set<string> {
  const catalog = parse(readFileSync(join(repo, 'cluster', 'images.yaml'), 'utf8')) as {
    images: Record<string, (string | number)[]>;
  };
  const listed = new Set(
    Object.entries(catalog.images).flatMap(([repository, tags]) =>
      tags.map((t) => normaliseImage(`${repository}:${String(t)}`)),
    ),
  );
  const found = new Set<string>();
  const folders = runtimeLabs().flatMap((id) => [join(repo, 'labs', id), join(repo, 'manifests', id)]);
  for (const file of folders.filter((d) => existsSync(d)).flatMap(filesUnder)) {
    if (!/\.ya?ml$/.test(file)) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:\bimage:\s*["']?|--image[= ]|set image \S+ \w+=)([a-z0-9][\w./:-]*)/g)) {
      const ref = normaliseImage(m[1]!);
      if (listed.has(ref)) found.add(ref);
    }
  }
  return found;
}

describe('cluster/node-images.yaml', () => {
  const recipes = loadNodeImageRecipes();
  const refs = new Set(recipes.images.flatMap((r) => r.refs.map(normaliseImage)));

  it('builds every image the runtime labs start, under the name they use', () => {
    const used = labImages();
    expect(used).toContain('docker.io/library/busybox:1.36'); // the scan itself works (the probes lab)
    expect([...used].filter((ref) => !refs.has(ref))).toEqual([]);
  });

  it('names the pause image kubeadm 1.35 and containerd 2.4 use, and busybox and CoreDNS', () => {
    for (const ref of [
      'registry.k8s.io/pause:3.10.1',
      'registry.k8s.io/pause:3.10.2',
      'docker.io/library/busybox:latest',
      'docker.io/library/busybox:1.36',
      'registry.k8s.io/coredns/coredns:v1.15.0',
    ])
      expect(refs).toContain(ref);
  });

  it('gives each reference to one image only', () => {
    const all = recipes.images.flatMap((r) => r.refs.map(normaliseImage));
    expect(all.length).toBe(new Set(all).size);
  });

  it('names only files that exist in build/node-images, scripts executable', () => {
    const named = [recipes.base, ...recipes.images].flatMap((r) => [
      ...Object.values(r.add),
      ...('compile' in r && r.compile ? [r.compile.source] : []),
    ]);
    for (const f of named) expect(statSync(join(recipeFilesDir(), f)).isFile(), f).toBe(true);
    for (const f of filesUnder(recipeFilesDir())) {
      if (readFileSync(f, 'utf8').startsWith('#!')) {
        expect(statSync(f).mode & 0o111, `${relative(repo, f)} must be executable`).not.toBe(0);
      }
    }
  });

  it('rejects a recipe with an unknown field, naming the file and the field', () => {
    const bad = join(import.meta.dirname, '..', '..', 'package.json'); // valid YAML (JSON), wrong shape
    expect(() => loadNodeImageRecipes(bad)).toThrow(/package\.json: .*(base|images)/);
  });
});
