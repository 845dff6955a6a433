import { describe, expect, it } from 'vitest';
import { parse, type Token } from '@messageformat/parser';
import { t } from '../../src/i18n/t.js';
import { en } from '../../src/i18n/en.js';
import { ko } from '../../src/i18n/ko.js';
import { josa } from '../../src/i18n/particles.js';

/** The parameters a message names: shown ones (`{x}`, `{x, josa, 이}`, `#`) and those that only pick a plural form. */
function paramsOf(message: string): { shown: Set<string>; selectors: Set<string> } {
  const shown = new Set<string>();
  const selectors = new Set<string>();
  const walk = (tokens: Token[], selector?: string) => {
    for (const token of tokens) {
      if (token.type === 'argument' || token.type === 'function') shown.add(token.arg);
      else if (token.type === 'octothorpe' && selector) shown.add(selector);
      else if (token.type === 'plural' || token.type === 'select' || token.type === 'selectordinal') {
        selectors.add(token.arg);
        for (const c of token.cases) walk(c.tokens, token.arg);
      }
    }
  };
  walk(parse(message));
  return { shown, selectors };
}

const sorted = (s: Iterable<string>) => [...s].sort();

describe('message catalogs', () => {
  it('have the same keys in English and Korean', () => {
    expect(sorted(Object.keys(ko))).toEqual(sorted(Object.keys(en)));
  });

  it('name the same parameters in both languages (Korean may leave out a count that only picks the English plural)', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const e = paramsOf(en[key]);
      const k = paramsOf(ko[key]);
      const enAll = new Set([...e.shown, ...e.selectors]);
      const koAll = new Set([...k.shown, ...k.selectors]);
      const optional = [...e.selectors].filter((p) => !e.shown.has(p));
      expect({ key, params: sorted(koAll) }).toEqual({
        key,
        params: sorted([...enAll].filter((p) => koAll.has(p) || !optional.includes(p))),
      });
      expect({ key, extra: [...koAll].filter((p) => !enAll.has(p)) }).toEqual({ key, extra: [] });
    }
  });

  it('compile, and fill every parameter, in both languages', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const params = Object.fromEntries(
        [...paramsOf(en[key]).shown, ...paramsOf(en[key]).selectors].map((p) => [p, p === 'count' ? 2 : `<${p}>`]),
      );
      for (const lang of ['en', 'ko'] as const) {
        const text = (t as (l: string, k: string, p: object) => string)(lang, key, params);
        expect(text, `${lang} ${key}`).not.toMatch(/[{}]|undefined/);
      }
    }
  });

  it('write no fixed Korean particle that a word should choose', () => {
    for (const [key, message] of Object.entries(ko)) {
      expect({ key, message }).not.toEqual({
        key,
        message: expect.stringMatching(/이\(가\)|을\(를\)|은\(는\)|과\(와\)|\(으\)로|\(이\)/),
      });
      // No space before a particle chosen from a parameter, nor after a `-n <name>` style word.
      expect({ key, message }).not.toEqual({ key, message: expect.stringMatching(/ (을|를|은|는|로) /) });
    }
  });
});

describe('English plurals', () => {
  it('say 1 field / 2 fields, with the verb agreeing', () => {
    expect(t('en', 'match.fields', { what: 'ReplicaSet web', count: 1 })).toBe(
      'ReplicaSet web: 1 field does not match',
    );
    expect(t('en', 'match.fields', { what: 'ReplicaSet web', count: 2 })).toBe('ReplicaSet web: 2 fields do not match');
  });

  it('say 1 Pod is / 0 and 3 Pods are', () => {
    expect(t('en', 'podsReady.passed', { count: 1, selector: 'app=web' })).toBe('1 Pod with app=web is Ready');
    expect(t('en', 'podsReady.passed', { count: 3, selector: 'app=web' })).toBe('3 Pods with app=web are Ready');
    expect(t('en', 'podsReady.passed', { count: 0, selector: 'app=web' })).toBe('0 Pods with app=web are Ready');
    expect(t('en', 'any.passed', { count: 1, what: 'Pods', names: 'a' })).toBe('1 of the Pods matches: a');
    expect(t('en', 'any.passed', { count: 2, what: 'Pods', names: 'a, b' })).toBe('2 of the Pods match: a, b');
    expect(t('en', 'absent.failed', { count: 1, what: 'Pods', names: 'a' })).toContain('; delete it (');
    expect(t('en', 'absent.failed', { count: 2, what: 'Pods', names: 'a, b' })).toContain('; delete them (');
  });

  it('take exactly the parameters the English text names (checked by tsc)', () => {
    // @ts-expect-error a parameter the message does not name
    expect(t('en', 'object.exists', { what: 'Pod a', extra: 1 })).toBe('Pod a exists');
    // @ts-expect-error a missing parameter
    expect(t('en', 'object.exists', {})).toBe('undefined exists');
    // @ts-expect-error a message without parameters takes none
    expect(t('en', 'hint.none', { what: 'x' })).toBe('This task has no hints.');
    // @ts-expect-error an unknown key
    expect(() => t('en', 'no.such.key')).toThrow();
  });

  it('show values as they are, never as message syntax', () => {
    expect(t('en', 'object.exists', { what: "Pod '{x}' #{y} {count, plural, one {a} other {b}}" })).toBe(
      "Pod '{x}' #{y} {count, plural, one {a} other {b}} exists",
    );
    expect(t('en', 'pods.unscheduled', { why: undefined })).toBe('Pending, not scheduled: undefined');
  });
});

describe('Korean particles follow the word', () => {
  it('after a final consonant and after a vowel (Hangul)', () => {
    expect(josa('파일', 'ko', '이')).toBe('파일이');
    expect(josa('사과', 'ko', '이')).toBe('사과가');
    expect(josa('네임스페이스', 'ko', '을')).toBe('네임스페이스를');
    expect(josa('폴더', 'ko', '은')).toBe('폴더는');
    expect(josa('이름', 'ko', '은')).toBe('이름은');
    expect(josa('레이블', 'ko', '과')).toBe('레이블과');
    // 으로/로: a final ㄹ takes 로, like a vowel.
    expect(josa('집', 'ko', '으로')).toBe('집으로');
    expect(josa('파일', 'ko', '으로')).toBe('파일로');
  });

  it('after Latin names, as they are read', () => {
    expect(josa('ReplicaSet', 'ko', '을')).toBe('ReplicaSet을');
    expect(josa('ReplicaSet', 'ko', '이')).toBe('ReplicaSet이');
    expect(josa('Pod', 'ko', '이')).toBe('Pod가');
    expect(josa('redis', 'ko', '이')).toBe('redis가');
    expect(josa('파일 a.yaml', 'ko', '이')).toBe('파일 a.yaml이');
    expect(josa('lab-replicaset', 'ko', '으로')).toBe('lab-replicaset으로');
    expect(josa('ReplicaSet myapp-replicaset (apps/v1)', 'ko', '이')).toBe('ReplicaSet myapp-replicaset (apps/v1)이');
  });

  it('after digits, as the number is read', () => {
    expect(josa('3', 'ko', '이')).toBe('3이'); // 삼
    expect(josa('2', 'ko', '이')).toBe('2가'); // 이
    expect(josa('10', 'ko', '이')).toBe('10이'); // 십
    expect(josa('80', 'ko', '으로')).toBe('80으로'); // 팔십
    expect(josa('1', 'ko', '으로')).toBe('1로'); // 일: ㄹ takes 로
    expect(josa('5', 'ko', '을')).toBe('5를'); // 오
  });

  it('in the messages, with no space before the particle', () => {
    expect(t('ko', 'podsReady.missing', { name: 'redis' })).toBe('Pod redis가 없습니다');
    expect(t('ko', 'describe.missing', { what: 'ReplicaSet myapp-replicaset (apps/v1)', ns: 'lab-replicaset' })).toBe(
      'ReplicaSet myapp-replicaset (apps/v1)이 namespace lab-replicaset에 없습니다',
    );
    expect(t('ko', 'file.missing', { path: 'a.yaml', dir: '/w' })).toBe(
      '/w에 파일 a.yaml이 없습니다; 그곳에 저장하세요 (예: `> a.yaml`)',
    );
    expect(t('ko', 'file.notFound', { path: 'pod.yaml', dir: '/w' })).toBe('/w에서 pod.yaml을 찾을 수 없습니다');
    expect(t('ko', 'start.addNamespace', { ns: 'lab-pods' })).toBe('kubectl 명령에 -n lab-pods를 붙이세요.');
    expect(t('ko', 'endpoints.wrongPort', { service: 'Service frontend', svcPort: 80, found: 8080, port: 80 })).toBe(
      'Service frontend 포트 80은 Pod의 포트 8080으로 트래픽을 보내지만 Pod는 80에서 수신합니다; targetPort를 80으로 설정하세요 (또는 그 포트의 이름)',
    );
  });
});
