import MessageFormatModule from '@messageformat/core';
import { en } from './en.js';
import { ko } from './ko.js';
import type { Lang } from './text.js';
import { josa } from './particles.js';

// A CommonJS package whose module.exports is the class (its types say `export default`).
const MessageFormat = MessageFormatModule as unknown as typeof MessageFormatModule.default;

/** A compiled message: the parameters in, the text out. */
export type Compiled = (params: Record<string, unknown>) => string;

const catalogs = { en, ko } as const;
const made: Record<Lang, Map<string, Compiled>> = { en: new Map(), ko: new Map() };
let formats: Partial<Record<Lang, InstanceType<typeof MessageFormat>>> = {};

/**
 * The message `key` of `lang` as a function, compiled on first use with messageformat.
 * This is the version tests and unbundled runs use: scripts/bundle.mjs replaces this file
 * with the same catalogs compiled ahead of time (messageformat's compileModule, with the
 * same `josa` format), so a bundled start-up loads neither the parser nor the compiler.
 * @throws Error for a key the catalog does not have (the compiler prevents that in src/)
 */
export function compiled(lang: Lang, key: string): Compiled {
  let fn = made[lang].get(key);
  if (!fn) {
    const mf = (formats[lang] ??= new MessageFormat(lang, {
      customFormatters: { josa: { formatter: josa, arg: 'string' } },
    }));
    const source = (catalogs[lang] as Record<string, string>)[key];
    if (source === undefined) throw new Error(`The ${lang} message catalog has no message ${key}.`);
    fn = mf.compile(source) as Compiled;
    made[lang].set(key, fn);
  }
  return fn;
}

/** Forgets compiled messages (tests that compare fresh compilations). */
export function resetCompiled(): void {
  made.en.clear();
  made.ko.clear();
  formats = {};
}
