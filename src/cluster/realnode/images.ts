/**
 * The real node's container images, built by cka-lab with no registry: a pause image from
 * build/node-images/pause.c, busybox and the lab images (nginx, redis, memcached, httpd) from
 * Debian packages, and CoreDNS from a binary the caller built. The recipes are data in
 * cluster/node-images.yaml; each image becomes an OCI image-layout tarball (see image-tar.ts)
 * for `ctr -n k8s.io images import <tarball>` (containerd 2.x), which names the image by every
 * reference in its recipe (`docker.io/library/nginx:1.27`, ...).
 *
 * Tarballs are cached under $XDG_CACHE_HOME/cka-lab/node-images, named by a hash of the recipe
 * and of every file it uses, so an unchanged recipe is never rebuilt; the Debian packages are
 * kept in debs/ there. Builds are serialised across processes with a file lock.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import * as v from 'valibot';
import { parse } from 'yaml';
import { ClusterError } from '../../errors.js';
import { withFileLock } from '../../util/lock.js';
import type { Log } from '../../util/log.js';
import { contentRoot, xdgDir } from '../../util/paths.js';
import { downloadDebs, entriesFromRoot, extractDebs, type Deb } from './image-debs.js';
import {
  ociArch,
  writeImageArchive,
  writeLayer,
  type ImageRuntimeConfig,
  type LayerBlob,
  type LayerEntry,
} from './image-tar.js';

const run = promisify(execFile);

/** Bumped when the way images are built changes, so cached tarballs are rebuilt. */
const FORMAT = 1;

/** One built image: the references it is imported under and its tarball (an absolute path). */
export interface NodeImage {
  refs: string[];
  tarball: string;
}

/** What {@link ensureNodeImages} may be given. */
export interface NodeImageOptions {
  /** The coredns executable; the CoreDNS image is built only when it is given. */
  corednsBinary?: string;
}

const Dir = v.object({
  mode: v.optional(v.pipe(v.string(), v.regex(/^[0-7]{3,4}$/))),
  owner: v.optional(v.pipe(v.string(), v.regex(/^\d+:\d+$/))),
});
const Parts = {
  debs: v.optional(v.array(v.string()), []),
  copy: v.optional(v.array(v.string()), []),
  add: v.optional(v.record(v.string(), v.string()), {}),
  links: v.optional(v.record(v.string(), v.string()), {}),
  dirs: v.optional(v.record(v.string(), Dir), {}),
};
const Runtime = v.strictObject({
  entrypoint: v.optional(v.array(v.string())),
  cmd: v.optional(v.array(v.string())),
  env: v.optional(v.array(v.string())),
  workingDir: v.optional(v.string()),
  user: v.optional(v.string()),
  exposedPorts: v.optional(v.array(v.string())),
  stopSignal: v.optional(v.string()),
  labels: v.optional(v.record(v.string(), v.string())),
});
const Recipe = v.strictObject({
  name: v.pipe(v.string(), v.regex(/^[a-z0-9-]+$/)),
  refs: v.pipe(v.array(v.string()), v.minLength(1)),
  base: v.optional(v.boolean(), true),
  ...Parts,
  compile: v.optional(v.strictObject({ source: v.string(), to: v.string() })),
  binary: v.optional(v.strictObject({ option: v.literal('corednsBinary'), to: v.string() })),
  config: v.optional(Runtime, {}),
});
const Recipes = v.strictObject({
  base: v.strictObject({ busybox: v.string(), ...Parts }),
  images: v.array(Recipe),
});

/** One image recipe of cluster/node-images.yaml (its fields are documented there). */
export type ImageRecipe = v.InferOutput<typeof Recipe>;
/** The whole of cluster/node-images.yaml. */
export type ImageRecipes = v.InferOutput<typeof Recipes>;

/** The folder of the files the recipes name (configs, scripts, pause.c). */
export const recipeFilesDir = (): string => join(contentRoot(), 'build', 'node-images');

/**
 * Reads and checks cluster/node-images.yaml.
 * @throws ClusterError naming the file and the first problem when it does not match the schema
 */
export function loadNodeImageRecipes(file = join(contentRoot(), 'cluster', 'node-images.yaml')): ImageRecipes {
  const result = v.safeParse(Recipes, parse(readFileSync(file, 'utf8')));
  if (!result.success) {
    const issue = result.issues[0];
    const where = v.getDotPath(issue) ?? '(top)';
    throw new ClusterError(`${file}: ${where}: ${issue.message}; restore the file from the repository.`);
  }
  return result.output;
}

/** Where the tarballs, the base layer and the Debian packages are cached. */
export const nodeImagesDir = (): string => join(xdgDir('cache'), 'node-images');

/** The files of build/node-images a set of parts uses, for the cache key. */
const usedFiles = (r: { add: Record<string, string>; compile?: { source: string } }): string[] =>
  [...Object.values(r.add), ...(r.compile ? [r.compile.source] : [])].sort();

function keyOf(value: unknown, files: string[], extra = ''): string {
  const hash = createHash('sha256').update(JSON.stringify({ FORMAT, arch: ociArch(), value, extra }));
  for (const f of files) hash.update(f).update(readFileSync(join(recipeFilesDir(), f)));
  return hash.digest('hex').slice(0, 16);
}

/** The cache key of the shared base layer. */
const baseKey = (recipes: ImageRecipes): string => keyOf(recipes.base, usedFiles(recipes.base));

/** The tarball path of a recipe: `<name>-<hash of the recipe, its files, the base and the binary>.tar`. */
function tarballOf(recipes: ImageRecipes, recipe: ImageRecipe, opts: NodeImageOptions): string {
  let binary = '';
  if (recipe.binary) {
    const file = opts[recipe.binary.option]!;
    const st = statSync(file); // the binary's own cache is keyed by its sources; size and time suffice here
    binary = `${file}:${st.size}:${st.mtimeMs}`;
  }
  const key = keyOf({ recipe, base: recipe.base ? baseKey(recipes) : null }, usedFiles(recipe), binary);
  return join(nodeImagesDir(), `${recipe.name}-${key}.tar`);
}

/** How long a second process waits for a first build of the images, in ms. */
const BUILD_WAIT_MS = 20 * 60_000;

/**
 * Builds the real node's images unless cached and returns their tarballs, in the order of
 * cluster/node-images.yaml. The CoreDNS image is included only when `opts.corednsBinary` is
 * given. A first build downloads Debian packages with apt (about 30 MB, kept for later builds)
 * and compiles pause.c with gcc, in 10 to 30 s on 2 cores; later calls return at once. The key
 * does not cover Debian's package versions: a security update is taken when a recipe changes or
 * the cache folder is deleted.
 * @throws ClusterError when apt, dpkg-deb or gcc is missing or fails, a recipe file is missing,
 *   or the CoreDNS binary does not exist
 */
export async function ensureNodeImages(log: Log, opts: NodeImageOptions = {}): Promise<NodeImage[]> {
  const recipes = loadNodeImageRecipes();
  if (opts.corednsBinary && !existsSync(opts.corednsBinary))
    throw new ClusterError(`The coredns binary ${opts.corednsBinary} does not exist; build it first.`);
  const wanted = recipes.images.filter((r) => !r.binary || opts[r.binary.option]);
  const images = wanted.map((r) => ({ recipe: r, tarball: tarballOf(recipes, r, opts) }));
  const result = images.map(({ recipe, tarball }) => ({ refs: [...recipe.refs], tarball }));
  if (images.every((i) => existsSync(i.tarball))) return result;

  const dir = nodeImagesDir();
  await mkdir(dir, { recursive: true });
  await withFileLock(
    join(dir, 'build'),
    async () => {
      const missing = images.filter((i) => !existsSync(i.tarball));
      if (missing.length) await build(recipes, missing, opts, log);
    },
    BUILD_WAIT_MS,
  );
  return result;
}

/** The Debian release the packages come from (`bookworm`), for the image labels. */
function debianRelease(): string {
  try {
    return /^VERSION_CODENAME=(.*)$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

async function build(
  recipes: ImageRecipes,
  images: { recipe: ImageRecipe; tarball: string }[],
  opts: NodeImageOptions,
  log: Log,
): Promise<void> {
  const dir = nodeImagesDir();
  const debDir = join(dir, 'debs');
  const work = join(dir, `work-${process.pid}`);
  await mkdir(debDir, { recursive: true });
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const started = Date.now();
  log.info(`Building ${images.length} container image(s) for the real node from Debian packages (first run only)...`);
  try {
    // One root holds the packages of every image built now: each is downloaded and unpacked once.
    const needBase = images.some((i) => i.recipe.base) && !baseCached(recipes);
    const wanted = [...new Set([...(needBase ? recipes.base.debs : []), ...images.flatMap((i) => i.recipe.debs)])];
    const root = join(work, 'root');
    await mkdir(root, { recursive: true });
    let debs: Deb[] = [];
    if (wanted.length) {
      log.progress(`Downloading ${wanted.join(', ')} and their libraries with apt...`);
      debs = await downloadDebs(wanted, debDir);
      await extractDebs(debs, root);
    }
    const version = new Map(debs.map((d) => [d.name, d.version]));
    let base: BaseLayer | undefined;
    for (const [i, { recipe, tarball }] of images.entries()) {
      const t0 = Date.now();
      log.progress(`[${i + 1}/${images.length}] building the image ${recipe.name}`);
      if (recipe.base) base ??= await baseLayer(recipes, root, version);
      const entries: LayerEntry[] = [];
      if (recipe.compile) entries.push(await compile(recipe.compile, work));
      if (recipe.binary) {
        entries.push({ path: recipe.binary.to, type: 'file', mode: 0o755, source: opts[recipe.binary.option]! });
      }
      entries.push(...(await partEntries(recipe, root)));
      // An image made of the base alone (busybox) has no layer of its own.
      const app = entries.length ? await writeLayer(entries, join(work, `${recipe.name}.layer.tgz`)) : undefined;
      // The exact Debian packages inside, whatever the tags say (`crictl inspecti`, `ctr images ls`).
      const labels: Record<string, string> = { 'io.cka-lab.built-by': 'cka-lab (cluster/node-images.yaml)' };
      const packages = [
        ...(recipe.base ? base!.packages : []),
        ...recipe.debs.map((name) => ({ name, version: version.get(name)! })),
      ];
      if (packages.length) {
        labels['io.cka-lab.debian-release'] = debianRelease();
        labels['io.cka-lab.debian-packages'] = packages.map((d) => `${d.name}=${d.version}`).join(' ');
      }
      const runtime: ImageRuntimeConfig = { ...recipe.config, labels: { ...labels, ...recipe.config.labels } };
      const layers = [base, app].filter((l): l is LayerBlob => l !== undefined);
      const archive = await writeImageArchive(tarball, { layers, runtime, refs: recipe.refs });
      const sidecar = {
        refs: recipe.refs,
        ...archive,
        buildMs: Date.now() - t0,
        layers: layers.map((l) => ({ digest: l.digest, size: l.size })),
        packages,
      };
      await writeFile(tarball.replace(/\.tar$/, '.json'), JSON.stringify(sidecar, null, 2));
      await prune(dir, recipe.name, basename(tarball, '.tar'));
    }
    log.info(`Built the real node's images in ${Math.round((Date.now() - started) / 1000)} s; cached in ${dir}.`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Deletes the older builds of an image (`<name>-<16 hex>.tar|.json` other than `keep`). */
async function prune(dir: string, name: string, keep: string): Promise<void> {
  const older = new RegExp(`^${name}-[0-9a-f]{16}\\.(tar|json)$`);
  for (const f of await readdir(dir)) {
    if (older.test(f) && !f.startsWith(`${keep}.`)) await rm(join(dir, f), { force: true });
  }
}

/** Entries for the copy/add/links/dirs parts of a recipe. */
async function partEntries(
  parts: Pick<ImageRecipe, 'copy' | 'add' | 'links' | 'dirs'>,
  root: string,
): Promise<LayerEntry[]> {
  const entries = parts.copy.length ? await entriesFromRoot(root, parts.copy) : [];
  for (const [path, dir] of Object.entries(parts.dirs)) {
    const [uid, gid] = (dir.owner ?? '0:0').split(':').map(Number);
    entries.push({ path, type: 'dir', mode: dir.mode ? parseInt(dir.mode, 8) : 0o755, uid, gid });
  }
  for (const [path, target] of Object.entries(parts.links)) entries.push({ path, type: 'symlink', target });
  for (const [path, from] of Object.entries(parts.add)) {
    const source = join(recipeFilesDir(), from);
    const st = await stat(source).catch(() => {
      throw new ClusterError(
        `${source} (named in cluster/node-images.yaml) is missing; restore it from the repository.`,
      );
    });
    entries.push({ path, type: 'file', mode: st.mode & 0o111 ? 0o755 : 0o644, content: await readFile(source) });
  }
  return entries;
}

const baseFile = (recipes: ImageRecipes): string => join(nodeImagesDir(), 'layers', `base-${baseKey(recipes)}.tgz`);
const baseCached = (recipes: ImageRecipes): boolean =>
  existsSync(baseFile(recipes)) && existsSync(`${baseFile(recipes)}.json`);

/**
 * The shared bottom layer (busybox with its applet links, /etc basics), cached by its own key
 * under layers/. `root` holds the unpacked packages, `version` their versions by name.
 */
async function baseLayer(recipes: ImageRecipes, root: string, version: Map<string, string>): Promise<BaseLayer> {
  const file = baseFile(recipes);
  const meta = `${file}.json`;
  if (baseCached(recipes)) return { ...(JSON.parse(await readFile(meta, 'utf8')) as BaseLayer), file };
  await mkdir(join(nodeImagesDir(), 'layers'), { recursive: true });
  const busybox = recipes.base.busybox;
  const entries = await partEntries({ ...recipes.base, copy: [busybox, ...recipes.base.copy] }, root);
  // `busybox --list-full` prints every applet's path (usr/bin/wget, bin/sh...); it is static, so it runs from the root.
  const { stdout } = await run(join(root, busybox), ['--list-full']);
  // Applets at the top (linuxrc, for an initramfs) are left out.
  for (const applet of stdout.split('\n').filter((a) => a.includes('/'))) {
    const path = `/${applet}`;
    if (path !== busybox && !entries.some((e) => e.path === path))
      entries.push({ path, type: 'symlink', target: busybox });
  }
  const blob = await writeLayer(entries, file);
  for (const f of await readdir(dirname(file))) {
    if (f.startsWith('base-') && !f.startsWith(basename(file))) await rm(join(dirname(file), f), { force: true });
  }
  const packages = recipes.base.debs.map((name) => ({ name, version: version.get(name)! }));
  await writeFile(meta, JSON.stringify({ digest: blob.digest, size: blob.size, diffId: blob.diffId, packages }));
  return { ...blob, packages };
}

/** The base layer and the Debian packages (name, version) it was made of. */
interface BaseLayer extends LayerBlob {
  packages: { name: string; version: string }[];
}

/** Compiles a C file of build/node-images statically; the entry for the image. */
async function compile(spec: { source: string; to: string }, work: string): Promise<LayerEntry> {
  const out = join(work, `${spec.source.replace(/\W/g, '_')}.bin`);
  await run('gcc', ['-static', '-Os', '-s', '-Wall', '-o', out, join(recipeFilesDir(), spec.source)]).catch(
    (err: { stderr?: string; code?: string }) => {
      throw new ClusterError(
        err.code === 'ENOENT'
          ? 'gcc is needed to build the pause image of the real node; ' +
              'install gcc and libc6-dev (apt-get install gcc libc6-dev).'
          : `Compiling ${spec.source} failed (${(err.stderr ?? '').trim().split('\n').slice(-2).join(' ')}); ` +
              'install libc6-dev for static linking.',
        { cause: err },
      );
    },
  );
  return { path: spec.to, type: 'file', mode: 0o755, source: out };
}
