import type Table from 'cli-table3';
import { stripVTControlCharacters } from 'node:util';
import stringWidth from 'string-width';
import { terminalWidth } from './terminal.js';

/** The narrowest a column is made when the table must shrink, in columns (padding included). */
export const MIN_COLUMN = 8;

/** The display width of a cell's text: its widest line, colours left out, Hangul two columns each. */
export function cellWidth(content: unknown): number {
  return Math.max(
    0,
    ...stripVTControlCharacters(String(content ?? ''))
      .split('\n')
      .map((l) => stringWidth(l)),
  );
}

type CellValue = Table.Cell;

/** A cell's text and how many columns it spans. */
function cellOf(cell: CellValue): { content: unknown; colSpan: number } {
  if (cell !== null && typeof cell === 'object' && !Array.isArray(cell)) {
    const c = cell as { content?: unknown; colSpan?: number };
    return { content: c.content, colSpan: c.colSpan ?? 1 };
  }
  return { content: cell, colSpan: 1 };
}

/**
 * The widths of a table's columns (padding included, borders not) so that the whole table is
 * at most `width` columns wide: each column's natural width (its widest cell; cells that span
 * columns are left to wrap), then, while the table is too wide, the widest column loses one
 * column, down to {@link MIN_COLUMN} (a table of many columns on a very narrow terminal may
 * stay wider than `width`). Columns in `keep` (names the learner types, such as lab ids) keep
 * their natural width.
 * @param rows the header row first, then the body rows (cli-table3 cells)
 * @param padding left plus right padding of a cell, in columns
 * @param keep the indexes of the columns that never shrink
 */
export function fitWidths(
  rows: readonly (readonly CellValue[])[],
  width: number,
  padding = 2,
  keep: readonly number[] = [],
): number[] {
  const natural: number[] = [];
  let count = 0;
  for (const row of rows) {
    let x = 0;
    for (const cell of row) {
      const { content, colSpan } = cellOf(cell);
      if (colSpan === 1) natural[x] = Math.max(natural[x] ?? 0, cellWidth(content) + padding);
      x += colSpan;
    }
    count = Math.max(count, x);
  }
  const widths = Array.from({ length: count }, (_, i) => Math.max(natural[i] ?? 0, padding + 1));
  const budget = width - (count + 1); // one border between columns and one at each side
  let total = widths.reduce((a, b) => a + b, 0);
  while (total > budget) {
    let widest = -1;
    for (let i = 0; i < count; i++) {
      if (keep.includes(i) || widths[i]! <= MIN_COLUMN) continue;
      if (widest < 0 || widths[i]! > widths[widest]!) widest = i;
    }
    if (widest < 0) break;
    widths[widest]!--;
    total--;
  }
  return widths;
}

/**
 * Makes `table` fit the terminal when it is printed: at `toString()` its column widths are
 * computed from its rows (see {@link fitWidths}) for the width of the terminal (or `width`),
 * and cells wider than their column wrap at spaces; a word wider than its column is cut with
 * `…` (cli-table3). Without a known width (output into a pipe or a file), the table keeps
 * its natural layout.
 * @param keep the indexes of the columns that never shrink (see {@link fitWidths})
 * @returns the same table
 */
export function fitToTerminal<T extends Table.Table>(
  table: T,
  { width = terminalWidth(), keep = [] }: { width?: number | undefined; keep?: readonly number[] } = {},
): T {
  if (!width) return table;
  const render = table.toString.bind(table);
  const options = table.options;
  table.toString = () => {
    const head = options.head.length ? [options.head] : [];
    const rows = [...head, ...table.filter((row): row is Table.HorizontalTableRow => Array.isArray(row))];
    const padding = options.style['padding-left'] + options.style['padding-right'];
    options.colWidths = fitWidths(rows, width, padding, keep);
    options.wordWrap = true;
    options.wrapOnWordBoundary = true;
    return render();
  };
  return table;
}
