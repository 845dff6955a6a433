import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import * as v from 'valibot';
import { toPlainValue } from '../util/yaml.js';
import type { KubeObject } from '../kube/types.js';
import { LabFile, type Step } from './schema.js';
import { describeSchemaIssue } from './schema-issues.js';
import { checkProblem } from '../checks/kinds/index.js';
import { LabFileError, type Lab } from './lab.js';
import { contentPathProblem, formatSize, learnerPathProblem, MAX_LAB_FILE_BYTES } from '../util/lab-paths.js';
import { shippedFiles } from './lab-files.js';
import { readManifest } from './manifests.js';
import { declarationProblem, objectProblem, targetProblem } from './scope.js';
import { requiresProblem } from './lab-nodes.js';
import { say } from '../i18n/current.js';

/**
 * Parses and validates lab YAML text, and everything it names, before anything is applied:
 * - the schema (valibot; see src/labs/schema-issues.ts), with file:line and field of the first
 *   problem, and what each check kind checks beyond its schema;
 * - content paths (`setup`, `apply`, `writeFile.from`, the note) exist and stay inside the
 *   content root after `..` and symlinks, and no file is over 1 MB;
 * - learner-folder paths (`file` checks, `writeFile.path`) stay inside the learner's folder;
 * - ownership (src/labs/scope.ts): every cluster-scoped object in the setup and step manifests
 *   is of a kind declared in `clusterScoped`, named `<lab id>-...`, never a Namespace or Node;
 *   `patch`/`scale`/`delete` steps target only such objects;
 * - with `expectedId`, the lab's `id` is its folder name.
 * @param text the YAML source
 * @param file the path reported in errors
 * @param root the content root that manifest and note paths are relative to
 * @param expectedId the lab folder's name, which `id` must equal
 * @throws LabFileError for any of the problems above
 */
export function parseLab(text: string, file: string, root: string, expectedId?: string): Lab {
  const shown = relative(process.cwd(), file) || file;
  const bytes = Buffer.byteLength(text);
  if (bytes > MAX_LAB_FILE_BYTES)
    throw new LabFileError(shown, 1, '', say('labFile.tooBig', { size: formatSize(bytes) }));
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const firstError = doc.errors[0];
  if (firstError) {
    const line = lines.linePos(firstError.pos[0]).line;
    throw new LabFileError(shown, line, '', say('labFile.brokenYaml', { why: firstError.message.split('\n')[0] }));
  }
  const lineOf = (path: (string | number)[]): number => locate(doc, lines, path);
  const fail = (path: (string | number)[], problem: string): never => {
    throw new LabFileError(shown, lineOf(path), formatPath(path), problem);
  };

  let data: unknown;
  try {
    data = toPlainValue(doc);
  } catch (err) {
    throw new LabFileError(shown, 1, '', err instanceof Error ? err.message : String(err));
  }
  const parsed = v.safeParse(LabFile, data);
  if (!parsed.success) {
    const { path, at, problem } = describeSchemaIssue(parsed.issues, LabFile, data);
    throw new LabFileError(shown, lineOf(at ?? path), formatPath(path), problem);
  }
  const lab: Lab = { ...parsed.output, file, root };
  lab.tasks.forEach((task, t) =>
    task.checks.forEach((check, c) => {
      const found = checkProblem(check);
      if (found) fail(['tasks', t, 'checks', c, ...found.path], found.problem);
    }),
  );
  if (expectedId !== undefined && lab.id !== expectedId)
    fail(['id'], say('labFile.idDiffers', { id: lab.id, folder: expectedId }));
  lab.clusterScoped.forEach((kind, i) => {
    const problem = declarationProblem(kind, lab);
    if (problem) fail(['clusterScoped', i], say('labFile.cannotDeclare', { kind, problem }));
  });
  const requires = requiresProblem(lab.requires);
  if (requires) fail(['requires'], requires);

  const content = (rel: string, path: (string | number)[]) => {
    const problem = contentPathProblem(root, rel);
    if (problem) fail(path, problem);
  };
  const learner = (rel: string, path: (string | number)[]) => {
    const problem = learnerPathProblem(rel);
    if (problem) fail(path, problem);
  };
  /** Reads a manifest the lab applies and checks that the lab may create each of its objects. */
  const manifest = (rel: string, path: (string | number)[]) => {
    content(rel, path);
    let objects: KubeObject[];
    try {
      objects = readManifest(root, rel);
    } catch (err) {
      return fail(path, (err instanceof Error ? err.message : String(err)).replace(/; fix the manifest\.$/, ''));
    }
    for (const obj of objects) {
      const problem = objectProblem(lab, obj);
      if (problem) fail(path, `${rel}: ${problem}`);
    }
  };

  lab.setup.forEach((p, i) => manifest(p, ['setup', i]));
  lab.files.forEach((p, i) => {
    const files = shippedFiles(root, p);
    if (typeof files === 'string') fail(['files', i], files);
  });
  content(join('notes', `${lab.note}.md`), ['note']);
  const english = join('notes', `${lab.note}.en.md`);
  if (existsSync(join(root, english))) content(english, ['note']);
  const seen = new Set<string>();
  lab.tasks.forEach((task, t) => {
    task.checks.forEach((check, c) => {
      if (seen.has(check.id)) fail(['tasks', t, 'checks', c, 'id'], say('labFile.checkIdTwice', { id: check.id }));
      seen.add(check.id);
      if (check.type === 'file') learner(check.path, ['tasks', t, 'checks', c, 'path']);
    });
  });
  lab.tasks.forEach((task, t) => {
    const stepLists: [Step[], (string | number)[]][] = [
      [task.solution, ['tasks', t, 'solution']],
      ...task.wrong.map((w, i): [Step[], (string | number)[]] => [w.steps, ['tasks', t, 'wrong', i, 'steps']]),
      ...task.alternatives.map((a, i): [Step[], (string | number)[]] => [
        a.steps,
        ['tasks', t, 'alternatives', i, 'steps'],
      ]),
    ];
    for (const [steps, at] of stepLists) {
      steps.forEach((step, s) => {
        if (step.apply) manifest(step.apply, [...at, s, 'apply']);
        if (step.writeFile?.from) content(step.writeFile.from, [...at, s, 'writeFile', 'from']);
        if (step.writeFile) learner(step.writeFile.path, [...at, s, 'writeFile', 'path']);
        for (const field of ['patch', 'scale', 'delete'] as const) {
          const ref = step[field];
          const problem = ref && targetProblem(lab, ref);
          if (problem) fail([...at, s, field], `this ${field} step may not run: ${problem}`);
        }
      });
    }
    task.wrong.forEach((w, i) => {
      w.fails.forEach((id, f) => {
        if (!seen.has(id)) fail(['tasks', t, 'wrong', i, 'fails', f], `no check has the id "${id}"`);
      });
      // A wrong answer's hints are picked by its message: without one they could never show.
      if (w.hints?.length && !w.message)
        fail(['tasks', t, 'wrong', i, 'hints'], 'hints of a wrong answer need its `message`, which picks them');
    });
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
