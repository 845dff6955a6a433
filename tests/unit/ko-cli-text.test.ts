import { afterAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
const lab = (...args: string[]) => labWith({}, ...args);
const labWith = (env: Record<string, string>, ...args: string[]) =>
  execa('node', [bin, ...args], {
    reject: false,
    env: { XDG_STATE_HOME: state, NO_COLOR: '1', LANG: 'C', KUBECONFIG: join(state, 'none'), ...env },
  });
const dirs = [state];
afterAll(() => {
  useLanguage('en');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

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
    const all = [[], ...paths];
    // Four at a time: each is a Node start-up, and one after the other they took over a minute under load.
    for (let i = 0; i < all.length; i += 4) {
      const batch = all.slice(i, i + 4);
      const runs = await Promise.all(batch.map((path) => lab(...path, '--help', '--lang', 'ko')));
      runs.forEach(({ stdout, exitCode }, j) => {
        const path = batch[j]!;
        expect(exitCode, path.join(' ')).toBe(0);
        expect(stdout).toContain('사용법:');
        found.push(...englishLines(stdout).map((line) => `lab ${path.join(' ')} --help: ${line.trim()}`));
      });
    }
    expect(found).toEqual([]);
  }, 180_000);

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

  it('errors of flags, exam and progress files, an unreachable cluster and a bad lab file are Korean', async () => {
    // A kubeconfig whose cluster does not answer: 127.0.0.1 port 1.
    const nowhere = join(state, 'nowhere-kubeconfig');
    writeFileSync(
      nowhere,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]',
        'users: [{name: u, user: {token: x}}]',
        'contexts: [{name: here, context: {cluster: c, user: u}}]',
        'current-context: here',
      ].join('\n'),
    );
    // One whose server is not on this machine: the remote guard refuses it.
    const remote = join(state, 'remote-kubeconfig');
    writeFileSync(remote, readFileSync(nowhere, 'utf8').replace('https://127.0.0.1:1', 'https://10.20.30.40:6443'));
    // Damaged progress and exam files in a state folder of their own.
    const damaged = mkdtempSync(join(tmpdir(), 'cka-lab-ko-damaged-'));
    dirs.push(damaged);
    mkdirSync(join(damaged, 'cka-lab'));
    writeFileSync(join(damaged, 'cka-lab', 'progress.json'), ''); // cut off by a crash
    writeFileSync(join(damaged, 'cka-lab', 'exam.json'), '{not json');
    // A content folder with a lab file that breaks the schema.
    const content = mkdtempSync(join(tmpdir(), 'cka-lab-ko-content-'));
    dirs.push(content);
    mkdirSync(join(content, 'labs', 'bad'), { recursive: true });
    writeFileSync(join(content, 'labs', 'bad', 'lab.yaml'), 'id: bad\ntitle: Bad\ntasks: []\nbogus: 1\n');

    const runs: [Record<string, string>, string[], RegExp][] = [
      [{}, ['check', '-o', 'xml'], /알 수 없는 출력 형식 "xml"/],
      [{}, ['check', '--wait', 'soon'], /--wait에는 초 단위 숫자가/],
      [{}, ['check', 'pods', '--all'], /랩 이름과 --all 중 하나만/],
      [{}, ['exam', '--seed', 'abc'], /--seed에는 정수가 필요합니다/],
      [{}, ['exam', '--labs', 'pods,pods'], /랩 pods가 --labs에 두 번/],
      [{}, ['exam', '--labs', 'pods', '--count', '2'], /--labs와 --count 중 하나만/],
      [{}, ['exam', '--duration', '90'], /시험 시간으로 쓸 수 없는 값입니다: "90"/],
      [{}, ['exam', '--duration', '25h'], /--duration 25h는 .*24h 이하로/],
      [{}, ['exam', '-n', 'mine'], /-n\/--namespace를 빼세요/],
      [
        {},
        ['check', 'pods', '--kubeconfig', nowhere],
        /context "here"의 클러스터\(https:\/\/127\.0\.0\.1:1\)에 연결할 수 없습니다/,
      ],
      [{}, ['check', 'pods', '--kubeconfig', remote], /랩 클러스터로 보이지 않습니다\. 그래서 .*--allow-remote를/],
      [{}, ['completion', 'fish'], /"fish"용 completion은 없습니다/],
      [{ XDG_STATE_HOME: damaged }, ['progress'], /진행 상황 파일 .*progress\.json이 손상되어/],
      [{ XDG_STATE_HOME: damaged }, ['exam', 'status'], /시험 파일 .*exam\.json이 손상되었습니다/],
      [
        { CKA_LAB_HOME: content },
        ['check', 'bad'],
        /lab\.yaml:1: domain: 필수 필드입니다\(문자열\)\. 랩 파일을 고치고/,
      ],
    ];
    const found: string[] = [];
    for (const [env, args, expected] of runs) {
      const { stdout, stderr } = await labWith(env, ...args, '--lang', 'ko');
      expect(stderr, `lab ${args.join(' ')}`).toMatch(expected);
      found.push(...englishLines(`${stdout}\n${stderr}`).map((line) => `lab ${args.join(' ')}: ${line.trim()}`));
    }
    expect(found).toEqual([]);
  });
});
