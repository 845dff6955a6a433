import { afterAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { contentRoot } from '../../src/util/paths.js';
import { binaryPath } from '../../src/cluster/local/binaries.js';

const bin = join(contentRoot(), 'bin', 'lab.cjs');
const { NO_COLOR: _omit, ...envWithoutNoColor } = process.env;
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('conventions users expect', () => {
  it('works as a kubectl plugin: `kubectl lab list` runs kubectl-lab from PATH', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plugin-'));
    dirs.push(dir);
    symlinkSync(bin, join(dir, 'kubectl-lab'));
    const kubectlDir = dirname(binaryPath('kubectl')); // built by the global setup
    const run = await execa('kubectl', ['lab', 'list'], {
      env: { PATH: `${dir}:${kubectlDir}:${process.env.PATH}` },
      reject: false,
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('replicaset');
  });

  it('completes commands and lab ids in bash', async () => {
    const script = (await execa('node', [bin, 'completion', 'bash'])).stdout;
    const complete = async (...words: string[]) => {
      const probe = `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _cka_lab_complete; echo "\${COMPREPLY[@]}"`;
      return (await execa('bash', ['-c', probe])).stdout.split(' ');
    };
    expect(await complete('lab', 'che')).toEqual(['check']);
    expect(await complete('lab', 'start', 'repl')).toEqual(['replicaset', 'replicationcontroller']);
    expect(await complete('lab', 'cluster', '')).toEqual(expect.arrayContaining(['up', 'down', 'status']));
    expect(await complete('lab', 'check', '--w')).toEqual(['--watch', '--wait']);
    expect((await execa('node', [bin, 'completion', 'fish'], { reject: false })).exitCode).toBe(2);
  });

  it('colours only when asked: NO_COLOR and no TTY give plain text, FORCE_COLOR gives colour', async () => {
    const plain = await execa('node', [bin, 'solution', 'replicaset'], {
      env: { ...envWithoutNoColor, NO_COLOR: '1' },
      extendEnv: false,
    });
    expect(plain.stdout).not.toMatch(/\x1b\[/);
    const piped = await execa('node', [bin, 'solution', 'replicaset'], { env: envWithoutNoColor, extendEnv: false });
    expect(piped.stdout).not.toMatch(/\x1b\[/);
    const forced = await execa('node', [bin, 'solution', 'replicaset'], {
      env: { ...envWithoutNoColor, FORCE_COLOR: '1' },
      extendEnv: false,
    });
    expect(forced.stdout).toMatch(/\x1b\[1m/);
  });
});
