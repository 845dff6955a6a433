import { spawnSync } from 'node:child_process';
import { stripVTControlCharacters } from 'node:util';
import stringWidth from 'string-width';

/** The streams {@link page} writes to: process.stdout, or a stand-in in tests. */
export interface Screen {
  isTTY?: boolean;
  columns?: number;
  rows?: number;
  write(text: string): unknown;
}

/** A positive whole number from an environment variable such as COLUMNS, else undefined. */
function positive(value: string | undefined): number | undefined {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/**
 * The width, in columns, that output should fit: the terminal's when stdout is one (a
 * terminal that reports no width, as a pseudo-terminal nobody sized, counts as none), else
 * `$COLUMNS`, else undefined (output into a pipe or a file keeps its natural width).
 */
export function terminalWidth(
  screen: Screen = process.stdout,
  env: NodeJS.ProcessEnv = process.env,
): number | undefined {
  return (screen.isTTY && positive(String(screen.columns))) || positive(env.COLUMNS);
}

/**
 * How many terminal rows `text` takes on a terminal `columns` wide: each line is one row, or
 * more when it is wider than the terminal and wraps. Colour codes take no room; East Asian
 * wide characters (Hangul) take two columns (string-width).
 */
export function rowsOf(text: string, columns: number): number {
  let rows = 0;
  for (const line of stripVTControlCharacters(text).split('\n')) {
    rows += Math.max(1, Math.ceil(stringWidth(line) / columns));
  }
  return rows;
}

/**
 * The pager command, as git picks one: `$PAGER`, else `less`; none when `$PAGER` is empty or
 * `cat` (a learner's way of saying "never page").
 */
export function pagerCommand(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const pager = env.PAGER ?? 'less';
  return pager.trim() === '' || pager.trim() === 'cat' ? undefined : pager;
}

/**
 * Writes `text` (and a final newline) to stdout, through the learner's pager when stdout is
 * a terminal and the text is taller than it, as git does: `$PAGER` (run by the shell, so it
 * may carry options), else `less`, with `LESS=FRX` unless `$LESS` is set (F: quit when the
 * text fits after all, R: keep colours, X: leave the text on the screen). A pager that cannot
 * be started (not installed) falls back to writing the text out. Ctrl-C while paging goes to
 * the pager, which handles it, not to cka-lab.
 * @returns whether a pager showed the text
 */
export function page(text: string, screen: Screen = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  const pager = pagerCommand(env);
  const rows = positive(String(screen.rows));
  const columns = terminalWidth(screen, {});
  if (!screen.isTTY || !pager || !rows || !columns || rowsOf(body.slice(0, -1), columns) < rows) {
    screen.write(body);
    return false;
  }
  const ignore = (): void => {};
  process.on('SIGINT', ignore);
  try {
    const run = spawnSync(pager, {
      shell: true,
      input: body,
      stdio: ['pipe', 'inherit', 'inherit'],
      env: { ...env, LESS: env.LESS ?? 'FRX', LV: env.LV ?? '-c' },
    });
    // 127: the shell found no such command. A pager quit early (q) is fine: EPIPE is ignored.
    if ((run.error && (run.error as NodeJS.ErrnoException).code !== 'EPIPE') || run.status === 127) {
      screen.write(body);
      return false;
    }
    return true;
  } finally {
    process.off('SIGINT', ignore);
  }
}
