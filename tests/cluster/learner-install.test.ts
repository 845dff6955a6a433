import { afterAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentRoot } from '../../src/util/paths.js';

// `lab` is a command the learner can type in any folder after the README's first command: the
// install step of that command, run into a temporary npm prefix, leaves `<prefix>/bin/lab`,
// which works from another folder (on the machine's own Node, which may be 20: it starts itself
// again on the Node 24 in node_modules), and `eval "$(lab env)"` works as the messages say.

const repo = contentRoot();
const readme = readFileSync(join(repo, 'README.md'), 'utf8');
const prefix = mkdtempSync(join(tmpdir(), 'cka-lab-npm-prefix-'));
const elsewhere = mkdtempSync(join(tmpdir(), 'cka-lab-elsewhere-'));
afterAll(() => {
  rmSync(prefix, { recursive: true, force: true });
  rmSync(elsewhere, { recursive: true, force: true });
});

/** The first command of the README's "Fresh machine" section (its first bash block). */
function firstCommand(): string {
  const section = readme.slice(readme.indexOf('## Fresh machine'));
  const block = /```bash\n([^`]+)```/.exec(section)?.[1];
  if (!block) throw new Error('README.md has no bash block in its "Fresh machine" section');
  return block.trim();
}

/** A shell as a learner has it after the install: the prefix's bin and the system's, no node_modules/.bin. */
const learnerShell = (script: string) =>
  execa('bash', ['-c', script], {
    cwd: elsewhere,
    reject: false,
    env: { PATH: `${join(prefix, 'bin')}:/usr/local/bin:/usr/bin:/bin` },
  });

describe("the README's first command leaves `lab` on PATH", () => {
  it(
    'installs the clone globally before it types `lab`, and that `lab` runs from any folder',
    { timeout: 120_000 },
    async () => {
      const steps = firstCommand()
        .split('&&')
        .map((s) => s.trim());
      const install = steps.findIndex((s) => /^npm (install|i|link)\b.*(-g|--global)\b/.test(s) || s === 'npm link');
      const firstLab = steps.findIndex((s) => /^lab\b/.test(s));
      expect(install, `no global install in "${firstCommand()}"`).toBeGreaterThanOrEqual(0);
      expect(firstLab, 'the first command types `lab`, not `npx lab`').toBeGreaterThan(install);

      // The same step, into a prefix of this test's own (a user prefix, as `npm config set prefix` makes).
      const run = await execa('bash', ['-c', `${steps[install]} --prefix "$1"`, 'install', prefix], {
        cwd: repo,
        reject: false,
      });
      expect(run.exitCode, run.stderr).toBe(0);
      expect(readdirSync(join(prefix, 'bin')).sort()).toEqual(['kubectl-lab', 'lab']);

      const version = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version as string;
      const byPath = await learnerShell('lab --version');
      expect(byPath.exitCode, byPath.stderr).toBe(0);
      expect(byPath.stdout.trim()).toBe(version);
      const direct = await execa(join(prefix, 'bin', 'lab'), ['--version'], { cwd: elsewhere, reject: false });
      expect(direct.stdout.trim()).toBe(version);

      // npx: inside the clone it runs the clone's own bin; elsewhere, after the install, the installed
      // one, never the unrelated npm package called lab (--no-install: nothing is fetched).
      const npx = (cwd: string) =>
        execa('npx', ['--no-install', 'lab', '--version'], {
          cwd,
          reject: false,
          // npm exec reifies the global prefix it finds `lab` in, which runs the linked clone's `prepare`
          // (a rebuild of dist/ under every other test's feet): no scripts, as in the install itself.
          env: {
            PATH: `${join(prefix, 'bin')}:/usr/local/bin:/usr/bin:/bin`,
            npm_config_prefix: prefix,
            npm_config_ignore_scripts: 'true',
          },
        });
      for (const cwd of [repo, elsewhere]) {
        const run = await npx(cwd);
        expect(run.exitCode, `npx lab in ${cwd}: ${run.stderr}`).toBe(0);
        expect(run.stdout.trim()).toBe(version);
      }
    },
  );

  it('runs `eval "$(lab env)"` as the messages say: KUBECONFIG set, the built kubectl on PATH', async () => {
    const env = await learnerShell('eval "$(lab env --no-cd)" && echo "$KUBECONFIG" && command -v kubectl');
    expect(env.exitCode, env.stderr).toBe(0);
    const [kubeconfig, kubectl] = env.stdout.trim().split('\n');
    expect(kubeconfig).toMatch(/cka-lab.*kubeconfig$/);
    expect(statSync(kubectl!).isFile()).toBe(true);
    expect(kubectl).toContain(join('.cache', 'cka-lab', 'bin'));
  });

  it('never tells the learner to type `npx lab`, which outside the clone is an unrelated npm package', () => {
    const said: string[] = [];
    const scan = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) scan(path);
        else if (/\.(ts|cjs|mjs)$/.test(entry.name) && /npx lab\b/.test(readFileSync(path, 'utf8'))) said.push(path);
      }
    };
    for (const dir of ['src', 'bin']) scan(join(repo, dir));
    expect(said).toEqual([]);
    // The README's own commands for working a lab type `lab` too.
    const working = readme.slice(readme.indexOf('## Working a lab'), readme.indexOf('### Shell completion'));
    const commands = [...working.matchAll(/```bash\n([^`]+)```/g)].flatMap((m) => m[1]!.trim().split('\n'));
    expect(commands.length).toBeGreaterThan(5);
    expect(commands.filter((c) => !/^(lab |eval "\$\(lab env\)"|kubectl )/.test(c))).toEqual([]);
  });
});
