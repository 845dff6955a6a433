import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../src/errors.js';
import { listLabIds, loadLab } from '../../src/labs/loader.js';
import { answersPart, findSection, foldAnswers, noteForReading, noteSections } from '../../src/labs/note.js';
import { contentRoot } from '../../src/util/paths.js';

// `lab note`: a note's sections found by marked's lexer, its "Check yourself" answers folded
// until asked for, one section picked by its heading. Run against the real notes.

const notes = join(contentRoot(), 'notes');
const noteFiles = readdirSync(notes).filter((f) => f.endsWith('.md'));
const read = (file: string) => readFileSync(join(notes, file), 'utf8');

/** The answer lines of a note: the numbered list under its answers heading. */
function answerLines(note: string): string[] {
  const at = note.search(/^### (Answers|정답)\s*$/m);
  return note
    .slice(at)
    .split('\n')
    .filter((l) => /^\d+\. /.test(l));
}

describe('note sections', () => {
  it('finds every heading outside code blocks, each ending where the next of its level begins', () => {
    const note = read('pods.en.md');
    const sections = noteSections(note);
    expect(sections.map((s) => s.title)).toContain('Check yourself');
    // "# option 1: ..." inside a ```bash block is a shell comment, not a heading.
    expect(sections.map((s) => s.title).some((t) => t.startsWith('option'))).toBe(false);
    const check = sections.find((s) => s.title === 'Check yourself')!;
    const answers = sections.find((s) => s.title === 'Answers')!;
    expect(check.depth).toBe(2);
    expect(answers.start).toBeGreaterThan(check.start);
    expect(check.end).toBe(note.length); // the answers (###) are inside it, and it is the last ##
    expect(note.slice(answers.start, answers.bodyStart).trim()).toBe('### Answers');
  });

  it('picks a section by its heading (case, spacing and Markdown marks aside), or by the one heading containing the words', () => {
    const note = read('pods.en.md');
    expect(findSection(note, 'check  YOURSELF')).toMatchObject({ title: 'Check yourself', depth: 2 });
    expect(findSection(note, 'READY column')).toMatchObject({ title: expect.stringContaining('READY column') });
    expect(findSection(note, 'pod')).toMatchObject({ kind: 'several' });
    const none = findSection(note, 'no such heading');
    expect(none).toMatchObject({ kind: 'none' });
    expect((none as { titles: string[] }).titles).toContain('Commands');
    expect((none as { titles: string[] }).titles).not.toContain('Pods'); // the note's title is no section
  });
});

describe('answers folded until asked for', () => {
  it.each(noteFiles)('%s: every answer is folded into one line naming the command; the questions stay', (file) => {
    const note = read(file);
    const answers = answerLines(note);
    expect(answers.length).toBeGreaterThan(0);
    const folded = foldAnswers(note, 'FOLDED: `lab note x --answers`');
    for (const line of answers) expect(folded).not.toContain(line);
    expect(folded).toContain('FOLDED: `lab note x --answers`');
    expect(folded).toMatch(/^### (Answers|정답)\n\nFOLDED/m);
    // Everything before the answers is kept as it was.
    const at = note.search(/^### (Answers|정답)\s*$/m);
    expect(folded.slice(0, at)).toBe(note.slice(0, at));
  });

  it.each(noteFiles)('%s: --answers shows the Check yourself questions with their answers', (file) => {
    const note = read(file);
    const part = answersPart(note)!;
    expect(part).toMatch(/^## (Check yourself|스스로 점검하기)\n/);
    for (const line of answerLines(note)) expect(part).toContain(line);
  });

  it('keeps what follows an answers section that is not the last one', () => {
    const note = '# T\n\n## Check yourself\n\n1. Q?\n\n### Answers\n\n1. A.\n\n## Later\n\nmore text\n';
    expect(foldAnswers(note, 'F')).toBe(
      '# T\n\n## Check yourself\n\n1. Q?\n\n### Answers\n\nF\n\n## Later\n\nmore text\n',
    );
  });
});

describe('noteForReading', () => {
  it('folds the answers of every lab note in both languages, and names the command that shows them', async () => {
    for (const id of listLabIds()) {
      const lab = await loadLab(id);
      expect(noteForReading(lab, 'en')).toContain(`The answers are folded: \`lab note ${id} --answers\` shows them.`);
      expect(noteForReading(lab, 'ko')).toContain(`정답은 접혀 있습니다. 보기: \`lab note ${id} --answers\``);
      for (const line of answerLines(noteForReading(lab, 'en', { answers: true }))) {
        expect(noteForReading(lab, 'en')).not.toContain(line);
      }
    }
  });

  it('shows one section, unfolded with --answers, and says which sections there are when none matches', async () => {
    const lab = await loadLab('pods');
    const section = noteForReading(lab, 'en', { section: 'commands' });
    expect(section.startsWith('## Commands\n')).toBe(true);
    expect(section).not.toContain('## Check yourself');
    expect(noteForReading(lab, 'en', { section: 'check yourself' })).toContain('The answers are folded');
    expect(noteForReading(lab, 'en', { section: 'check yourself', answers: true })).toContain(
      '2. `kubectl get pods -o wide` (the `NODE` column).',
    );
    expect(() => noteForReading(lab, 'en', { section: 'volumes' })).toThrow(UsageError);
    expect(() => noteForReading(lab, 'en', { section: 'volumes' })).toThrow(
      /The note of pods has no section "volumes"; give one of: .*Check yourself/,
    );
    expect(() => noteForReading(lab, 'ko', { section: 'pod' })).toThrow(/절이 여러 개입니다/);
  });
});
