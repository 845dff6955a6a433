import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { contentRoot } from '../../src/util/paths.js';
import { t } from '../../src/i18n/t.js';

// Korean particles follow their word: no "이(가)" or "을(를)" (the `josa` format picks the one
// that fits), and no space between a word and its particle ("Pod redis 의" is wrong, "Pod redis의"
// is right). Scanned in the Korean catalog and in every Korean text of the labs: titles, task texts,
// check titles and hints.

const root = contentRoot();
const PARTICLES =
  '으로는|로는|으로|로|에서|에는|에|의|이|가|을|를|은|는|과|와|도|만|이어야|이므로|입니다|이고|이며|인|임';
/** A particle after a space, right after a word, value or closing bracket, and ending a word itself. */
const SPACED = new RegExp(`[A-Za-z0-9}\\])"'\`] (?:${PARTICLES})(?=[\\s,.;:)]|$)`, 'u');
const BOTH_FORMS = /이\(가\)|을\(를\)|은\(는\)|과\(와\)|와\(과\)|\(으\)로/u;

/** Every line of `text` that breaks one of the rules, with its number. */
function offending(text: string): string[] {
  return text
    .split('\n')
    .map((line, i) => ({ line, n: i + 1 }))
    .filter(({ line }) => BOTH_FORMS.test(line) || / 의 /u.test(line) || SPACED.test(line))
    .map(({ line, n }) => `${n}: ${line.trim()}`);
}

describe('Korean particles', () => {
  it('the rules catch what they are meant to catch', () => {
    expect(offending("'podsReady.missing': 'Pod {name}이(가) 없습니다',")).toHaveLength(1);
    expect(offending("'x': '{path}을(를) 읽을 수 없습니다',")).toHaveLength(1);
    expect(offending("'x': 'Pod redis 의 상태',")).toHaveLength(1);
    expect(offending("'x': 'selector가 app=myapp 과 일치',")).toHaveLength(1);
    expect(offending("'x': '{ns} 에 없습니다',")).toHaveLength(1);
    expect(offending("'x': 'kubectl scale 은 바꿉니다',")).toHaveLength(1);
    expect(offending('  이미지가 nginx 이고 replicas가 3인 Pod')).toHaveLength(1);
    expect(offending('  ko: front-end-lb가 port 80 인 Service임')).toHaveLength(1);
    expect(offending('  ko: nginx:1.27 임 (rollout 이력에 남음)')).toHaveLength(1);
    expect(offending('  ko: Deployment nginx (apps/v1) 가 있음')).toHaveLength(1);
    expect(offending('  ko: Pod 6개가 모두 Ready가 될 때까지 기다리세요. 이름은 redis 그대로 둡니다.')).toEqual([]);
    expect(offending("'x': 'Pod {name, josa, 이} 없습니다; kubectl 명령에 -n {ns, josa, 을} 붙이세요',")).toEqual([]);
    expect(offending("'x': '모든 namespace와 오브젝트',")).toEqual([]);
  });

  it('src/i18n/ko.ts writes each particle right after its word', () => {
    expect(offending(readFileSync(join(root, 'src', 'i18n', 'ko.ts'), 'utf8'))).toEqual([]);
  });

  it("the labs' Korean texts (titles, task texts, check titles, hints) write each particle right after its word", () => {
    const found: string[] = [];
    let scanned = 0;
    for (const id of readdirSync(join(root, 'labs'))) {
      if (!existsSync(join(root, 'labs', id, 'lab.yaml'))) continue;
      const lines = readFileSync(join(root, 'labs', id, 'lab.yaml'), 'utf8').split('\n');
      // A `ko:` value on its line, or a `ko: |` block: the lines indented deeper than its key.
      let block: number | undefined;
      lines.forEach((line, i) => {
        const indent = line.length - line.trimStart().length;
        if (block !== undefined && line.trim() && indent <= block) block = undefined;
        let text: string | undefined = block !== undefined ? line : undefined;
        if (block === undefined && line.trimStart().startsWith('ko:')) {
          if (/^ko:\s*[|>][-+]?\s*$/.test(line.trim())) block = indent;
          else text = line;
        }
        if (text === undefined) return;
        scanned++;
        found.push(...offending(text).map((o) => `${id}/lab.yaml:${i + 1}${o.slice(o.indexOf(':'))}`));
      });
    }
    expect(scanned).toBeGreaterThan(200);
    expect(found).toEqual([]);
  });
});

describe('English plurals', () => {
  it('say 1 point / 3 points, 1 check / 2 checks, 1 Ready Pod / 2 Ready Pods; Korean counts with 점', () => {
    expect(t('en', 'exam.points', { points: 1 })).toBe('1 point');
    expect(t('en', 'exam.points', { points: 3 })).toBe('3 points');
    expect(t('ko', 'exam.points', { points: 3 })).toBe('3점');
    expect(t('en', 'report.allPass', { total: 1 })).toBe('The 1 check passes.');
    expect(t('en', 'report.allPass', { total: 7 })).toBe('All 7 checks pass.');
    expect(t('en', 'report.somePass', { passed: 0, total: 1 })).toBe('0 of 1 check passes. ');
    expect(t('en', 'exam.scoreLine', { score: '50%', earned: 0, possible: 1, verdict: 'FAIL', passMark: 66 })).toBe(
      '50% (0 of 1 point): FAIL, pass mark 66%.',
    );
    const tooFew = { service: 'Service web', min: 2 };
    expect(t('en', 'endpoints.tooFew', { ...tooFew, ready: 1 })).toBe(
      'Service web has 1 Ready Pod behind it; at least 2 expected',
    );
    expect(t('en', 'endpoints.tooFew', { ...tooFew, ready: 0 })).toContain('has 0 Ready Pods behind it');
    expect(t('en', 'exam.paper', { questions: 1, total: 1, length: '30m', passMark: 66 })).toBe(
      'Mock exam: 1 question, 1 point, 30m; pass mark 66%.',
    );
  });
});
