import { getJosaPicker } from 'josa';

/**
 * The `josa` format of the catalogs: `{what, josa, 이}` is the value with the particle
 * that fits its last pronounced syllable: 이/가, 을/를, 은/는, 과/와 or 으로/로 (either
 * spelling names the pair). The josa package reads a Hangul syllable's final consonant,
 * a number as it is read (10 = 십, so "10이"), the ending of a Latin word ("ReplicaSet을",
 * "redis가", "a.yaml이"), skipping punctuation and a trailing "(...)".
 * The signature is messageformat's custom formatter: (value, locale, argument).
 * @throws Error for a particle the josa package does not know (a catalog mistake, caught by the unit tests)
 */
export function josa(value: unknown, _locale: string, particle: string | null): string {
  const word = String(value);
  return `${word}${(getJosaPicker as (josa: string) => (noun: string) => string)(particle ?? '')(word)}`;
}
