import type { en } from './en.js';

type English = typeof en;

/** A key without its plural suffix: `match.fields_one` and `match.fields_other` are `match.fields`. */
type Base<K> = K extends `${infer B}_${'one' | 'other'}` ? B : K;

/** Every message's key, as the code names it (plural forms counted once). */
export type MessageKey = Base<keyof English & string>;

/**
 * A language's messages: exactly the English catalog's keys, so that a key missing in a
 * catalog (or one only it has) is a compile error. A language with one plural form (Korean)
 * writes a plural message once under its base key; one with the English forms may use `_one`/`_other`.
 */
export type Catalog = { readonly [K in MessageKey]: string };

type Trim<S> = S extends ` ${infer X}` ? Trim<X> : S extends `${infer X} ` ? Trim<X> : S;
type Name<P> = Trim<P extends `${infer N},${string}` ? N : P>;
/** The parameter names in a message text: `{{name}}` and `{{name, 이}}` both name `name`. */
type Vars<S> = S extends `${string}{{${infer P}}}${infer R}` ? Name<P> | Vars<R> : never;

/** The English text(s) of a key: both forms of a plural. */
type EnglishOf<K extends MessageKey> = English[(K | `${K}_one` | `${K}_other`) & keyof English];

/**
 * The parameter names a message takes, read from its English text at compile time; a
 * plural message also takes `count`, which picks the form even where no text shows it.
 */
export type ParamName<K extends MessageKey> = Vars<EnglishOf<K>> | (`${K}_one` extends keyof English ? 'count' : never);

/** The parameters of a message; values are shown with String(), as a template literal would. */
export type Params<K extends MessageKey> = { readonly [P in ParamName<K>]: unknown };
