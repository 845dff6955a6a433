import { afterAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabFileError } from '../../src/labs/lab.js';
import { inCurriculumOrder, readCurriculum } from '../../src/labs/curriculum.js';
import { listLabIds, loadLab } from '../../src/labs/loader.js';
import { labStatus, nextLab } from '../../src/progress/status.js';
import type { Progress } from '../../src/progress/store.js';

// The recommended order (labs/curriculum.yaml): every lab listed once, after the labs it builds
// on; `lab list` follows it and `lab next` names the first lab not passed on the learner's own work.

/** The five domains of the CKA curriculum (training.linuxfoundation.org, CKA exam domains). */
const CKA_DOMAINS = [
  'Cluster Architecture, Installation & Configuration',
  'Workloads & Scheduling',
  'Services & Networking',
  'Storage',
  'Troubleshooting',
];

const roots: string[] = [];
afterAll(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
});

/** A content root of its own holding only labs/curriculum.yaml with `text` (removed after the tests). */
function rootWith(text: string): string {
  const root = mkdtempSync(join(tmpdir(), 'cka-lab-curriculum-'));
  roots.push(root);
  mkdirSync(join(root, 'labs'));
  writeFileSync(join(root, 'labs', 'curriculum.yaml'), text);
  return root;
}

describe('labs/curriculum.yaml', () => {
  it('lists every installed lab once, each after the labs it builds on, and the five CKA domains', async () => {
    const curriculum = readCurriculum();
    expect(curriculum.labs.map((l) => l.id).sort()).toEqual(listLabIds());
    expect([...curriculum.domains].sort()).toEqual([...CKA_DOMAINS].sort());
    for (const id of listLabIds()) expect(CKA_DOMAINS).toContain((await loadLab(id)).domain);
    expect(curriculum.labs[0]!.id).toBe('pods');
  });

  it('names the line of a prerequisite that comes later or does not exist, and of a lab listed twice', () => {
    const later = rootWith('domains: []\nlabs:\n  - id: replicaset\n    after: [pods]\n  - id: pods\n');
    expect(() => readCurriculum(later)).toThrow(LabFileError);
    expect(() => readCurriculum(later)).toThrow(
      /curriculum\.yaml:4: labs\.0\.after\.0: replicaset builds on pods, which comes after it/,
    );
    const unknown = rootWith('domains: []\nlabs:\n  - id: pods\n    after: [nope]\n');
    expect(() => readCurriculum(unknown)).toThrow(/:4: .*which is not listed/);
    const twice = rootWith('domains: []\nlabs:\n  - id: pods\n  - id: pods\n');
    expect(() => readCurriculum(twice)).toThrow(/:4: labs\.1\.id: pods is listed twice/);
    const shape = rootWith('domains: []\nlabs:\n  - name: pods\n');
    expect(() => readCurriculum(shape)).toThrow(/:3: /);
  });

  it('maps every competency of the CKA curriculum to labs, or to real machines with where to practise', () => {
    const { competencies } = readCurriculum();
    // The CKA curriculum v1.35 (CNCF, github.com/cncf/curriculum): five domains, 27 competencies.
    expect(competencies).toHaveLength(27);
    expect(new Set(competencies.map((c) => c.title)).size).toBe(27);
    for (const domain of CKA_DOMAINS)
      expect(
        competencies.some((c) => c.domain === domain),
        domain,
      ).toBe(true);
    // All five domains are covered whole: each competency has a lab, or says where to practise it.
    for (const c of competencies) expect(c.labs.length > 0 || c.realMachines !== undefined, c.title).toBe(true);
    // Troubleshooting is 30 % of the exam: at least ten broken-on-purpose labs practise it.
    const troubleshooting = new Set(competencies.filter((c) => c.domain === 'Troubleshooting').flatMap((c) => c.labs));
    expect(troubleshooting.size).toBeGreaterThanOrEqual(10);
    const ids = competencies.flatMap((c) => (c.realMachines ? [c.realMachines.id] : []));
    expect(ids).toContain('kubeadm');
    expect(ids).toContain('high-availability');
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('names the line of a competency whose lab is not listed, or whose domain is unknown', () => {
    const base = 'domains: [Storage]\nlabs:\n  - id: pods\ncompetencies:\n';
    const noLab = rootWith(`${base}  - title: Volumes\n    domain: Storage\n    labs: [pods, storage]\n`);
    expect(() => readCurriculum(noLab)).toThrow(/:7: competencies\.0\.labs\.1: storage is not listed under labs/);
    const noDomain = rootWith(`${base}  - title: Volumes\n    domain: Disks\n`);
    expect(() => readCurriculum(noDomain)).toThrow(/:6: competencies\.0\.domain: Disks is not one of domains/);
  });

  it('orders listed labs as listed, then unlisted ones by domain order, then by id', () => {
    const curriculum = {
      domains: ['Workloads & Scheduling', 'Storage'],
      labs: [
        { id: 'b', after: [] },
        { id: 'a', after: [] },
      ],
      competencies: [],
    };
    const labs = [
      { id: 'z-new', domain: 'Storage' },
      { id: 'a', domain: 'Storage' },
      { id: 'y-new', domain: 'Workloads & Scheduling' },
      { id: 'x-odd', domain: 'Something else' },
      { id: 'b', domain: 'Storage' },
      { id: 'c-new', domain: 'Storage' },
    ];
    expect(inCurriculumOrder(labs, curriculum).map((l) => l.id)).toEqual([
      'b',
      'a',
      'y-new',
      'c-new',
      'z-new',
      'x-odd',
    ]);
  });
});

describe('status and the next lab', () => {
  const when = '2026-05-01T10:00:00.000Z';
  const progress = (labs: Progress['labs']): Progress => ({ version: 1, labs, exams: [] });

  it('tells not started, started (working folder or a check), solved with the solution and passed apart', () => {
    expect(labStatus(undefined, false)).toBe('not-started');
    expect(labStatus(undefined, true)).toBe('started');
    expect(labStatus({ attempts: 2 }, false)).toBe('started');
    expect(labStatus({ attempts: 0, solvedWithSolutionAt: when }, true)).toBe('solved');
    expect(labStatus({ attempts: 1, solvedWithSolutionAt: when, firstPassedAt: when }, true)).toBe('passed');
  });

  it('names the first lab in order not passed on the learner’s own work', () => {
    const ordered = [{ id: 'pods' }, { id: 'replicaset' }, { id: 'deployment' }];
    const none = () => false;
    expect(nextLab(ordered, progress({}), none)).toEqual({ lab: { id: 'pods' }, status: 'not-started' });
    const passedPods = progress({ pods: { attempts: 1, firstPassedAt: when } });
    expect(nextLab(ordered, passedPods, (id) => id === 'replicaset')).toEqual({
      lab: { id: 'replicaset' },
      status: 'started',
    });
    const solved = progress({
      pods: { attempts: 1, firstPassedAt: when },
      replicaset: { attempts: 0, solvedWithSolutionAt: when },
    });
    expect(nextLab(ordered, solved, none)).toEqual({ lab: { id: 'replicaset' }, status: 'solved' });
    const all = progress(Object.fromEntries(ordered.map((l) => [l.id, { attempts: 1, firstPassedAt: when }])));
    expect(nextLab(ordered, all, none)).toBeUndefined();
  });
});
