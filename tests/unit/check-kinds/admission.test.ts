import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, viewOf } from './fixtures.js';
import type { KubeObject } from '../../../src/kube/types.js';
import { checkAdmission, type Answer, type Submit } from '../../../src/checks/kinds/admission.js';
import type { CheckOf } from '../../../src/checks/kinds/index.js';

/**
 * tests/fixtures/check-kinds/admission.json: the API server's answers to server-side dry-run creates of
 * four Backups (crds.cka-lab.dev/v1), recorded on the local cluster with the admission kind's own client
 * code: with no CRD installed (`no-crd`), with the crds lab's CRD (`schema`: retain an integer from 1 to 30,
 * database required) and with that CRD without `minimum: 1` (`no-minimum`).
 */
const recorded = JSON.parse(readFileSync(join(FIXTURES, 'admission.json'), 'utf8')) as {
  tries: Record<string, KubeObject>;
  answers: { 'no-crd': Answer } & Record<'schema' | 'no-minimum', Record<string, Answer>>;
};
const cluster =
  (crd: 'schema' | 'no-minimum' | 'no-crd'): Submit =>
  async (obj) => {
    if (crd === 'no-crd') return recorded.answers['no-crd'];
    return recorded.answers[crd][obj.metadata!.name!]!;
  };
const check: CheckOf<'admission'> = {
  id: 'c',
  title: 't',
  type: 'admission',
  tries: [
    { object: recorded.tries.good as never, allowed: true },
    { object: recorded.tries['retain-string'] as never, allowed: false },
    { object: recorded.tries['retain-zero'] as never, allowed: false },
    { object: recorded.tries['no-database'] as never, allowed: false },
  ],
};

describe('check kind admission', () => {
  it('passes when the schema refuses each wrong Backup and admits the right one, naming the refusals', async () => {
    const outcome = await checkAdmission(check, viewOf([]), cluster('schema'));
    expect(outcome.pass).toBe(true);
    expect(outcome.summary).toContain('accepts Backup good');
    expect(outcome.summary).toContain(
      'refuses Backup retain-zero (Backup.crds.cka-lab.dev "retain-zero" is invalid: spec.retain: Invalid value: 0: spec.retain in body should be greater than or equal to 1)',
    );
  });

  it('fails when the schema lets in what it should refuse, showing the fields', async () => {
    const outcome = await checkAdmission(check, viewOf([]), cluster('no-minimum'));
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toBe(
      'The API server accepts Backup retain-zero with {"spec":{"database":"orders","schedule":"0 2 * * *","retain":0}}, but it should refuse it: nothing in the schema forbids it',
    );
  });

  it('fails when it refuses what it should admit', async () => {
    const strict = { ...check, tries: [{ object: recorded.tries['retain-zero'] as never, allowed: true }] };
    const outcome = await checkAdmission(strict, viewOf([]), cluster('schema'));
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toContain('The API server refuses Backup retain-zero, but it should accept it: ');
    // Two mistakes: the report lists both, the first included.
    const both = {
      ...check,
      tries: [
        { object: recorded.tries['retain-zero'] as never, allowed: true },
        { object: recorded.tries.good as never, allowed: false },
      ],
    };
    const two = await checkAdmission(both, viewOf([]), cluster('schema'));
    expect(two.problems.map((p) => p.message.slice(0, 44))).toEqual([
      'The API server refuses Backup retain-zero, b',
      'The API server accepts Backup good with {"sp',
    ]);
  });

  it('says when the cluster does not serve the kind at all', async () => {
    const outcome = await checkAdmission(check, viewOf([], { lang: 'ko' }), cluster('no-crd'));
    expect(outcome.pass).toBe(false);
    expect(outcome.summary).toContain('API 서버가 crds.cka-lab.dev/v1의 kind Backup을 제공하지 않습니다');
    const en = await checkAdmission(check, viewOf([]), cluster('no-crd'));
    expect(en.summary).toBe(
      'The API server serves no kind Backup in crds.cka-lab.dev/v1: is its CustomResourceDefinition installed and Established (kubectl get crd)?',
    );
  });
});
