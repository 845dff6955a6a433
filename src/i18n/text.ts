// Languages and texts in two languages, for every layer: lab files' texts (textIn). Messages
// built in code come from the message catalogs (t.ts, en.ts, ko.ts).

/** A language of the notes, tasks and messages. */
export type Lang = 'en' | 'ko';

/**
 * Text in both languages, or one string used for both: the shape of texts in lab files
 * (the lab-file schema, src/labs/schema.ts, validates it).
 */
export type LocalText = string | { en: string; ko: string };

/** `--lang` if given, else Korean when LC_ALL/LC_MESSAGES/LANG starts with "ko", else English. */
export function resolveLang(flag?: string, env: NodeJS.ProcessEnv = process.env): Lang {
  if (flag === 'ko' || flag === 'en') return flag;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/** The text in `lang`; a plain string serves both languages. */
export const textIn = (text: LocalText, lang: Lang): string => (typeof text === 'string' ? text : text[lang]);
