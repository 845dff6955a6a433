import {
  appendFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kubeVersion } from '../../src/cluster/local/binaries.js';
import {
  NODE_BINARIES,
  NODE_BUILD_INPUTS,
  NODE_PACKAGES,
  installAdvice,
  installedPackages,
  missingPackages,
  nodeBinariesReady,
  nodeBinaryDir,
  nodeBinaryPath,
  nodeKubeVersion,
} from '../../src/cluster/realnode/binaries.js';

const repo = join(import.meta.dirname, '..', '..');
const nodeBuild = join(repo, 'build', 'node');

describe('real node binary cache', () => {
  let home: string;
  let cache: string;
  const saved = { home: process.env.CKA_LAB_HOME, cache: process.env.XDG_CACHE_HOME };

  // A copy of the content folder's build/node, so each input can be changed without touching the repository.
  beforeEach(() => {
    const tmp = mkdtempSync(join(tmpdir(), 'cka-lab-node-bin-'));
    home = join(tmp, 'home');
    cache = join(tmp, 'cache');
    mkdirSync(join(home, 'labs'), { recursive: true });
    cpSync(nodeBuild, join(home, 'build', 'node'), { recursive: true });
    process.env.CKA_LAB_HOME = home;
    process.env.XDG_CACHE_HOME = cache;
  });
  afterEach(() => {
    rmSync(dirname(home), { recursive: true, force: true });
    for (const [key, value] of [
      ['CKA_LAB_HOME', saved.home],
      ['XDG_CACHE_HOME', saved.cache],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('lives under the cache folder, named by the Kubernetes release and a hash', () => {
    expect(nodeBinaryDir()).toMatch(new RegExp(`^${cache}/cka-lab/bin/node-v1\\.35\\.4_[0-9a-f]{8}$`));
    expect(nodeBinaryPath('kubelet')).toBe(join(nodeBinaryDir(), 'kubelet'));
    expect(nodeBinaryPath('cni/bridge')).toBe(join(nodeBinaryDir(), 'cni', 'bridge'));
  });

  it('is the SHA-256 of the build inputs in order, as a shell can compute it for a CI cache', () => {
    const hash = createHashOf(NODE_BUILD_INPUTS.map((f) => readFileSync(join(home, 'build', 'node', f))));
    expect(nodeBinaryDir().endsWith(`_${hash.slice(0, 8)}`)).toBe(true);
  });

  it('changes when any build input changes, and only then', () => {
    const before = nodeBinaryDir();
    expect(nodeBinaryDir()).toBe(before);
    for (const f of NODE_BUILD_INPUTS) {
      const file = join(home, 'build', 'node', f);
      const text = readFileSync(file);
      appendFileSync(file, '\n');
      expect(nodeBinaryDir(), `a change to build/node/${f}`).not.toBe(before);
      writeFileSync(file, text);
      expect(nodeBinaryDir()).toBe(before);
    }
  });

  it('covers every file of build/node', () => {
    expect(readdirSync(nodeBuild).sort()).toEqual([...NODE_BUILD_INPUTS].sort());
  });

  it('is ready only when every binary is there', () => {
    expect(nodeBinariesReady()).toBe(false);
    for (const b of NODE_BINARIES) {
      expect(nodeBinariesReady()).toBe(false);
      mkdirSync(dirname(nodeBinaryPath(b)), { recursive: true });
      writeFileSync(nodeBinaryPath(b), '');
    }
    expect(nodeBinariesReady()).toBe(true);
  });
});

describe('build/node', () => {
  it('builds the same Kubernetes release as the control plane', () => {
    expect(nodeKubeVersion()).toBe(kubeVersion());
  });

  it("keeps build/kube's replace directives (the staging modules at the same release)", () => {
    const replaces = (dir: string) =>
      /^replace \([^)]*\)/m.exec(readFileSync(join(repo, 'build', dir, 'go.mod'), 'utf8'))?.[0];
    expect(replaces('node')).toBeDefined();
    expect(replaces('node')).toBe(replaces('kube'));
  });

  it('names in build.sh each binary the cache must hold', () => {
    const script = readFileSync(join(nodeBuild, 'build.sh'), 'utf8');
    const steps = /^steps=\(([^)]*)\)/m.exec(script)![1]!.split(/\s+/).filter(Boolean);
    const cni = /^cni_plugins=\(([^)]*)\)/m
      .exec(script)![1]!
      .split(/\s+/)
      .filter(Boolean)
      .map((p) => `cni/${p.split('/')[1]}`);
    expect([...steps, ...cni]).toEqual([...NODE_BINARIES]);
  });
});

describe('Debian packages', () => {
  it('lists the build and run-time packages that scripts/install-node-deps.sh installs', () => {
    const script = readFileSync(join(repo, 'scripts', 'install-node-deps.sh'), 'utf8');
    const listed = /^packages=\(([^)]*)\)/m.exec(script)![1]!.split(/\s+/).filter(Boolean);
    expect(listed).toEqual(NODE_PACKAGES.map((p) => p.name));
  });

  it('reports an unknown package as missing and an installed one as present', async () => {
    // dpkg itself is installed on every Debian system.
    expect(await missingPackages(['dpkg', 'cka-lab-no-such-package'])).toEqual(['cka-lab-no-such-package']);
  });

  it('counts only packages whose status is installed', () => {
    // dpkg-query's lines for an installed package, one removed with its configuration kept, one half unpacked.
    const out = 'busybox-static installed\niptables config-files\nlibseccomp-dev:amd64 installed\ngcc unpacked\n';
    expect([...installedPackages(out)]).toEqual(['busybox-static', 'libseccomp-dev']);
  });

  it('says in one sentence which apt-get command to run', () => {
    expect(installAdvice([])).toBeUndefined();
    const advice = installAdvice(['libseccomp-dev', 'busybox-static'])!;
    expect(advice).toContain('`apt-get install -y libseccomp-dev busybox-static`');
    expect(advice.split('. ')).toHaveLength(1);
  });
});

/** `cat parts... | sha256sum` */
const createHashOf = (parts: Buffer[]): string => createHash('sha256').update(Buffer.concat(parts)).digest('hex');
