import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as v from 'valibot';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { contentRoot } from '../util/paths.js';
import { LabFileError } from './lab.js';

/** A text in English and Korean, as in lab files. */
const BilingualText = v.strictObject({ en: v.pipe(v.string(), v.nonEmpty()), ko: v.pipe(v.string(), v.nonEmpty()) });

/**
 * One competency of the CKA curriculum (the "CKA curriculum v1.35" document of the CNCF, the
 * five domains' bullet points): the labs that practise it, or, for what needs machines of its own
 * (kubeadm, a highly available control plane), where to practise it instead.
 */
const Competency = v.strictObject({
  /** The competency as the curriculum words it. */
  title: v.pipe(v.string(), v.nonEmpty()),
  /** One of `domains`. */
  domain: v.pipe(v.string(), v.nonEmpty()),
  /** The labs that practise it. */
  labs: v.optional(v.array(v.string()), []),
  /** Why it needs real machines and where to practise it (docs/real-machines.md has the details). */
  realMachines: v.optional(
    v.strictObject({
      id: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]*$/)),
      title: BilingualText,
      where: BilingualText,
    }),
  ),
});
export type Competency = v.InferOutput<typeof Competency>;

/** labs/curriculum.yaml: the recommended order of the labs (see the comment at its top). */
const CurriculumFile = v.strictObject({
  /** The CKA curriculum domains in study order; labs missing from `labs` are listed by it. */
  domains: v.array(v.pipe(v.string(), v.nonEmpty())),
  /** The labs in the order to do them, each after the labs it builds on. */
  labs: v.array(
    v.strictObject({
      id: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]*$/, 'a lab id (a folder name in labs/)')),
      after: v.optional(v.array(v.string()), []),
    }),
  ),
  /** The competencies of the CKA curriculum and how each is practised. */
  competencies: v.optional(v.array(Competency), []),
});

/** The recommended order: domains in study order, labs in the order to do them. */
export type Curriculum = v.InferOutput<typeof CurriculumFile>;

/** A lab as the order needs it: its id and CKA domain (lab.yaml `domain`). */
export interface OrderedLab {
  id: string;
  domain: string;
}

/** Where the order is kept, relative to the content root. */
export const CURRICULUM_FILE = join('labs', 'curriculum.yaml');

/**
 * Reads labs/curriculum.yaml (an empty order when there is none). Prerequisites must name labs
 * of the file listed before the lab; a lab may be listed once.
 * @throws LabFileError (file:line, field) for broken YAML, a wrong shape, a lab listed twice,
 *   or a prerequisite that is unknown or comes later
 */
export function readCurriculum(root = contentRoot()): Curriculum {
  const file = join(root, CURRICULUM_FILE);
  if (!existsSync(file)) return { domains: [], labs: [], competencies: [] };
  const shown = relative(process.cwd(), file) || file;
  const lines = new LineCounter();
  const doc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines });
  // The line of the node at `path`, or of the nearest node above it that exists (a missing key).
  const lineAt = (path: readonly (string | number)[]): number => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return 1;
  };
  if (doc.errors.length) {
    const first = doc.errors[0]!;
    throw new LabFileError(shown, first.linePos?.[0].line ?? 1, '', `broken YAML (${first.message.split('\n')[0]})`);
  }
  const parsed = v.safeParse(CurriculumFile, doc.toJS());
  if (!parsed.success) {
    const issue = parsed.issues[0];
    const path = (issue.path ?? []).map((p) => p.key as string | number);
    throw new LabFileError(shown, lineAt(path), v.getDotPath(issue) ?? '', issue.message);
  }
  const seen = new Set<string>();
  parsed.output.labs.forEach((lab, i) => {
    if (seen.has(lab.id))
      throw new LabFileError(shown, lineAt(['labs', i, 'id']), `labs.${i}.id`, `${lab.id} is listed twice`);
    lab.after.forEach((before, j) => {
      if (!seen.has(before)) {
        const where = parsed.output.labs.some((l) => l.id === before) ? 'comes after it' : 'is not listed';
        throw new LabFileError(
          shown,
          lineAt(['labs', i, 'after', j]),
          `labs.${i}.after.${j}`,
          `${lab.id} builds on ${before}, which ${where}; list ${before} before ${lab.id}`,
        );
      }
    });
    seen.add(lab.id);
  });
  parsed.output.competencies.forEach((c, i) => {
    if (!parsed.output.domains.includes(c.domain))
      throw new LabFileError(
        shown,
        lineAt(['competencies', i, 'domain']),
        `competencies.${i}.domain`,
        `${c.domain} is not one of domains`,
      );
    c.labs.forEach((id, j) => {
      if (!seen.has(id))
        throw new LabFileError(
          shown,
          lineAt(['competencies', i, 'labs', j]),
          `competencies.${i}.labs.${j}`,
          `${id} is not listed under labs; list it there first`,
        );
    });
  });
  return parsed.output;
}

/**
 * The labs in the recommended order: those listed in the curriculum in its order, then the
 * others (a new lab not listed yet) by the curriculum's domain order (unknown domains last, by
 * name), then by id. Listed ids that are not installed are left out.
 */
export function inCurriculumOrder<T extends OrderedLab>(labs: readonly T[], curriculum: Curriculum): T[] {
  const position = new Map(curriculum.labs.map((l, i) => [l.id, i]));
  const domainRank = (d: string): number => {
    const i = curriculum.domains.indexOf(d);
    return i < 0 ? curriculum.domains.length : i;
  };
  return [...labs].sort((a, b) => {
    const pa = position.get(a.id) ?? Infinity;
    const pb = position.get(b.id) ?? Infinity;
    if (pa !== pb) return pa - pb;
    return domainRank(a.domain) - domainRank(b.domain) || a.domain.localeCompare(b.domain) || a.id.localeCompare(b.id);
  });
}

/**
 * The competencies practised on real machines only, in the curriculum's domain order: what
 * `lab list` shows under each domain after its labs.
 */
export function realMachineCompetencies(
  curriculum: Curriculum,
): (Competency & { realMachines: NonNullable<Competency['realMachines']> })[] {
  return curriculum.competencies.filter(
    (c): c is Competency & { realMachines: NonNullable<Competency['realMachines']> } => c.realMachines !== undefined,
  );
}
