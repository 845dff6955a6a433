import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/main.js';
import { completionScript } from '../../src/cli/commands/completion.js';

// Shell completion is made from the commander tree, so it knows every command, subcommand
// and flag, including `lab exam`'s; this test walks the tree on its own and asks bash.

const program = await buildProgram();
const script = completionScript(program, 'bash');

/** Runs the completion function in bash for each list of words (the last one is being typed). */
function complete(...cases: string[][]): string[][] {
  const q = (w: string) => `'${w.replace(/'/g, `'\\''`)}'`;
  const probes = cases.map(
    (words) =>
      `COMP_WORDS=(${words.map(q).join(' ')}); COMP_CWORD=${words.length - 1}; COMPREPLY=(); ` +
      `_cka_lab_complete; echo "\${COMPREPLY[*]}"`,
  );
  const out = execFileSync('bash', ['-c', `${script}\n${probes.join('\n')}`], { encoding: 'utf8' });
  return out
    .split('\n')
    .slice(0, cases.length)
    .map((line) => line.split(' ').filter(Boolean));
}

/** Every command under `cmd` with the words that lead to it. */
function commands(cmd: Command, words: string[] = []): { words: string[]; cmd: Command }[] {
  return [{ words, cmd }, ...cmd.commands.flatMap((c) => commands(c, [...words, c.name()]))];
}

/** The flags `cmd` offers: its own and those of the commands above it (not hidden ones, such as start's --no-note). */
function flags(cmd: Command): string[] {
  const shown = cmd.options.filter((o) => !o.hidden);
  const own = shown.flatMap((o) => [o.long, o.short]).filter((f): f is string => Boolean(f));
  return cmd.parent ? [...own, ...flags(cmd.parent)] : own;
}

describe('shell completion', () => {
  const all = commands(program);

  it('offers every flag of every command and subcommand', () => {
    expect(all.length).toBeGreaterThan(20);
    const offered = complete(...all.map(({ words }) => ['lab', ...words, '-']));
    all.forEach(({ words, cmd }, i) => {
      expect(offered[i], `lab ${words.join(' ')} -`).toEqual(expect.arrayContaining(flags(cmd)));
    });
  });

  it("offers every subcommand, exam's included", () => {
    const parents = all.filter(({ cmd }) => cmd.commands.length > 0);
    const offered = complete(...parents.map(({ words }) => ['lab', ...words, '']));
    parents.forEach(({ words, cmd }, i) => {
      expect(offered[i], `lab ${words.join(' ')}`).toEqual(expect.arrayContaining(cmd.commands.map((c) => c.name())));
    });
    expect(complete(['lab', 'exam', ''])[0]).toEqual(
      expect.arrayContaining(['start', 'status', 'submit', 'flag', 'unflag', 'review']),
    );
  });

  it("follows the words typed so far: flags and their values are skipped, exam's flags are its own", () => {
    const [afterFlags, submit, review, start, bare, lang, file, labs] = complete(
      ['lab', '-n', 'cluster', '--lang', 'ko', 'exam', 'fl'],
      ['lab', '--kubeconfig', '/tmp/x', 'exam', 'submit', '--d'],
      ['lab', 'exam', 'review', '-'],
      ['lab', 'exam', 'start', '--s'],
      ['lab', 'exam', '--co'], // `lab exam` is `lab exam start`: its flags too
      ['lab', 'exam', 'submit', '--lang', ''],
      ['lab', 'check', '--dir', '/'],
      ['lab', 'start', 'replicas'],
    );
    expect(afterFlags).toEqual(['flag']);
    expect(submit).toEqual(['--dir', '--debug']);
    expect(review).toEqual(expect.arrayContaining(['--output', '-o']));
    expect(review).not.toContain('--count');
    expect(start).toEqual(['--seed']);
    expect(bare).toEqual(['--context', '--count']);
    expect(lang).toEqual(['ko', 'en']);
    expect(file).toEqual(expect.arrayContaining(['/tmp', '/usr']));
    expect(labs).toEqual(['replicaset']);
  });

  it('loads in zsh through bashcompinit', () => {
    expect(completionScript(program, 'zsh')).toMatch(/^autoload -U \+X bashcompinit && bashcompinit\n/);
  });
});
