import { describe, expect, it } from 'vitest';
import { drawMock, earlierMocks, MOCK_TASKS, type MockLab } from '../../src/exam/mock.js';
import { CKA_DOMAIN_WEIGHTS, randomSource } from '../../src/exam/pick.js';
import { listLabIds, loadLab } from '../../src/labs/loader.js';

// `lab exam --mock cka`: about 16 tasks drawn by CKA domain weight, none from the last mock.

const DOMAINS = Object.keys(CKA_DOMAIN_WEIGHTS);
/** Six labs of two tasks in every CKA domain: 60 labs, 120 tasks. */
const pool: MockLab[] = DOMAINS.flatMap((domain, d) =>
  Array.from({ length: 6 }, (_, i) => ({ id: `d${d}-${i}`, domain, tasks: 2 })),
);
const tasksOf = (labs: readonly MockLab[], ids: readonly string[]) =>
  ids.reduce((n, id) => n + labs.find((l) => l.id === id)!.tasks, 0);

describe('mock exam draw', () => {
  it('draws labs until their tasks reach 16, and stops there', () => {
    for (let seed = 0; seed < 100; seed++) {
      const draw = drawMock(pool, { random: randomSource(seed) });
      expect(draw.tasks).toBe(MOCK_TASKS);
      expect(draw.labs).toHaveLength(8);
      expect(tasksOf(pool, draw.labs)).toBe(draw.tasks);
      expect(new Set(draw.labs).size).toBe(draw.labs.length);
    }
    // Uneven labs: the last lab drawn may pass 16, never by a whole lab.
    const uneven = pool.map((l, i) => ({ ...l, tasks: 1 + (i % 5) }));
    for (let seed = 0; seed < 100; seed++) {
      const { labs, tasks } = drawMock(uneven, { random: randomSource(seed) });
      expect(tasks).toBeGreaterThanOrEqual(MOCK_TASKS);
      expect(tasks - tasksOf(uneven, labs.slice(-1))).toBeLessThan(MOCK_TASKS);
    }
  });

  it('gives each domain its CKA share of the questions (2 000 seeded mocks, within 1.5 points)', () => {
    const counts: Record<string, number> = {};
    let all = 0;
    for (let seed = 0; seed < 2_000; seed++) {
      for (const id of drawMock(pool, { random: randomSource(seed) }).labs) {
        const domain = pool.find((l) => l.id === id)!.domain;
        counts[domain] = (counts[domain] ?? 0) + 1;
        all++;
      }
    }
    // Six labs per domain run short for the heaviest domain now and then, so allow a little.
    for (const [domain, weight] of Object.entries(CKA_DOMAIN_WEIGHTS))
      expect(Math.abs(counts[domain]! / all - weight / 100), domain).toBeLessThan(0.015);
  });

  it('is repeatable with a seed, and other seeds draw other mocks', () => {
    expect(drawMock(pool, { random: randomSource(9) })).toEqual(drawMock(pool, { random: randomSource(9) }));
    const others = new Set(
      Array.from({ length: 20 }, (_, s) => drawMock(pool, { random: randomSource(s) }).labs.join()),
    );
    expect(others.size).toBe(20);
  });

  it('repeats no lab of the last mocks while enough tasks are left, newest first', () => {
    const first = drawMock(pool, { random: randomSource(1) });
    const second = drawMock(pool, { random: randomSource(1), earlier: [first.labs] });
    expect(second.avoided).toBe(1);
    expect(second.labs.filter((id) => first.labs.includes(id))).toEqual([]);
    const third = drawMock(pool, { random: randomSource(1), earlier: [second.labs, first.labs] });
    expect(third.avoided).toBe(2);
    expect(third.labs.filter((id) => first.labs.includes(id) || second.labs.includes(id))).toEqual([]);
  });

  it('avoids only as many earlier mocks as leave 16 tasks, then draws from all labs', () => {
    const small = pool.slice(0, 12); // 24 tasks
    const first = drawMock(small, { random: randomSource(2) });
    const second = drawMock(small, { random: randomSource(2), earlier: [first.labs] });
    // 24 - 16 = 8 tasks left after the first mock: too few, so it may repeat, but it is full.
    expect(second.avoided).toBe(0);
    expect(second.tasks).toBe(MOCK_TASKS);
    // Five labs of two tasks are too few for a mock: all of them.
    expect(drawMock(pool.slice(0, 5), { random: randomSource(3) }).labs.sort()).toEqual(
      pool.slice(0, 5).map((l) => l.id),
    );
  });

  it('remembers the mocks among the recorded exams, newest first', () => {
    const exams = [
      { mock: 'cka', labs: [{ lab: 'a' }, { lab: 'b' }] },
      { labs: [{ lab: 'chosen' }] },
      { mock: 'cka', labs: [{ lab: 'c' }] },
    ];
    expect(earlierMocks(exams)).toEqual([['c'], ['a', 'b']]);
  });

  it('draws two mocks from the installed labs without repeating a task', async () => {
    const labs = await Promise.all(listLabIds().map((id) => loadLab(id)));
    const drawable = labs.map((l) => ({ id: l.id, domain: l.domain, tasks: l.tasks.length }));
    const total = tasksOf(
      drawable,
      drawable.map((l) => l.id),
    );
    expect(total).toBeGreaterThanOrEqual(2 * MOCK_TASKS + 5);
    for (let seed = 0; seed < 50; seed++) {
      const first = drawMock(drawable, { random: randomSource(seed) });
      const second = drawMock(drawable, { random: randomSource(seed + 1000), earlier: [first.labs] });
      for (const draw of [first, second]) {
        expect(draw.tasks).toBeGreaterThanOrEqual(MOCK_TASKS);
        expect(draw.tasks).toBeLessThanOrEqual(20);
      }
      expect(second.labs.filter((id) => first.labs.includes(id))).toEqual([]);
    }
  });
});
