import Table from 'cli-table3';
import { Marked, type Tokens } from 'marked';
import { markedTerminal } from 'marked-terminal';
import { stripVTControlCharacters } from 'node:util';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import { pc } from './colour.js';
import { fitToTerminal } from './table.js';

/** Prose is wrapped at most this wide, in columns, however wide the terminal: lines stay readable. */
export const PROSE_WIDTH = 100;

/**
 * Marks a line the reflow must leave as it is (code, which must stay copyable, and tables,
 * already fitted): a private-use character, removed before the text is shown.
 */
const KEEP = '\uE000';

/** A list item's first line: its indentation and its marker (`* `, `12. `), as marked-terminal writes them. */
const LIST_START = /^( *)((?:\*|\d+\.) )?/;

/**
 * Wraps each line wider than `width` at spaces (a word wider than the line is cut), colours
 * kept and Hangul counted two columns (wrap-ansi); a list item's next lines line up under its
 * text. Lines marked {@link KEEP} are left as they are.
 */
function reflow(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      const kept = /^( *)\uE000/.exec(line);
      if (kept) return line.replace(KEEP, '');
      if (stringWidth(line) <= width) return line;
      const lead = LIST_START.exec(line)![0];
      const room = Math.max(20, width - lead.length);
      const body = wrapAnsi(line.slice(lead.length), room, { hard: true, trim: true });
      return body
        .split('\n')
        .map((l, i) => (i ? ' '.repeat(lead.length) : lead) + l)
        .join('\n');
    })
    .join('\n');
}

/** Marks every line of `block` with {@link KEEP}. */
const keep = (block: string): string =>
  block
    .split('\n')
    .map((l) => (l ? KEEP + l : l))
    .join('\n');

/**
 * Renders Markdown for a terminal `width` columns wide: headings, bold, lists, tables,
 * YAML and shell code highlighted (marked with marked-terminal, highlight.js through
 * cli-highlight). Paragraphs and list items are wrapped to the width (at most
 * {@link PROSE_WIDTH}); tables fit the width, their cells wrapped; code blocks keep their lines
 * (a terminal or pager wraps them). Colours follow src/util/colour.ts (none with NO_COLOR).
 * @param width the terminal's width in columns
 */
export function renderMarkdown(markdown: string, width: number): string {
  const styles = {
    firstHeading: (s: string) => pc.magenta(pc.underline(pc.bold(s))),
    heading: (s: string) => pc.green(pc.bold(s)),
    code: pc.yellow,
    codespan: pc.yellow,
    blockquote: (s: string) => pc.gray(pc.italic(s)),
    html: pc.gray,
    strong: pc.bold,
    em: pc.italic,
    del: (s: string) => pc.dim(pc.strikethrough(s)),
    link: pc.blue,
    href: (s: string) => pc.blue(pc.underline(s)),
    hr: (s: string) => s,
    listitem: (s: string) => s,
    table: (s: string) => s,
    paragraph: (s: string) => s,
  };
  const extension = markedTerminal({ ...styles, emoji: false, tab: 2, width }, { ignoreIllegals: true });
  const renderer = extension.renderer as Record<
    string,
    (this: { parser: { parseInline(t: unknown): string } }, token: never) => string
  >;
  const code = renderer.code!;
  const text = renderer.text!;
  Object.assign(renderer, {
    // Code keeps its lines: marked as such for the reflow.
    code(this: never, token: Tokens.Code): string {
      return keep(code.call(this, token as never));
    },
    // The text of a list item holds inline Markdown (bold, code) that marked-terminal 7.3 leaves
    // as it is (mikaelbr/marked-terminal#304, #371): it is rendered here.
    text(this: { parser: { parseInline(t: unknown): string } }, token: Tokens.Text | string): string {
      if (typeof token === 'object' && token.tokens) return this.parser.parseInline(token.tokens);
      return text.call(this, token as never);
    },
    // Tables fit the terminal (their cells wrapped), as every table of cka-lab does.
    table(this: { parser: { parseInline(t: unknown): string } }, token: Tokens.Table): string {
      const cells = (row: Tokens.TableCell[]) => row.map((c) => this.parser.parseInline(c.tokens));
      const table = fitToTerminal(
        new Table({ head: cells(token.header).map((h) => pc.bold(h)), style: { head: [], border: [] } }),
        { width },
      );
      for (const row of token.rows) table.push(cells(row));
      return `${keep(table.toString())}\n\n`;
    },
  });
  const marked = new Marked(extension, {
    // Soft line breaks become spaces, so the reflow can fill each line to the terminal's width.
    walkTokens(token) {
      // A code block without a language is shown as it is, not guessed at.
      if (token.type === 'code' && !token.lang) token.lang = 'plaintext';
      if (token.type === 'text' && !('tokens' in token && token.tokens)) token.text = token.text.replace(/\n/g, ' ');
    },
  });
  const rendered = marked.parse(markdown, { async: false });
  const out = reflow(rendered.trimEnd(), Math.min(width, PROSE_WIDTH));
  return pc.isColorSupported ? out : stripVTControlCharacters(out);
}
