import type { LocalText } from './schema.js';

/** A language of the notes and tasks. */
export type Lang = 'en' | 'ko';

/** `--lang` if given, else Korean when LANG/LC_ALL starts with "ko", else English. */
export function resolveLang(flag?: string, env: NodeJS.ProcessEnv = process.env): Lang {
  if (flag === 'ko' || flag === 'en') return flag;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/** The text in `lang`; a plain string serves both languages. */
export const textIn = (text: LocalText, lang: Lang): string => (typeof text === 'string' ? text : text[lang]);

/**
 * Picks the message for `lang`: `ko` in Korean, `en` otherwise. For messages built in
 * code (check results, report frames); lab texts from lab files use {@link textIn}.
 */
export const say = (lang: Lang, en: string, ko: string): string => (lang === 'ko' ? ko : en);
