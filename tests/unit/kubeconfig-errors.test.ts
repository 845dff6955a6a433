import { afterAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { exitCodeOf } from '../../src/cli/exit-codes.js';
import { UsageError } from '../../src/errors.js';
import { loadKubeConfig, type KubeTarget } from '../../src/kube/config.js';
import { contentRoot } from '../../src/util/paths.js';

const dir = mkdtempSync(join(tmpdir(), 'kubeconfig-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (content: string | Buffer, name = `k${++n}.yaml`) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

const GOOD = `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster:
    server: https://127.0.0.1:6443
users:
- name: u
  user:
    token: t
contexts:
- name: ctx
  context:
    cluster: c
    user: u
current-context: ctx
`;

/** Loads `target` (with KUBECONFIG as given) and returns the UsageError it must throw. */
function refusal(target: KubeTarget, kubeconfigEnv?: string): UsageError {
  const saved = process.env.KUBECONFIG;
  if (kubeconfigEnv === undefined) delete process.env.KUBECONFIG;
  else process.env.KUBECONFIG = kubeconfigEnv;
  try {
    loadKubeConfig(target);
  } catch (err) {
    return err as UsageError;
  } finally {
    if (saved === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = saved;
  }
  throw new Error(`${JSON.stringify(target)} loaded without error`);
}

/** One sentence for a person: a UsageError (exit 2) naming the file, on one line, no internals. */
function expectOneSentence(err: UsageError, path: string, says: RegExp): void {
  expect(err, String(err)).toBeInstanceOf(UsageError);
  expect(exitCodeOf(err)).toBe(2);
  expect(err.message).toContain(path);
  expect(err.message).toMatch(says);
  expect(err.message).not.toContain('\n');
  expect(err.message).toMatch(/^[A-Z].*[.]$/);
  expect(err.message).not.toMatch(/Cannot read propert|undefined|TypeError|at .*\.js:/);
}

describe('a bad kubeconfig is one sentence naming the file, exit 2', () => {
  const cases: [string, () => string, RegExp][] = [
    ['an empty file', () => file(''), /is empty/],
    ['a file of blanks', () => file('\n  \n'), /is empty/],
    [
      'garbage bytes',
      () => file(Buffer.from([0x00, 0xff, 0x7b, 0x5b, 0x3a, 0x0a, 0x22, 0xfe, 0x09, 0x3a, 0x3a])),
      /not valid YAML|not a kubeconfig|has no clusters, contexts or users/,
    ],
    ['text that is not YAML', () => file('clusters: [\n  - name: c\n'), /not valid YAML \(line \d+\)/],
    ['a YAML scalar', () => file('just some words\n'), /not a kubeconfig/],
    ['a YAML list', () => file('- a\n- b\n'), /not a kubeconfig/],
    ['a directory', () => (mkdirSync(join(dir, 'adir')), join(dir, 'adir')), /is a directory/],
    ['a missing file', () => join(dir, 'nope.yaml'), /does not exist/],
    ['a path through a file (ENOTDIR)', () => join(file(GOOD), 'kubeconfig'), /cannot be read \(ENOTDIR\)/],
    [
      'a symlink loop (ELOOP)',
      () => (symlinkSync(join(dir, 'loop'), join(dir, 'loop')), join(dir, 'loop')),
      /cannot be read \(ELOOP\)/,
    ],
    [
      'no clusters, contexts or users',
      () => file('apiVersion: v1\nkind: Config\npreferences: {}\n'),
      /has no clusters, contexts or users/,
    ],
    [
      'clusters that are not a list',
      () => file('clusters: {a: 1}\ncontexts: []\nusers: []\n'),
      /"clusters" that is not a list/,
    ],
    [
      'an entry without a name',
      () => file('clusters:\n- cluster: {server: https://127.0.0.1}\n'),
      /entry without a name in clusters/,
    ],
    [
      'a cluster without a server',
      () => file(GOOD.replace('    server: https://127.0.0.1:6443\n', '    insecure-skip-tls-verify: true\n')),
      /not usable \(clusters\[0\]\.cluster\.server is missing\)/,
    ],
    [
      'a context without a cluster field',
      () => file(GOOD.replace('    cluster: c\n', '')),
      /not usable \(contexts\[0\]\.context\.cluster is missing\)/,
    ],
    [
      'a missing clusters key',
      () => file(GOOD.replace(/clusters:\n- name: c\n {2}cluster:\n {4}server: .*\n/, '')),
      /refers to the cluster "c", which no kubeconfig file defines/,
    ],
    [
      'a context referring to a missing cluster',
      () => file(GOOD.replace('    cluster: c\n', '    cluster: gone\n')),
      /refers to the cluster "gone"/,
    ],
    [
      'a missing users key',
      () => file(GOOD.replace(/users:\n- name: u\n {2}user:\n {4}token: t\n/, '')),
      /refers to the user "u"/,
    ],
    [
      'a missing contexts key',
      () => file(GOOD.replace(/contexts:\n- name: ctx\n {2}context:\n {4}cluster: c\n {4}user: u\n/, '')),
      /current-context "ctx" is not defined/,
    ],
    ['no current-context', () => file(GOOD.replace('current-context: ctx\n', '')), /sets no current-context/],
    [
      'a server that is not a URL',
      () => file(GOOD.replace('https://127.0.0.1:6443', 'not a url')),
      /not an http\(s\) URL/,
    ],
    [
      'an unreadable token-file',
      () => file(GOOD.replace('    token: t\n', `    token-file: ${join(dir, 'no-token')}\n`)),
      /not usable \(ENOENT/,
    ],
    ['a duplicate key', () => file(GOOD + 'current-context: other\n'), /not valid YAML/],
  ];
  for (const [what, make, says] of cases) {
    it(`refuses ${what}`, () => {
      const path = make();
      expectOneSentence(refusal({ kubeconfig: path }), path, says);
    });
  }

  it('names the bad file among several in KUBECONFIG, and says it came from there', () => {
    const good = file(GOOD);
    const empty = file('');
    const err = refusal({}, [good, empty].join(delimiter));
    expectOneSentence(err, empty, /is empty/);
    expect(err.message).toContain('(from KUBECONFIG)');
    const missing = join(dir, 'missing.yaml');
    expectOneSentence(refusal({}, [good, missing].join(delimiter)), missing, /does not exist/);
    // A context in the second file referring to a cluster nobody defines names that file.
    const second = file('contexts:\n- name: other\n  context: {cluster: gone, user: u}\n');
    expectOneSentence(
      refusal({ context: 'other' }, [good, second].join(delimiter)),
      second,
      /refers to the cluster "gone"/,
    );
    // An unknown --context lists the contexts there are.
    expectOneSentence(
      refusal({ context: 'nope' }, [good, second].join(delimiter)),
      good,
      /"nope" is not in the kubeconfig files .*contexts: ctx, other/,
    );
  });

  it('loads good files merged like kubectl: the first file to define a name or current-context wins', () => {
    const first = file(GOOD.replace('current-context: ctx\n', ''));
    const second = file(GOOD.replace('https://127.0.0.1:6443', 'https://127.0.0.2:6443').replace(/ctx/g, 'ctx2'));
    const saved = process.env.KUBECONFIG;
    process.env.KUBECONFIG = [first, second].join(delimiter);
    try {
      const kc = loadKubeConfig({});
      expect(kc.getCurrentContext()).toBe('ctx2');
      // Both define cluster "c": the first file's wins, so ctx2 reaches 127.0.0.1.
      expect(kc.getCurrentCluster()?.server).toBe('https://127.0.0.1:6443');
      expect(kc.getContexts().map((c) => c.name)).toEqual(['ctx', 'ctx2']);
    } finally {
      if (saved === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = saved;
    }
  });

  it('the CLI prints the sentence alone on stderr and exits 2 (built bundle)', async () => {
    const bin = join(contentRoot(), 'bin', 'lab.cjs');
    for (const [bad, says] of [
      [file(''), /is empty/],
      [file('apiVersion: v1\nkind: Config\n'), /has no clusters, contexts or users/],
      [(mkdirSync(join(dir, 'adir2')), join(dir, 'adir2')), /is a directory/],
      [
        file(Buffer.from([0x00, 0xff, 0x7b, 0x5b, 0x3a])),
        /not valid YAML|not a kubeconfig|has no clusters, contexts or users/,
      ],
    ] as const) {
      const run = await execa('node', [bin, 'check', 'replicaset', '--kubeconfig', bad], {
        reject: false,
        env: { NO_COLOR: '1' },
      });
      expect(run.exitCode, run.stderr).toBe(2);
      const lines = run.stderr.trim().split('\n');
      expect(lines, run.stderr).toHaveLength(1);
      expect(lines[0]).toContain(bad);
      expect(lines[0]).toMatch(says);
      expect(lines[0]).not.toMatch(/Cannot read propert|TypeError/);
    }
  }, 60_000);
});
