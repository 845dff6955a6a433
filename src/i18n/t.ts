import type { MessageKey, ParamName, Params } from './catalog.js';
import { compiled } from './compiled.js';
import type { Lang } from './text.js';

export type { MessageKey, Params } from './catalog.js';
export type { Lang } from './text.js';

/**
 * The message `key` in `lang` (catalogs en.ts and ko.ts), with `params` filled in: a
 * value is shown as a template literal shows it, and never read as message syntax. A
 * `{count, plural, ...}` picks the form by the CLDR plural rules of `lang`; a
 * `{name, josa, 이}` puts the Korean particle that fits the value after it.
 * The parameters are checked at compile time against the English text.
 * @example t('ko', 'podsReady.missing', { name: 'redis' }) // "Pod redis가 없습니다"
 */
export function t<K extends MessageKey>(
  lang: Lang,
  key: K,
  ...params: [ParamName<K>] extends [never] ? [] : [Params<K>]
): string {
  return compiled(lang, key)((params[0] ?? {}) as Record<string, unknown>);
}
