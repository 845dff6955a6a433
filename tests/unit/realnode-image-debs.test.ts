import { copyFileSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  controlFields,
  entriesFromRoot,
  isDynamicElf,
  neededLibraries,
  parseDepends,
} from '../../src/cluster/realnode/image-debs.js';

describe('Debian control data', () => {
  it('keeps the first alternative and drops versions and architecture qualifiers', () => {
    // apache2-bin's Depends in bookworm (shortened)
    expect(
      parseDepends(
        'perl:any, libapr1 (>= 1.7.0), libaprutil1-dbd-sqlite3 | libaprutil1-dbd-mysql | libaprutil1-dbd-odbc, ' +
          'libc6 (>= 2.36), libcrypt1 (>= 1:4.1.0),zlib1g (>= 1:1.1.4)',
      ),
    ).toEqual(['perl', 'libapr1', 'libaprutil1-dbd-sqlite3', 'libc6', 'libcrypt1', 'zlib1g']);
    expect(parseDepends('')).toEqual([]);
    expect(parseDepends(' , libfoo [amd64]')).toEqual(['libfoo']);
  });

  it('reads a control record with continued lines', () => {
    const record = controlFields(
      'Package: nginx\nVersion: 1.22.1-9+deb12u11\nDepends: libc6 (>= 2.34),\n libssl3 (>= 3.0.0)\nDescription: x\n more',
    );
    expect(record).toMatchObject({ Package: 'nginx', Version: '1.22.1-9+deb12u11' });
    expect(record.Depends).toBe('libc6 (>= 2.34), libssl3 (>= 3.0.0)');
  });
});

// A root laid out like unpacked bookworm packages, made of this host's own glibc: libc and the
// loader in /lib/x86_64-linux-gnu, /lib64/ld-linux-x86-64.so.2 an absolute link to it.
describe('files and the libraries they load, from an unpacked root', () => {
  const root = mkdtempSync(join(tmpdir(), 'cka-lab-image-root-'));
  const triplet = '/lib/x86_64-linux-gnu';
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  beforeAll(() => {
    mkdirSync(join(root, triplet), { recursive: true });
    mkdirSync(join(root, 'lib64'));
    mkdirSync(join(root, 'usr/bin'), { recursive: true });
    for (const lib of ['libc.so.6', 'ld-linux-x86-64.so.2'])
      copyFileSync(realpathSync(join(triplet, lib)), join(root, triplet, lib));
    symlinkSync(`${triplet}/ld-linux-x86-64.so.2`, join(root, 'lib64/ld-linux-x86-64.so.2'));
    copyFileSync(realpathSync('/usr/bin/true'), join(root, 'usr/bin/true')); // needs libc only
    copyFileSync(realpathSync('/usr/bin/ls'), join(root, 'usr/bin/ls')); // needs libselinux too
    symlinkSync('usr/bin', join(root, 'bin')); // merged /usr, a relative link
    symlinkSync('/usr/bin/true', join(root, 'usr/bin/yes-link')); // an absolute link, inside the root
    writeFileSync(join(root, 'usr/bin/script'), '#!/bin/sh\necho hi\n', { mode: 0o755 });
  });

  it('tells a dynamic executable from a static one and from a script', async () => {
    expect(await isDynamicElf(join(root, 'usr/bin/true'))).toBe(true);
    expect(await isDynamicElf(join(root, triplet, 'libc.so.6'))).toBe(true);
    const esbuild = join(dirname(require.resolve('esbuild/package.json')), '..', '@esbuild/linux-x64/bin/esbuild');
    expect(await isDynamicElf(esbuild)).toBe(false); // a static Go binary
    expect(await isDynamicElf(join(root, 'usr/bin/script'))).toBe(false);
  });

  it('lists the loader and libc, found in the root and not on the host', async () => {
    const libs = await neededLibraries(root, '/usr/bin/true');
    // The loader by its ELF name (a link here) and by the file it resolves to, then libc.
    expect(libs).toEqual(['/lib64/ld-linux-x86-64.so.2', `${triplet}/libc.so.6`, `${triplet}/ld-linux-x86-64.so.2`]);
    expect(await neededLibraries(root, '/usr/bin/script')).toEqual([]);
  });

  it('takes a file through links, with each link and its libraries', async () => {
    const entries = await entriesFromRoot(root, ['/bin/yes-link', '/usr/bin/script']);
    const byPath = Object.fromEntries(entries.map((e) => [e.path, e]));
    expect(Object.keys(byPath).sort()).toEqual([
      '/bin',
      '/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2',
      '/lib/x86_64-linux-gnu/libc.so.6',
      '/lib64/ld-linux-x86-64.so.2',
      '/usr/bin/script',
      '/usr/bin/true',
      '/usr/bin/yes-link',
    ]);
    expect(byPath['/bin']).toEqual({ path: '/bin', type: 'symlink', target: 'usr/bin' });
    expect(byPath['/usr/bin/yes-link']).toEqual({
      path: '/usr/bin/yes-link',
      type: 'symlink',
      target: '/usr/bin/true',
    });
    expect(byPath['/lib64/ld-linux-x86-64.so.2']).toMatchObject({ type: 'symlink' });
    expect(byPath['/usr/bin/true']).toMatchObject({ type: 'file', source: join(root, 'usr/bin/true') });
    expect(byPath['/usr/bin/script']).toMatchObject({ type: 'file', mode: 0o755 });
  });

  it('fails when a library is in none of the packages, naming it', async () => {
    await expect(entriesFromRoot(root, ['/usr/bin/ls'])).rejects.toThrow(/needs libselinux\.so\.1/);
  });

  it('fails when a path is not in the packages', async () => {
    await expect(entriesFromRoot(root, ['/usr/sbin/nginx'])).rejects.toThrow(/\/usr\/sbin\/nginx is not in the Debian/);
  });
});
