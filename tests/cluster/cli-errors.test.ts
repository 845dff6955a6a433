import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentRoot } from '../../src/util/paths.js';

// Mistakes on the command line get one line on stderr and exit 2: no stack, no internals.

const root = contentRoot();
const bin = join(root, 'bin', 'lab.cjs');
const lab = (...args: string[]) => execa('node', [bin, ...args], { reject: false });

describe('one-sentence errors for command-line mistakes', () => {
  it.each(['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf'])(
    '`lab %s` is an unknown command, exit 2',
    async (name) => {
      const run = await lab(name);
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toBe(`error: unknown command '${name}'`);
      expect(run.stdout).toBe('');
    },
  );

  it.each([
    [['--lang', 'xx', 'list'], 'error: --lang takes ko or en, not "xx".'],
    [['list', '--lang', 'KO'], 'error: --lang takes ko or en, not "KO".'],
    [
      ['-n', '', 'check', 'replicaset'],
      'error: -n/--namespace needs a namespace name (lower-case letters, digits and "-", at most 63), not "".',
    ],
    [
      ['check', 'replicaset', '-n', 'My_Lab'],
      'error: -n/--namespace needs a namespace name (lower-case letters, digits and "-", at most 63), not "My_Lab".',
    ],
    [
      ['check', 'replicaset', `--namespace=${'a'.repeat(64)}`],
      `error: -n/--namespace needs a namespace name (lower-case letters, digits and "-", at most 63), not "${'a'.repeat(64)}".`,
    ],
  ])('refuses %j in one sentence, exit 2', async (args, message) => {
    const run = await lab(...args);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toBe(message);
  });

  it('accepts --lang ko and en, and the longest namespace name', async () => {
    for (const lang of ['ko', 'en']) expect((await lab('list', '--lang', lang)).exitCode).toBe(0);
    expect((await lab('solution', 'replicaset', '-n', `a${'-'.repeat(61)}z`)).exitCode).toBe(0);
  });

  it('prints the version from package.json with --version and -V, before or after a command', async () => {
    const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    for (const args of [['--version'], ['-V'], ['check', '--version']]) {
      const run = await lab(...args);
      expect(run.exitCode, args.join(' ')).toBe(0);
      expect(run.stdout).toBe(version);
      expect(run.stderr).toBe('');
    }
    expect((await lab('--help')).stdout).toMatch(/-V, --version +print the version of cka-lab/);
  });

  it.each(['600h', '25h', '24h1s', '1441m'])(
    'refuses `lab exam start --duration %s`, over 24 h, before touching the cluster',
    async (length) => {
      const run = await lab(
        'exam',
        'start',
        '--labs',
        'replicaset',
        '--duration',
        length,
        '--detach',
        '--kubeconfig',
        '/nonexistent',
      );
      expect(run.exitCode).toBe(2);
      expect(run.stderr).toBe(`error: --duration ${length} is longer than an exam can last; give at most 24h.`);
    },
  );
});
