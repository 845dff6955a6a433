import picocolors from 'picocolors';

/**
 * Colours on when stdout is a terminal, off when NO_COLOR is set (no-color.org), on
 * when FORCE_COLOR is set. picocolors' own guess also turns colour on whenever CI is
 * set, which would put escape codes into logs and JSON-adjacent output.
 */
const enabled =
  !('NO_COLOR' in process.env) &&
  ('FORCE_COLOR' in process.env || (process.stdout.isTTY === true && process.env.TERM !== 'dumb'));

export const pc = picocolors.createColors(enabled);
