import type { en } from './en.js';

type English = typeof en;

/** Every message's key. */
export type MessageKey = keyof English & string;

/**
 * A language's messages: exactly the English catalog's keys, so that a key missing in a
 * catalog (or one only it has) is a compile error. tests/unit/i18n.test.ts checks that the
 * parameters match too.
 */
export type Catalog = { readonly [K in MessageKey]: string };

type Trim<S> = S extends ` ${infer X}` ? Trim<X> : S extends `${infer X} ` ? Trim<X> : S;
/** A parameter name, or never for branch text: what follows a `{` up to its `,` or `}`. */
type Ident<R> = R extends `${infer N}}${string}`
  ? Trim<N extends `${infer M},${string}` ? M : N> extends infer I extends string
    ? I extends '' | `${string}${' ' | '{'}${string}`
      ? never
      : I
    : never
  : never;
/** Whether the text before a `{` ends with a plural category, so that the brace opens branch text. */
type OpensBranch<B> = B extends `${string}${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}${'' | ' '}`
  ? true
  : false;
/** The parameter names in an ICU message: `{name}`, `{name, josa, 이}`, `{count, plural, ...}`. */
type Vars<S> = S extends `${infer B}{${infer R}` ? (OpensBranch<B> extends true ? never : Ident<R>) | Vars<R> : never;

/** The parameter names a message takes, read from its English text at compile time. */
export type ParamName<K extends MessageKey> = Vars<English[K]>;

/** The parameters of a message; values are shown as a template literal shows them. */
export type Params<K extends MessageKey> = { readonly [P in ParamName<K>]: unknown };
