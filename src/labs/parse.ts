import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import type { z } from 'zod';
import { toPlainValue } from '../util/yaml.js';
import { CHECK_TYPES, LabFile, type Step } from './schema.js';
import { LabFileError, type Lab } from './loader.js';

/**
 * Parses and validates lab YAML text.
 * @param text the YAML source
 * @param file the path reported in errors
 * @param root the content root that manifest and note paths are relative to
 * @throws LabFileError for broken YAML, a schema violation, or a missing referenced file
 */
export function parseLab(text: string, file: string, root: string): Lab {
  const shown = relative(process.cwd(), file) || file;
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError) {
    const line = lines.linePos(firstError.pos[0]).line;
    throw new LabFileError(shown, line, '', `broken YAML (${firstError.message.split('\n')[0]})`);
  }
  const lineOf = (path: (string | number)[]): number => locate(doc, lines, path);

  let data: unknown;
  try {
    data = toPlainValue(doc);
  } catch (err) {
    throw new LabFileError(shown, 1, '', err instanceof Error ? err.message : String(err));
  }
  const parsed = LabFile.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path as (string | number)[];
    throw new LabFileError(shown, lineOf(path), formatPath(path), describeIssue(issue, doc, path));
  }
  const lab: Lab = { ...parsed.data, file, root };

  const mustExist = (rel: string, path: (string | number)[]) => {
    if (!existsSync(join(root, rel))) throw new LabFileError(shown, lineOf(path), formatPath(path), `the file ${rel} does not exist`);
  };
  lab.setup.forEach((p, i) => mustExist(p, ['setup', i]));
  mustExist(join('notes', `${lab.note}.md`), ['note']);
  const seen = new Set<string>();
  lab.tasks.forEach((task, t) => {
    task.checks.forEach((check, c) => {
      if (seen.has(check.id)) throw new LabFileError(shown, lineOf(['tasks', t, 'checks', c, 'id']), formatPath(['tasks', t, 'checks', c, 'id']), `the check id "${check.id}" is used twice`);
      seen.add(check.id);
    });
  });
  lab.tasks.forEach((task, t) => {
    const stepLists: [Step[], (string | number)[]][] = [
      [task.solution, ['tasks', t, 'solution']],
      ...task.wrong.map((w, i): [Step[], (string | number)[]] => [w.steps, ['tasks', t, 'wrong', i, 'steps']]),
      ...task.alternatives.map((a, i): [Step[], (string | number)[]] => [a.steps, ['tasks', t, 'alternatives', i, 'steps']]),
    ];
    for (const [steps, at] of stepLists) {
      steps.forEach((step, s) => {
        if (step.apply) mustExist(step.apply, [...at, s, 'apply']);
        if (step.writeFile?.from) mustExist(step.writeFile.from, [...at, s, 'writeFile', 'from']);
      });
    }
    task.wrong.forEach((w, i) =>
      w.fails.forEach((id, f) => {
        if (!seen.has(id)) throw new LabFileError(shown, lineOf(['tasks', t, 'wrong', i, 'fails', f]), formatPath(['tasks', t, 'wrong', i, 'fails', f]), `no check has the id "${id}"`);
      }),
    );
  });
  return lab;
}

/** `tasks[0].checks[1].type` */
export function formatPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** The 1-based line of the deepest node that exists along `path`. */
function locate(doc: Document, lines: LineCounter, path: (string | number)[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
  }
  return 1;
}

function describeIssue(issue: z.core.$ZodIssue, doc: Document, path: (string | number)[]): string {
  const value = path.length ? doc.getIn(path) : undefined;
  if (path[path.length - 1] === 'type' || (issue.code === 'invalid_union' && (issue as { discriminator?: string }).discriminator === 'type')) {
    const actual = path[path.length - 1] === 'type' ? value : doc.getIn([...path, 'type']);
    return `unknown check type ${JSON.stringify(actual)}; use one of ${CHECK_TYPES.join(', ')}`;
  }
  if (issue.code === 'invalid_type') {
    return value === undefined ? `this field is required (${issue.expected})` : `expected ${issue.expected}, but found ${JSON.stringify(value)}`;
  }
  if (issue.code === 'unrecognized_keys') return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
  return issue.message;
}
