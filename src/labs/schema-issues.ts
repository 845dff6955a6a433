import type * as v from 'valibot';
import { CHECK_TYPES } from '../checks/kinds/index.js';
import { say } from '../i18n/current.js';

/** Where in a lab file a problem is (keys and list indexes from the top), and what it is in plain words. */
export interface SchemaProblem {
  path: (string | number)[];
  /** The path whose line to report, when not `path`'s (the first unknown key of a mapping). */
  at?: (string | number)[];
  problem: string;
}

type Issue = v.BaseIssue<unknown>;

/** The keys of an issue's path (record keys and list indexes included). */
const pathOf = (issue: Issue): (string | number)[] => (issue.path ?? []).map((p) => p.key as string | number);

/** A value as the lab file wrote it, in JSON, at most about 60 characters. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** valibot's words for a type, in the words of a YAML author (in the process's language). */
function typeWords(expects: string): string {
  const words: Record<string, `schema.type.${'mapping' | 'list' | 'string' | 'number' | 'boolean'}`> = {
    Object: 'schema.type.mapping',
    Array: 'schema.type.list',
    string: 'schema.type.string',
    number: 'schema.type.number',
    boolean: 'schema.type.boolean',
  };
  const key = words[expects];
  return key ? say(key) : expects;
}

/** A schema nested in `schema` (through optional, union, variant), or undefined. */
type Node = {
  type: string;
  expects: string;
  wrapped?: Node;
  options?: Node[];
  key?: string;
  entries?: Record<string, Node>;
  item?: Node;
  value?: Node;
  literal?: unknown;
};

/** Unwraps `optional`, and picks the option of a variant or union that fits `data`. */
function unwrap(schema: Node, data: unknown): Node | undefined {
  let s: Node | undefined = schema;
  while (s && (s.type === 'optional' || s.type === 'variant' || s.type === 'union')) {
    if (s.type === 'optional') s = s.wrapped;
    else if (s.type === 'variant') {
      const key = s.key!;
      const tag = data && typeof data === 'object' ? (data as Record<string, unknown>)[key] : undefined;
      s = s.options!.find((o) => o.entries?.[key]?.literal === tag);
    } else {
      // A union of objects: the first option whose fields the data uses.
      const keys = data && typeof data === 'object' ? Object.keys(data) : [];
      s =
        s.options!.find((o) => o.type === 'strict_object' && keys.every((k) => o.entries![k])) ??
        s.options!.find((o) => o.type === 'strict_object');
    }
  }
  return s;
}

/** The value at `path` in `data`, or undefined. */
const valueAt = (data: unknown, path: (string | number)[]): unknown =>
  path.reduce<unknown>(
    (d, key) => (d && typeof d === 'object' ? (d as Record<string | number, unknown>)[key] : undefined),
    data,
  );

/** The schema of the field at `path` in `data`, or undefined when the path leaves the schema. */
function schemaAt(root: Node, path: (string | number)[], data: unknown): Node | undefined {
  let s: Node | undefined = root;
  let d = data;
  for (const key of path) {
    s = s && unwrap(s, d);
    if (!s) return undefined;
    s =
      s.type === 'strict_object'
        ? s.entries![key]
        : s.type === 'array'
          ? s.item
          : s.type === 'record'
            ? s.value
            : undefined;
    d = valueAt(d, [key]);
  }
  return s;
}

/**
 * The first problem valibot found in a lab file, in one sentence for a lab author: an unknown
 * check type (with the types there are), unknown fields (a typo, usually), a missing field
 * (with its type), or a value of the wrong type or range.
 * @param issues from `v.safeParse(LabFile, data)`, not empty
 * @param schema the schema that was run (for the type of a missing field)
 * @param data what was validated
 */
export function describeSchemaIssue(issues: readonly Issue[], schema: v.GenericSchema, data: unknown): SchemaProblem {
  const issue = issues[0]!;
  const path = pathOf(issue);
  const last = path[path.length - 1];
  if (issue.type === 'variant' && last === 'type') {
    const types = CHECK_TYPES.join(', ');
    if (issue.input === undefined) return { path, problem: say('schema.noType', { types }) };
    return { path, problem: say('schema.unknownType', { value: shown(issue.input), types }) };
  }
  if (issue.type === 'strict_object' && issue.expected === 'never') {
    // valibot names the first unknown key only: name every one of that mapping.
    const parent = path.slice(0, -1);
    const value = valueAt(data, parent);
    const entries = unwrap(schemaAt(schema as unknown as Node, parent, data) ?? ({} as Node), value)?.entries;
    const keys =
      entries && value && typeof value === 'object'
        ? Object.keys(value).filter((k) => !Object.hasOwn(entries, k))
        : [String(last)];
    return {
      path: parent,
      at: path,
      problem: say('schema.unknownFields', { count: keys.length, keys: keys.join(', ') }),
    };
  }
  if (issue.kind === 'schema' && issue.input === undefined && issue.expected?.startsWith('"')) {
    const field = schemaAt(schema as unknown as Node, path, data);
    return {
      path,
      problem: field ? say('schema.requiredType', { type: typeWords(field.expects) }) : say('schema.required'),
    };
  }
  if (issue.type === 'union')
    return { path, problem: say('schema.unionFound', { expected: issue.message, value: shown(issue.input) }) };
  if (issue.kind === 'schema')
    return {
      path,
      problem: say('schema.expected', { type: typeWords(issue.expected ?? ''), value: shown(issue.input) }),
    };
  const requirement = (issue as { requirement?: unknown }).requirement;
  switch (issue.type) {
    case 'min_value':
      return { path, problem: say('schema.atLeast', { min: requirement, value: shown(issue.input) }) };
    case 'max_value':
      return { path, problem: say('schema.atMost', { max: requirement, value: shown(issue.input) }) };
    case 'integer':
      return { path, problem: say('schema.integer', { value: shown(issue.input) }) };
    case 'min_length':
      return { path, problem: say('schema.minItems', { count: requirement }) };
    default:
      return { path, problem: issue.message };
  }
}
