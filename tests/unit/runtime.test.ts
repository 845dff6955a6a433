import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { contentRoot } from '../../src/util/paths.js';

// The project runs on Node 24 even where the machine has an older Node: package.json's
// devDependency `node` puts a Node 24 binary first on PATH for npm scripts and npx.

const major = (version: string) => Number(/^v?(\d+)\./.exec(version)?.[1]);
const pinned = () => {
  const pkg = JSON.parse(readFileSync(join(contentRoot(), 'package.json'), 'utf8')) as {
    devDependencies: Record<string, string>;
  };
  return major(pkg.devDependencies.node!.replace(/^[^\d]*/, ''));
};

describe('the Node.js the tests and the CLI run on', () => {
  it('is the pinned major in the test worker', () => {
    expect(pinned()).toBe(24);
    expect(major(process.version), `test worker runs ${process.version}`).toBe(pinned());
  });

  it('is the pinned major for `node` spawned by tests (how they run bin/lab.cjs)', async () => {
    const { stdout } = await execa('node', ['-p', 'process.version']);
    expect(major(stdout), `\`node\` on PATH is ${stdout}`).toBe(pinned());
  });
});
