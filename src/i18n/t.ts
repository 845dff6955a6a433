import i18next, { type i18n } from 'i18next';
import { getJosaPicker } from 'josa';
import type { MessageKey, ParamName, Params } from './catalog.js';
import { en } from './en.js';
import { ko } from './ko.js';
import type { Lang } from './lang.js';

export type { MessageKey, Params } from './catalog.js';
export type { Lang } from './lang.js';

/**
 * Korean particles chosen from the word before them: each pair is a format name in the
 * catalogs (`{{what, 이}}`), either spelling naming the pair. The josa package reads the
 * last pronounced syllable: a Hangul syllable's final consonant, a number as read
 * (10 = 십, so "10이"), the ending of a Latin word ("ReplicaSet을", "redis가", "a.yaml이"),
 * skipping punctuation and a trailing "(...)".
 */
const PARTICLES = [
  ['이', '가'],
  ['을', '를'],
  ['은', '는'],
  ['과', '와'],
  ['으로', '로'],
] as const;

let instance: i18n | undefined;

/** The i18next instance with both catalogs, made on first use (synchronously: the catalogs are in the bundle). */
function translator(): i18n {
  if (instance) return instance;
  const i = i18next.createInstance();
  void i.init({
    resources: { en: { translation: en }, ko: { translation: ko } },
    lng: 'en',
    fallbackLng: 'en',
    initAsync: false,
    keySeparator: false,
    nsSeparator: false,
    interpolation: { escapeValue: false },
  });
  for (const [first, second] of PARTICLES) {
    const pick = (getJosaPicker as (josa: string) => (word: string) => string)(first);
    const attach = (value: unknown) => `${String(value)}${pick(String(value))}`;
    i.services.formatter!.add(first, attach);
    i.services.formatter!.add(second, attach);
  }
  instance = i;
  return i;
}

/**
 * The message `key` in `lang`, with `params` filled in. A `count` parameter picks the
 * plural form (Intl.PluralRules of `lang`). Values are shown as a template literal shows
 * them (String(value)); a value is never read as message syntax.
 * @example t('ko', 'podsReady.missing', { name: 'redis' }) // "Pod redis가 없습니다"
 */
export function t<K extends MessageKey>(lang: Lang, key: K, ...params: [ParamName<K>] extends [never] ? [] : [Params<K>]): string {
  const given = params[0] as Record<string, unknown> | undefined;
  const replace: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(given ?? {})) replace[name] = typeof value === 'number' ? value : String(value);
  const options: Record<string, unknown> = { lng: lang, replace };
  if (typeof replace.count === 'number') options.count = replace.count;
  return (translator().t as (key: string, options: object) => string)(key, options);
}
