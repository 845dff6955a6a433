import type { MessageKey, ParamName, Params } from './catalog.js';
import { t } from './t.js';
import type { Lang } from './text.js';

/**
 * The language of this process's messages where no `lang` is passed along: errors thrown in
 * the lower layers, status lines, and `--help` texts. The CLI sets it once, before it builds its
 * commands, from `--lang` or the locale (see resolveLang); it is English until then (tests).
 */
let current: Lang = 'en';

/** Sets the language {@link say} speaks (the CLI, once `--lang` and the locale are read). */
export function useLanguage(lang: Lang): void {
  current = lang;
}

/** The language {@link say} speaks. */
export const currentLanguage = (): Lang => current;

/**
 * The message `key` in the current language (see {@link useLanguage}), with `params`: `t` for
 * code that is not handed a language, such as an error thrown deep in the cluster layer.
 * @example throw new UsageError(say('config.missing', { file }))
 */
export function say<K extends MessageKey>(
  key: K,
  ...params: [ParamName<K>] extends [never] ? [] : [Params<K>]
): string {
  return t(current, key, ...params);
}
