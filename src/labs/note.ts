import { Lexer } from 'marked';
import { UsageError } from '../errors.js';
import { t } from '../i18n/t.js';
import type { Lang } from '../i18n/text.js';
import type { Lab } from './lab.js';
import { readNote } from './present.js';

/** A heading of a note and the text it heads, as offsets (UTF-16 code units) into the note. */
export interface NoteSection {
  /** 1 for `#`, 2 for `##`... */
  depth: number;
  /** The heading's text as written (inline Markdown kept). */
  title: string;
  /** Where the heading line starts. */
  start: number;
  /** Where its body starts (after the heading line). */
  bodyStart: number;
  /** Where the section ends: the next heading of the same or a higher level, or the note's end. */
  end: number;
}

/**
 * The headings under which a note keeps the answers to its "Check yourself" questions: a
 * `### Answers` (English) or `### 정답` (Korean) heading inside that section (docs/writing-labs.md).
 */
export const ANSWER_HEADINGS: readonly string[] = ['Answers', '정답'];

/**
 * The sections of a Markdown note, in order, found by marked's lexer (so a `#` line inside a
 * fenced code block is not a heading).
 */
export function noteSections(note: string): NoteSection[] {
  const found: Omit<NoteSection, 'end'>[] = [];
  let offset = 0;
  for (const token of Lexer.lex(note)) {
    if (token.type === 'heading') {
      found.push({
        depth: token.depth as number,
        title: (token.text as string).trim(),
        start: offset,
        bodyStart: offset + token.raw.length,
      });
    }
    offset += token.raw.length;
  }
  return found.map((s, i) => {
    const next = found.slice(i + 1).find((n) => n.depth <= s.depth);
    return { ...s, end: next ? next.start : note.length };
  });
}

/** A heading as compared with what the learner typed: no Markdown marks, one space, lower case. */
const plain = (text: string): string => text.replace(/[`*_]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();

/** Why {@link findSection} found no single section: none matches, or several do. */
export type SectionMiss = { kind: 'none' | 'several'; titles: string[] };

/**
 * The section whose heading is `query` (Markdown marks, case and spacing ignored), else the
 * only section whose heading contains it. The note's title (`#`) is not a section.
 * @returns the section, or why none was picked with the headings to choose from
 */
export function findSection(note: string, query: string): NoteSection | SectionMiss {
  const sections = noteSections(note).filter((s) => s.depth > 1);
  const q = plain(query);
  const exact = sections.filter((s) => plain(s.title) === q);
  if (exact.length) return exact[0]!;
  const partial = sections.filter((s) => q && plain(s.title).includes(q));
  if (partial.length === 1) return partial[0]!;
  return partial.length
    ? { kind: 'several', titles: partial.map((s) => s.title) }
    : { kind: 'none', titles: sections.map((s) => s.title) };
}

/** The answers sections of a note (see {@link ANSWER_HEADINGS}). */
function answerSections(note: string): NoteSection[] {
  return noteSections(note).filter((s) => s.depth > 1 && ANSWER_HEADINGS.includes(s.title));
}

/**
 * The note with each answers section (see {@link ANSWER_HEADINGS}) folded: its heading kept, its
 * body replaced by the single line `folded` (which says how to show the answers).
 */
export function foldAnswers(note: string, folded: string): string {
  let out = note;
  // From the last to the first, so the offsets of the earlier ones stay right.
  for (const s of answerSections(note).reverse()) {
    const tail = out.slice(s.end);
    out = `${out.slice(0, s.bodyStart).trimEnd()}\n\n${folded}\n${tail ? `\n${tail}` : ''}`;
  }
  return out;
}

/**
 * The "Check yourself" part of a note with its answers: the section that holds the first
 * answers heading (its questions, then the answers), or the answers section alone when it has
 * no parent section.
 * @returns the Markdown text, or undefined when the note has no answers section
 */
export function answersPart(note: string): string | undefined {
  const answers = answerSections(note)[0];
  if (!answers) return undefined;
  const parent = noteSections(note)
    .filter((s) => s.depth > 1 && s.depth < answers.depth && s.start < answers.start && s.end >= answers.end)
    .pop();
  const part = parent ?? answers;
  return note.slice(part.start, part.end).trimEnd();
}

/** What `lab note` shows: one section, and the answers or not. */
export interface NoteChoice {
  /** A section's heading (see {@link findSection}); the whole note when absent. */
  section?: string;
  /** Show the answers: with `section`, that section unfolded; alone, the "Check yourself" part. */
  answers?: boolean;
}

/**
 * The Markdown `lab note` shows: the lab's note in `lang` (see {@link readNote}), or one section
 * of it, with its answers folded unless asked for (the folded line names the command that shows
 * them).
 * @throws UsageError (exit 2) naming the sections when `section` matches none or several, or
 *   when answers are asked for and the note has none
 */
export function noteForReading(lab: Lab, lang: Lang, choice: NoteChoice = {}): string {
  const note = readNote(lab, lang);
  let text = note;
  if (choice.section !== undefined) {
    const found = findSection(note, choice.section);
    if (!('start' in found)) {
      const params = { lab: lab.id, section: choice.section, sections: found.titles.join(', ') };
      throw new UsageError(t(lang, found.kind === 'none' ? 'note.noSection' : 'note.severalSections', params));
    }
    text = note.slice(found.start, found.end).trimEnd();
  } else if (choice.answers) {
    const part = answersPart(note);
    if (part === undefined) throw new UsageError(t(lang, 'note.noAnswers', { lab: lab.id }));
    return part;
  }
  if (choice.answers) return text;
  return foldAnswers(text, t(lang, 'note.answersFolded', { command: `lab note ${lab.id} --answers` })).trimEnd();
}
