import { UsageError } from '../errors.js';
import { say } from '../i18n/current.js';

const UNIT_MS = { h: 3_600_000, m: 60_000, s: 1_000 } as const;

/** The longest exam, in ms (24 h): far beyond the CKA's 2 h, and well within a timer's range. */
export const MAX_EXAM_MS = 24 * UNIT_MS.h;

/**
 * Parses an exam length such as `2h`, `90m`, `45s` or `1h30m` (units h, m, s, largest
 * first, each at most once) into milliseconds.
 * @throws UsageError for anything else, including a bare number, a zero length and one over {@link MAX_EXAM_MS}
 */
export function parseDuration(text: string): number {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text.trim());
  const ms =
    match && match[0] !== ''
      ? Number(match[1] ?? 0) * UNIT_MS.h + Number(match[2] ?? 0) * UNIT_MS.m + Number(match[3] ?? 0) * UNIT_MS.s
      : 0;
  if (!(ms > 0)) throw new UsageError(say('exam.badDuration', { value: text }));
  if (ms > MAX_EXAM_MS) throw new UsageError(say('exam.tooLong', { value: text.trim() }));
  return ms;
}

/** A length for people, to the second: `2h`, `1h 30m`, `45s`, `1m 5s` (0 and less is `0s`). */
export function formatDuration(ms: number): string {
  let s = Math.max(0, Math.round(ms / 1000));
  const parts: string[] = [];
  for (const [unit, size] of [
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const) {
    const n = Math.floor(s / size);
    s -= n * size;
    if (n) parts.push(`${n}${unit}`);
  }
  return parts.join(' ') || '0s';
}

/** A countdown clock, rounded up to the second so it shows 0:00 only at the end: `1:59:58`, `29:59`, `0:07`. */
export function formatClock(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}
