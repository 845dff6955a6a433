/**
 * A Corefile read as CoreDNS reads it (the Caddyfile syntax: coredns.io/manual/configuration,
 * "Corefile"): server blocks, each with its keys (`zone[:port]`, maybe `dns://`) and its plugin
 * directives with their arguments and sub-blocks; `#` starts a comment. Enough to say where
 * CoreDNS sends a query, by meaning: any spelling of the same configuration reads the same.
 */

/** One directive of a server block: the plugin, its arguments and its sub-block's lines. */
export interface Directive {
  plugin: string;
  args: string[];
  /** The lines of its `{ ... }` block, each as tokens. */
  block: string[][];
  line: number;
}

/** One server block: the zones it serves, on which port, and its directives. */
export interface ServerBlock {
  /** The keys as written (`corp.internal:53`). */
  keys: string[];
  /** Zones, lower-case, ending with a dot (`corp.internal.`, `.`), with the port each key names. */
  zones: { zone: string; port: number; scheme: string }[];
  directives: Directive[];
  line: number;
}

/** A syntax problem, with its line (1-based). */
export class CorefileError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

interface Token {
  text: string;
  line: number;
}

/** Splits a Corefile into tokens: words, quoted strings, `{` and `}`; comments dropped. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) i++;
    else if (c === '#') while (i < text.length && text[i] !== '\n') i++;
    else if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        s += text[j];
        j++;
      }
      if (j >= text.length) throw new CorefileError('a quoted string is not closed', line);
      tokens.push({ text: s, line });
      line += (text.slice(i, j).match(/\n/g) ?? []).length;
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && !/\s/.test(text[j]!) && text[j] !== '#') j++;
      // A brace stuck to a word (`corp.internal{`) is its own token, as Caddy reads it.
      const word = text.slice(i, j);
      const parts = word.split(/([{}])/).filter((p) => p !== '');
      for (const p of parts) tokens.push({ text: p, line });
      i = j;
    }
  }
  return tokens;
}

/** A server block key: `[scheme://]zone[:port]`; scheme `dns` by default, port 53. */
function parseKey(key: string): { zone: string; port: number; scheme: string } {
  let rest = key;
  let scheme = 'dns';
  const m = /^([a-z+]+):\/\/(.*)$/i.exec(rest);
  if (m) {
    scheme = m[1]!.toLowerCase();
    rest = m[2]!;
  }
  let port = 53;
  const p = /^(.*):(\d+)$/.exec(rest);
  if (p) {
    rest = p[1]!;
    port = Number(p[2]);
  }
  return { zone: normalizeName(rest === '' ? '.' : rest), port, scheme };
}

/** A domain name in lower case with its final dot (`Corp.Internal` → `corp.internal.`). */
export const normalizeName = (name: string): string => {
  const n = name.trim().toLowerCase();
  return n === '.' || n.endsWith('.') ? n : `${n}.`;
};

/** Whether `name` is `zone` or below it (on label boundaries; `.` holds every name). */
export const inZone = (name: string, zone: string): boolean =>
  zone === '.' || name === zone || name.endsWith(`.${zone}`);

/**
 * Parses a Corefile into its server blocks.
 * @throws CorefileError on unbalanced braces or a block without keys
 */
export function parseCorefile(text: string): ServerBlock[] {
  const tokens = tokenize(text);
  const blocks: ServerBlock[] = [];
  let i = 0;
  while (i < tokens.length) {
    const keys: string[] = [];
    const line = tokens[i]!.line;
    while (i < tokens.length && tokens[i]!.text !== '{') {
      if (tokens[i]!.text === '}') throw new CorefileError('a "}" closes no block', tokens[i]!.line);
      keys.push(...tokens[i]!.text.split(',').filter((k) => k !== ''));
      i++;
    }
    if (i >= tokens.length) throw new CorefileError(`the server block ${keys.join(' ')} has no "{"`, line);
    if (keys.length === 0) throw new CorefileError('a "{" opens a block with no zone before it', tokens[i]!.line);
    i++; // {
    const directives: Directive[] = [];
    for (;;) {
      if (i >= tokens.length) throw new CorefileError(`the server block ${keys.join(' ')} is not closed`, line);
      const tok = tokens[i]!;
      if (tok.text === '}') {
        i++;
        break;
      }
      const d: Directive = { plugin: tok.text.toLowerCase(), args: [], block: [], line: tok.line };
      i++;
      while (i < tokens.length && tokens[i]!.line === tok.line && !['{', '}'].includes(tokens[i]!.text))
        d.args.push(tokens[i++]!.text);
      if (i < tokens.length && tokens[i]!.text === '{') {
        i++;
        let depth = 1;
        let current: string[] = [];
        let currentLine = -1;
        while (i < tokens.length && depth > 0) {
          const t = tokens[i]!;
          if (t.text === '{') depth++;
          else if (t.text === '}') depth--;
          else {
            if (t.line !== currentLine && current.length > 0) {
              d.block.push(current);
              current = [];
            }
            currentLine = t.line;
            current.push(t.text);
          }
          i++;
        }
        if (depth > 0) throw new CorefileError(`the block of ${d.plugin} is not closed`, tok.line);
        if (current.length > 0) d.block.push(current);
      }
      directives.push(d);
    }
    // A snippet `(name) { ... }` is imported elsewhere, not a server block.
    if (keys.length === 1 && /^\(.*\)$/.test(keys[0]!)) continue;
    blocks.push({ keys, zones: keys.map(parseKey), directives, line });
  }
  return blocks;
}

/** The server block CoreDNS picks for a DNS query of `name` on `port`: the longest zone holding it. */
export function blockFor(
  blocks: ServerBlock[],
  name: string,
  port = 53,
): { block: ServerBlock; zone: string } | undefined {
  const q = normalizeName(name);
  let best: { block: ServerBlock; zone: string } | undefined;
  for (const block of blocks)
    for (const z of block.zones)
      if (z.scheme === 'dns' && z.port === port && inZone(q, z.zone))
        if (!best || z.zone.length > best.zone.length) best = { block, zone: z.zone };
  return best;
}

/** Where a `forward` directive sends a name: its upstream addresses (`IP` or `IP:port`) as written. */
export interface ForwardRule {
  from: string;
  to: string[];
  line: number;
}

/**
 * The `forward` directive of `block` that takes `name` (forward FROM TO...: the longest FROM
 * holding the name, unless an `except` in its block names the name's zone), or undefined.
 */
export function forwardFor(block: ServerBlock, name: string): ForwardRule | undefined {
  const q = normalizeName(name);
  let best: ForwardRule | undefined;
  for (const d of block.directives) {
    if (d.plugin !== 'forward' || d.args.length < 2) continue;
    const from = normalizeName(d.args[0]!);
    if (!inZone(q, from)) continue;
    const except = d.block.filter((l) => l[0] === 'except').flatMap((l) => l.slice(1).map(normalizeName));
    if (except.some((e) => inZone(q, e))) continue;
    if (!best || from.length > normalizeName(best.from).length)
      best = { from: d.args[0]!, to: d.args.slice(1), line: d.line };
  }
  return best;
}

/**
 * An upstream of `forward` as an address and port: `10.0.0.5`, `10.0.0.5:53`, `dns://10.0.0.5`;
 * undefined for a resolv.conf path or another protocol (`tls://`, `https://`).
 */
export function upstreamAddress(to: string): { ip: string; port: number } | undefined {
  let rest = to;
  const m = /^([a-z+]+):\/\/(.*)$/i.exec(rest);
  if (m) {
    if (m[1]!.toLowerCase() !== 'dns') return undefined;
    rest = m[2]!;
  }
  if (rest.startsWith('/')) return undefined;
  const p = /^(.*):(\d+)$/.exec(rest);
  const ip = p ? p[1]! : rest;
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(ip)) return undefined;
  return { ip, port: p ? Number(p[2]) : 53 };
}
