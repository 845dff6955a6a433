import { describe, expect, it } from 'vitest';
import Table from 'cli-table3';
import { stripVTControlCharacters } from 'node:util';
import stringWidth from 'string-width';
import { renderExamResult } from '../../src/exam/present.js';
import type { ExamResult } from '../../src/exam/result.js';
import { cellWidth, fitToTerminal, fitWidths, MIN_COLUMN } from '../../src/util/table.js';
import { page, pagerCommand, rowsOf, terminalWidth, type Screen } from '../../src/util/terminal.js';

// Tables fit the terminal: column widths from the cells' display widths (Hangul two columns,
// colours none), the widest column shrinking first, lab ids never cut.

const widest = (text: string) => Math.max(...widths(text));
const widths = (text: string) =>
  stripVTControlCharacters(text)
    .split('\n')
    .map((l) => stringWidth(l));

const KOREAN = [
  ['pods', '시작 전', 'Pod: kubectl로 실행하고, 잘못된 이미지를 고치고, YAML 생성하기'],
  ['replicationcontroller', '참고 답안으로 풂', 'ReplicationController: Pod를 유지하는 예전 방식'],
  ['imperative-commands', '통과', '명령형 명령어: --dry-run으로 YAML 생성, 파일로 생성, kubectl run'],
];

function table(rows: string[][], width: number | undefined, keep: number[] = []) {
  const t = fitToTerminal(new Table({ head: ['랩', '상태', '제목'], style: { head: [], border: [] } }), {
    width,
    keep,
  });
  for (const r of rows) t.push(r);
  return t.toString();
}

describe('fitWidths', () => {
  it('keeps the natural widths when the table fits', () => {
    expect(
      fitWidths(
        [
          ['LAB', 'TITLE'],
          ['pods', 'Pods: run'],
        ],
        80,
      ),
    ).toEqual([6, 11]);
  });

  it('counts Hangul as two columns and colour codes as none', () => {
    expect(cellWidth('시작 전')).toBe(7);
    expect(cellWidth('\u001b[32mpassed\u001b[39m')).toBe(6);
    expect(cellWidth('two\nlines wide')).toBe(10);
  });

  it('shrinks the widest column first, never below the minimum, and never a kept column', () => {
    const rows = [
      ['LAB', 'TITLE'],
      ['replicationcontroller', 'x'.repeat(100)],
    ];
    const [lab, title] = fitWidths(rows, 60, 2, [0]);
    expect(lab).toBe(23);
    expect(lab! + title! + 3).toBe(60);
    expect(fitWidths(rows, 10)).toEqual([MIN_COLUMN, MIN_COLUMN]);
  });
});

describe('fitToTerminal', () => {
  it.each([80, 120, 60])('a Korean table fits %i columns, wrapping titles, lab ids whole', (width) => {
    const out = table(KOREAN, width, [0]);
    expect(Math.max(...widths(out))).toBeLessThanOrEqual(width);
    expect(out).toContain('replicationcontroller');
    for (const word of ['kubectl로', '이미지를', '예전']) expect(out).toContain(word);
  });

  it('without a known width (a pipe), the table keeps its natural layout', () => {
    const natural = table(KOREAN, undefined);
    expect(Math.max(...widths(natural))).toBeGreaterThan(80);
    expect(natural.split('\n')).toHaveLength(KOREAN.length * 2 + 3); // one line a row
  });

  it('cuts a word wider than its column with …, keeping the border in place', () => {
    const out = table([['pods', 'x', `${'y'.repeat(70)} end`]], 40);
    expect(out).toContain('…');
    expect(new Set(widths(out))).toEqual(new Set([40]));
  });
});

describe('terminal', () => {
  it('takes the width from a terminal, else from COLUMNS, else none', () => {
    expect(terminalWidth({ isTTY: true, columns: 97, write: () => true }, { COLUMNS: '50' })).toBe(97);
    expect(terminalWidth({ isTTY: true, columns: 0, write: () => true }, { COLUMNS: '50' })).toBe(50);
    expect(terminalWidth({ isTTY: false, columns: 97, write: () => true }, { COLUMNS: '50' })).toBe(50);
    expect(terminalWidth({ isTTY: false, write: () => true }, { COLUMNS: 'wide' })).toBeUndefined();
  });

  it('counts the rows text takes, long lines and Hangul wrapping', () => {
    expect(rowsOf('a\nb', 80)).toBe(2);
    expect(rowsOf('x'.repeat(81), 80)).toBe(2);
    expect(rowsOf('가'.repeat(41), 80)).toBe(2);
    expect(rowsOf('\u001b[1m' + 'x'.repeat(80) + '\u001b[22m', 80)).toBe(1);
  });

  it('picks the pager as git does: $PAGER, else less; none for an empty PAGER or cat', () => {
    expect(pagerCommand({})).toBe('less');
    expect(pagerCommand({ PAGER: 'most -s' })).toBe('most -s');
    expect(pagerCommand({ PAGER: '' })).toBeUndefined();
    expect(pagerCommand({ PAGER: 'cat' })).toBeUndefined();
  });

  it('writes the text itself when stdout is no terminal, or the text fits, or there is no pager', () => {
    const written: string[] = [];
    const screen = (isTTY: boolean): Screen => ({ isTTY, columns: 80, rows: 5, write: (s: string) => written.push(s) });
    const env = { PAGER: 'false' }; // a pager that would show nothing
    expect(page('1\n2\n3\n4\n5\n6', screen(false), env)).toBe(false);
    expect(page('1\n2\n3', screen(true), env)).toBe(false);
    expect(page('1\n2\n3\n4\n5\n6', screen(true), { PAGER: 'cat' })).toBe(false);
    expect(written).toEqual(['1\n2\n3\n4\n5\n6\n', '1\n2\n3\n', '1\n2\n3\n4\n5\n6\n']);
  });
});

describe('the exam score sheet', () => {
  const at = '2026-05-01T10:00:00.000Z';
  const result: ExamResult = {
    startedAt: at,
    deadline: at,
    submittedAt: at,
    late: false,
    passMark: 66,
    earnedPoints: 0,
    possiblePoints: 3,
    percent: 0,
    passed: false,
    labs: [
      {
        lab: 'replicationcontroller',
        namespace: 'lab-replicationcontroller',
        earnedPoints: 0,
        possiblePoints: 3,
        percent: 0,
      },
    ],
    tasks: [
      {
        lab: 'replicationcontroller',
        task: 'create',
        title:
          'Create the ReplicationController myapp-rc with 3 replicas of nginx, labelled app=myapp and type=front-end',
        earnedPoints: 0,
        possiblePoints: 3,
        pass: false,
      },
    ],
  };
  const sheet = () =>
    renderExamResult(result, [], 'en')
      .split('\n')
      .filter((l) => /[┌│└├]/.test(l))
      .join('\n');

  it.each([80, 120])('fits %i columns, the lab id whole', (cols) => {
    process.env.COLUMNS = String(cols);
    try {
      expect(widest(sheet())).toBeLessThanOrEqual(cols);
      expect(sheet()).toContain(' replicationcontroller ');
    } finally {
      delete process.env.COLUMNS;
    }
  });

  it('keeps its 64-column task column into a pipe', () => {
    expect(widest(sheet())).toBeGreaterThan(80);
  });
});
