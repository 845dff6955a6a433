import { afterAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/main.js';
import { useLanguage } from '../../src/i18n/current.js';
import { contentRoot } from '../../src/util/paths.js';

// With --lang ko everything the learner reads is Korean: every command's --help, and the lines
// that need no cluster (errors, the progress table, exam status). A heuristic finds English left
// over: a line with three or more common English words (articles, pronouns, auxiliaries,
// prepositions) outside `code`, "quotes", flags and paths. Commands, flags, field paths and
// Kubernetes terms (kubectl, Pod, selector, ...) are not such words, so they may stay.

const bin = join(contentRoot(), 'bin', 'lab.cjs');
const state = mkdtempSync(join(tmpdir(), 'cka-lab-ko-text-'));
const lab = (...args: string[]) =>
  execa('node', [bin, ...args], {
    reject: false,
    env: { XDG_STATE_HOME: state, NO_COLOR: '1', LANG: 'C', KUBECONFIG: join(state, 'none') },
  });
afterAll(() => useLanguage('en'));

/** Words of English sentences that no command, flag, field or Kubernetes term is made of. */
const ENGLISH = new Set(
  (
    'the a an to is are was were be been of for and or not with your you this that these those in on at by ' +
    'from it its no does do did has have had than then there which what when where who how first all any ' +
    'each every only also but if so can cannot could should would will may must into out about after before ' +
    'again yet still here one more most some such own same other use up'
  ).split(' '),
);

/** The lines of `text` that read as English sentences (see the file's comment). */
export function englishLines(text: string): string[] {
  return text.split('\n').filter((line) => {
    const prose = line
      .replace(/`[^`]*`/g, ' ')
      .replace(/"[^"]*"|'[^']*'/g, ' ')
      .replace(/(^|\s)--?[\w-]+(=\S*)?/g, ' ')
      .replace(/\S*[/=<>[\]]\S*|\S+[.:]\S+/g, ' ');
    const words = prose.toLowerCase().match(/[a-z]+/g) ?? [];
    return words.filter((w) => ENGLISH.has(w)).length >= 3;
  });
}

/** Every command path of the program: ['check'], ['exam', 'start'], ... */
function commandPaths(cmd: Command, prefix: string[] = []): string[][] {
  return cmd.commands.flatMap((sub) => {
    const path = [...prefix, sub.name()];
    return [path, ...commandPaths(sub, path)];
  });
}

describe('Korean everywhere (--lang ko)', () => {
  it('the heuristic flags English sentences and lets commands, flags and terms be', () => {
    expect(englishLines('The lab pods is ready in namespace lab-pods.')).toHaveLength(1);
    expect(englishLines('To use kubectl, first run: eval "$(lab env)"')).toHaveLength(1);
    expect(englishLines('Time is up: submitting your exam.')).toHaveLength(1);
    expect(englishLines('  -o, --output <format>  text 또는 json (기본값: "text")')).toEqual([]);
    expect(englishLines('실행하세요: kubectl rollout undo deployment/web --to-revision=1')).toEqual([]);
    expect(englishLines('Pod redis가 Ready가 아닙니다: ImagePullBackOff')).toEqual([]);
  });

  it("every command's --help is Korean", async () => {
    const paths = commandPaths(await buildProgram(['--lang', 'ko']));
    expect(paths.length).toBeGreaterThan(15);
    const found: string[] = [];
    for (const path of [[], ...paths]) {
      const { stdout, exitCode } = await lab(...path, '--help', '--lang', 'ko');
      expect(exitCode, path.join(' ')).toBe(0);
      expect(stdout).toContain('사용법:');
      found.push(...englishLines(stdout).map((line) => `lab ${path.join(' ')} --help: ${line.trim()}`));
    }
    expect(found).toEqual([]);
  });

  it('errors and the lines that need no cluster are Korean', async () => {
    const bad = join(state, 'bad-kubeconfig');
    writeFileSync(bad, 'not: [a kubeconfig');
    const runs = [
      ['chek'],
      ['hint'],
      ['hint', 'no-such-lab'],
      ['check', 'pods', '--kubeconfig', bad],
      ['start', 'pods', '--context', 'nowhere'],
      ['-n', 'Bad_Name', 'list'],
      ['exam', 'status'],
      ['exam', 'submit'],
      ['progress'],
      ['list'],
      ['dir', 'no-such-lab'],
    ];
    const found: string[] = [];
    for (const args of runs) {
      const { stdout, stderr } = await lab(...args, '--lang', 'ko');
      found.push(...englishLines(`${stdout}\n${stderr}`).map((line) => `lab ${args.join(' ')}: ${line.trim()}`));
    }
    expect(found).toEqual([]);
  });
});
