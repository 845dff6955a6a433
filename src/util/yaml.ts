import type { Document } from 'yaml';

/** A YAML document that parses but cannot become a plain value (a bad alias, a cycle). */
export class YamlValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'YamlValueError';
  }
}

/**
 * Turns a parsed YAML document into plain JSON-like data, refusing what a lab file or
 * manifest never needs: an alias without its anchor, an alias bomb (more than 100
 * aliases), and an alias that contains itself (a cycle the matcher would loop on).
 * @throws YamlValueError with a plain-words reason
 */
export function toPlainValue(doc: Document.Parsed | Document): unknown {
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new YamlValueError(
      /alias count/i.test(message) ? 'too many YAML aliases' : `a YAML alias has no anchor (${message.split('\n')[0]})`,
    );
  }
  assertAcyclic(value, new Set());
  return value;
}

function assertAcyclic(value: unknown, path: Set<object>): void {
  if (typeof value !== 'object' || value === null) return;
  if (path.has(value)) throw new YamlValueError('a YAML alias refers to a value that contains it (a cycle)');
  path.add(value);
  for (const child of Array.isArray(value) ? value : Object.values(value)) assertAcyclic(child, path);
  path.delete(value);
}
