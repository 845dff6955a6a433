/**
 * Debian packages as the source of image files: downloads a package with the library
 * packages it depends on (`apt-get download`, no install, the host is not changed), unpacks
 * them into a staging folder (`dpkg-deb -x`), and picks from there the files an image needs
 * together with every shared library they load, found by the staging folder's own dynamic
 * loader (`ld.so --list`, what ldd does), so nothing is taken from the host.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { lstat, readFile, readdir, readlink } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { promisify } from 'node:util';
import { ClusterError } from '../../errors.js';
import type { LayerEntry } from './image-tar.js';

const run = promisify(execFile);
const MAX_BUFFER = 64 * 1024 * 1024;

/** A downloaded package: name, version and the .deb file. */
export interface Deb {
  name: string;
  version: string;
  file: string;
}

/**
 * Packages whose dependencies are followed: shared-library packages (Debian names them
 * after the library, lib*), plus zlib1g and gcc-N-base (which libgcc-s1 needs). Other
 * dependencies (adduser, debconf, init-system-helpers, perl...) are for installing a
 * package on a full system, not for running its binary in a container.
 */
const followed = (name: string): boolean => /^(lib|zlib1g$|gcc-\d+-base$)/.test(name);

/**
 * The names in a Depends or Pre-Depends field, taking the first of each group of
 * alternatives and dropping version constraints and architecture qualifiers
 * (Debian Policy 7.1): `libc6 (>= 2.34), perl:any, a | b` -> `libc6, perl, a`.
 */
export function parseDepends(field: string): string[] {
  return field
    .split(',')
    .map((group) => group.split('|')[0]!.trim())
    .filter(Boolean)
    .map((dep) =>
      dep
        .replace(/\s*\(.*\)\s*$/, '')
        .replace(/\s*\[.*\]\s*$/, '')
        .replace(/:\w+$/, '')
        .trim(),
    );
}

async function apt(args: string[], cwd?: string): Promise<string> {
  const { stdout } = await run('apt-get', args, { cwd, maxBuffer: MAX_BUFFER, env: { ...process.env, LC_ALL: 'C' } });
  return stdout;
}

/** The candidate records (`apt-cache show --no-all-versions`) of `names`, by package name. */
async function candidates(names: readonly string[]): Promise<Map<string, Record<string, string>>> {
  const out = await run('apt-cache', ['show', '--no-all-versions', ...names], {
    maxBuffer: MAX_BUFFER,
    env: { ...process.env, LC_ALL: 'C' },
  }).then(
    (r) => r.stdout,
    (err: { stdout?: string }) => err.stdout ?? '',
  ); // exits 100 when one is unknown
  const records = new Map<string, Record<string, string>>();
  for (const block of out.split(/\n\s*\n/)) {
    const fields = controlFields(block);
    if (fields.Package && !records.has(fields.Package)) records.set(fields.Package, fields);
  }
  return records;
}

/**
 * Downloads `packages` and, recursively, the library packages they depend on into `debDir`
 * (kept there: a later build reuses them). Dependencies are read from apt's records
 * (`apt-cache show`), one call per level, and the missing files fetched with one
 * `apt-get download`. When a package is unknown, `apt-get update` is run once and the
 * lookup retried.
 * @returns every package, in the order they were reached
 * @throws ClusterError when apt cannot find or download a package
 */
export async function downloadDebs(packages: readonly string[], debDir: string): Promise<Deb[]> {
  const seen = new Set<string>(packages);
  const result: Deb[] = [];
  let wave = [...packages];
  let updated = false;
  while (wave.length) {
    const records = await candidates(wave);
    const unknown = wave.filter((name) => !records.has(name));
    if (unknown.length) {
      if (updated) throw aptFailed(unknown, new Error('apt knows no such package'));
      await apt(['update', '-qq']).catch((err: unknown) => {
        throw aptFailed(unknown, err);
      });
      updated = true;
      continue;
    }
    const next: string[] = [];
    for (const name of wave) {
      const r = records.get(name)!;
      // apt-get download's file name: the version's epoch colon is URL-escaped.
      const file = join(debDir, `${name}_${r.Version!.replace(/:/g, '%3a')}_${r.Architecture}.deb`);
      result.push({ name, version: r.Version!, file });
      for (const dep of parseDepends(`${r.Depends ?? ''},${r['Pre-Depends'] ?? ''}`)) {
        if (followed(dep) && !seen.has(dep)) {
          seen.add(dep);
          next.push(dep);
        }
      }
    }
    wave = next;
  }
  const toFetch = result.filter((d) => !existsSync(d.file));
  if (toFetch.length) {
    // apt-get writes into its working folder; `download` never installs anything.
    const names = toFetch.map((d) => `${d.name}=${d.version}`);
    await apt(['download', '-qq', ...names], debDir).catch((err: unknown) => {
      throw aptFailed(names, err);
    });
    const lost = toFetch.filter((d) => !existsSync(d.file));
    if (lost.length)
      throw aptFailed(
        lost.map((d) => d.name),
        new Error(`not saved as ${lost[0]!.file}`),
      );
  }
  return result;
}

function aptFailed(names: readonly string[], cause: unknown): ClusterError {
  const stderr = (cause as { stderr?: string }).stderr?.trim().split('\n').slice(-3).join(' ') ?? String(cause);
  return new ClusterError(
    `apt could not download the Debian package(s) ${names.join(', ')} for the real node's images (${stderr}); ` +
      'run `apt-get update` and check access to the Debian mirror.',
    { cause },
  );
}

/** The fields of one control record (Debian Policy 5.1): `Name: value`, continued on indented lines. */
export function controlFields(block: string): Record<string, string> {
  const fields: Record<string, string> = {};
  let last = '';
  for (const line of block.split('\n')) {
    const m = /^([\w-]+): ?(.*)$/.exec(line);
    if (m) fields[(last = m[1]!)] = m[2]!;
    else if (/^\s/.test(line) && last) fields[last] += ` ${line.trim()}`;
  }
  return fields;
}

/**
 * Unpacks every package into `root` (`dpkg-deb -x`: files only, no maintainer scripts run),
 * two at a time. Debian packages do not share files, so one root can hold several images' packages.
 */
export async function extractDebs(debs: readonly Deb[], root: string): Promise<void> {
  const queue = [...debs];
  const worker = async () => {
    for (let deb = queue.shift(); deb; deb = queue.shift())
      await run('dpkg-deb', ['-x', deb.file, root], { maxBuffer: MAX_BUFFER });
  };
  await Promise.all([worker(), worker()]);
}

/** The GNU triplet of library folders on this architecture (Debian multiarch). */
const TRIPLET: Record<string, string> = { x64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu' };

/**
 * Resolves an image path inside `root` following symlinks within `root` (an absolute target
 * is taken as a path in the image, not on the host).
 * @returns the chain of image paths: each symlink met, then the final path
 */
async function resolveInRoot(root: string, imagePath: string, depth = 0): Promise<string[]> {
  if (depth > 40) throw new ClusterError(`Too many symbolic links at ${imagePath} in the unpacked packages.`);
  // Resolve the parent first: a folder on the way may itself be a link.
  const parent = posix.dirname(imagePath);
  let chain: string[] = [];
  let dir = parent;
  if (parent !== '/') {
    chain = await resolveInRoot(root, parent, depth + 1);
    dir = chain[chain.length - 1]!;
    chain = chain.slice(0, -1);
  }
  const path = posix.join(dir, posix.basename(imagePath));
  const st = await lstat(join(root, path)).catch(() => undefined);
  if (!st?.isSymbolicLink()) return [...chain, path];
  const target = await readlink(join(root, path));
  const next = posix.isAbsolute(target) ? target : posix.join(dir, target);
  return [...chain, path, ...(await resolveInRoot(root, posix.normalize(next), depth + 1))];
}

const isElf = async (file: string): Promise<boolean> => {
  const head = await readFile(file).then((b) => b.subarray(0, 4));
  return head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
};

/**
 * Whether a 64-bit little-endian ELF file has a PT_DYNAMIC segment, i.e. is linked
 * dynamically (a static executable has none). Offsets from the ELF-64 header (System V
 * gABI): e_phoff at 32, e_phentsize at 54, e_phnum at 56; p_type is the first word.
 */
export async function isDynamicElf(file: string): Promise<boolean> {
  const b = await readFile(file);
  if (b.length < 64 || b.readUInt32BE(0) !== 0x7f454c46 || b[4] !== 2 || b[5] !== 1) return false;
  const phoff = Number(b.readBigUInt64LE(32));
  const phentsize = b.readUInt16LE(54);
  const phnum = b.readUInt16LE(56);
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (at + 4 <= b.length && b.readUInt32LE(at) === 2 /* PT_DYNAMIC */) return true;
  }
  return false;
}

/**
 * The shared libraries an ELF file needs, transitively, as paths in the image: the
 * dynamic loader of `root` lists them with `--list`, searching only `root`'s library
 * folders (`--inhibit-cache`, so the host's ld.so.cache is not read). A static binary
 * needs none.
 * @throws ClusterError when a library is in none of the unpacked packages
 */
export async function neededLibraries(root: string, imagePath: string, arch = process.arch): Promise<string[]> {
  const triplet = TRIPLET[arch];
  if (!triplet) throw new ClusterError(`Building the real node's images is not supported on ${arch}.`);
  if (!(await isDynamicElf(join(root, (await resolveInRoot(root, imagePath)).pop()!)))) return [];
  const loaderName = arch === 'x64' ? '/lib64/ld-linux-x86-64.so.2' : '/lib/ld-linux-aarch64.so.1';
  const loader = (await resolveInRoot(root, loaderName)).pop()!;
  if (!existsSync(join(root, loader)))
    throw new ClusterError('libc6 is missing from the unpacked packages; add it to the image recipe.');
  const libPath = [`/lib/${triplet}`, `/usr/lib/${triplet}`, '/lib', '/usr/lib'].map((d) => join(root, d)).join(':');
  const file = join(root, (await resolveInRoot(root, imagePath)).pop()!);
  const { stdout, stderr } = await run(
    join(root, loader),
    ['--inhibit-cache', '--library-path', libPath, '--list', file],
    {
      maxBuffer: MAX_BUFFER,
    },
  ).catch((err: { stdout?: string; stderr?: string }) => ({ stdout: err.stdout ?? '', stderr: err.stderr ?? '' }));
  if (/not a dynamic executable|statically linked/.test(stdout + stderr)) return [];
  const libs: string[] = [loaderName];
  for (const line of stdout.split('\n')) {
    const m = /^\s*(\S+)(?: => (.+?))? \(0x[0-9a-f]+\)$/.exec(line.trimEnd());
    const missing = /^\s*(\S+) => not found/.exec(line);
    if (missing) throw notPackaged(imagePath, missing[1]!);
    if (!m || m[1]!.startsWith('linux-vdso') || m[1]!.startsWith('linux-gate')) continue;
    const found = m[2] ?? m[1]!;
    if (!found.startsWith(`${root}/`)) {
      if (m[1] === loaderName) continue;
      throw notPackaged(imagePath, m[1]!);
    }
    libs.push(found.slice(root.length));
  }
  // glibc loads libgcc_s with dlopen (for pthread_exit and thread cancellation), which --list cannot see.
  if (libs.some((l) => l.endsWith('/libc.so.6'))) {
    const gcc = [`/lib/${triplet}/libgcc_s.so.1`, `/usr/lib/${triplet}/libgcc_s.so.1`].find((p) =>
      existsSync(join(root, p)),
    );
    if (gcc) libs.push(gcc);
  }
  if (libs.length === 1 && !stdout.trim())
    throw new ClusterError(`Could not list the libraries of ${imagePath}: ${stderr.trim()}`);
  return libs;
}

const notPackaged = (file: string, lib: string) =>
  new ClusterError(
    `${file} needs ${lib}, which is in none of the Debian packages of its image; ` +
      "add that library's package to cluster/node-images.yaml.",
  );

/**
 * Layer entries for `paths` (files, folders taken whole, or symlinks) from the unpacked
 * packages in `root`, plus every symlink on the way and, for each ELF file, the shared
 * libraries it needs (with their symlinks). Files keep their mode; owner is root.
 * @throws ClusterError when a path is not in the packages or a library is missing
 */
export async function entriesFromRoot(root: string, paths: readonly string[]): Promise<LayerEntry[]> {
  const entries = new Map<string, LayerEntry>();
  const elves: string[] = [];
  const add = async (imagePath: string, elfCheck: boolean): Promise<void> => {
    const chain = await resolveInRoot(root, imagePath);
    for (let i = 0; i < chain.length; i++) {
      const p = chain[i]!;
      if (entries.has(p)) continue;
      const st = await lstat(join(root, p)).catch(() => undefined);
      if (!st)
        throw new ClusterError(`${imagePath} is not in the Debian packages of its image (cluster/node-images.yaml).`);
      if (st.isSymbolicLink()) {
        entries.set(p, { path: p, type: 'symlink', target: await readlink(join(root, p)) });
      } else if (st.isDirectory()) {
        entries.set(p, { path: p, type: 'dir', mode: st.mode & 0o7777 });
        for (const child of (await readdir(join(root, p))).sort()) await add(posix.join(p, child), elfCheck);
      } else if (st.isFile()) {
        entries.set(p, { path: p, type: 'file', mode: st.mode & 0o7777, source: join(root, p) });
        if (elfCheck && (await isElf(join(root, p)))) elves.push(p);
      }
    }
  };
  for (const p of paths) await add(posix.normalize(p), true);
  for (const elf of elves) for (const lib of await neededLibraries(root, elf)) await add(lib, false);
  return [...entries.values()];
}
