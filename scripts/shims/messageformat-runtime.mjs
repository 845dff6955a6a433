// The message catalogs' `#` (the count in a plural branch) without Intl.NumberFormat for small
// whole numbers: @messageformat/runtime formats every `#` with an Intl.NumberFormat, and making
// the first one costs about 20 ms of a `lab check` (ICU's locale data). For the languages
// cka-lab speaks (en, ko), a whole number below 1000 in size prints as String() prints it;
// anything else still goes to Intl (grouping separators, fractions). The other helpers are the
// real package's. scripts/bundle.mjs swaps this in for the precompiled catalogs only.
import { number as intlNumber } from '@messageformat/runtime-real';

export * from '@messageformat/runtime-real';

/** `#` in a plural branch: `value - offset` as text in locale `lc`. */
export function number(lc, value, offset) {
  const n = value - offset;
  return Number.isInteger(n) && Math.abs(n) < 1000 && !Object.is(n, -0) ? String(n) : intlNumber(lc, value, offset);
}
