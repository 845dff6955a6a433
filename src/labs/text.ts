import type { LocalText } from './schema.js';
import type { Lang } from '../i18n/lang.js';

export type { Lang } from '../i18n/lang.js';

/** `--lang` if given, else Korean when LANG/LC_ALL starts with "ko", else English. */
export function resolveLang(flag?: string, env: NodeJS.ProcessEnv = process.env): Lang {
  if (flag === 'ko' || flag === 'en') return flag;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/**
 * The text in `lang`; a plain string serves both languages. For texts from lab files;
 * messages built in code come from the message catalogs (i18n/t.ts).
 */
export const textIn = (text: LocalText, lang: Lang): string => (typeof text === 'string' ? text : text[lang]);
