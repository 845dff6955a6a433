import { describe, expect, it } from 'vitest';
import { CKA_DOMAIN_WEIGHTS, domainWeight, pickWeighted, randomSource } from '../../src/exam/pick.js';
import { listLabIds, loadLab } from '../../src/labs/loader.js';

// `lab exam --count N` draws labs as the CKA weighs its domains; --seed makes the draw repeatable.

const DOMAINS = Object.keys(CKA_DOMAIN_WEIGHTS);
/** Two labs in every CKA domain. */
const everyDomain = DOMAINS.flatMap((domain, d) => [
  { id: `d${d}-a`, domain },
  { id: `d${d}-b`, domain },
]);
const domainOf = (labs: { id: string; domain: string }[], id: string) => labs.find((l) => l.id === id)!.domain;

/** How often each domain comes first over `draws` seeds, as a fraction. */
function firstDrawShares(labs: { id: string; domain: string }[], draws: number): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let seed = 0; seed < draws; seed++) {
    const domain = domainOf(labs, pickWeighted(labs, 1, randomSource(seed))[0]!);
    counts[domain] = (counts[domain] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(counts).map(([d, n]) => [d, n / draws]));
}

describe('exam draw weighted by the CKA domains', () => {
  it('knows the five CKA domains and their weights, which add up to 100 %', () => {
    expect(CKA_DOMAIN_WEIGHTS).toEqual({
      Troubleshooting: 30,
      'Cluster Architecture, Installation & Configuration': 25,
      'Services & Networking': 20,
      'Workloads & Scheduling': 15,
      Storage: 10,
    });
    expect(Object.values(CKA_DOMAIN_WEIGHTS).reduce((a, b) => a + b)).toBe(100);
    // As lab files spell them: case, "and" for "&", and the short name of Cluster Architecture.
    expect(domainWeight('services and networking')).toBe(20);
    expect(domainWeight(' Services  &  Networking')).toBe(20);
    expect(domainWeight('Cluster Architecture')).toBe(25);
    expect(domainWeight('Workloads & Scheduling')).toBe(15);
    expect(domainWeight('Security')).toBe(0);
  });

  it('draws each domain as often as its weight says (20 000 seeded draws, within 1.5 points)', () => {
    const shares = firstDrawShares(everyDomain, 20_000);
    for (const [domain, weight] of Object.entries(CKA_DOMAIN_WEIGHTS))
      expect(Math.abs(shares[domain]! - weight / 100), domain).toBeLessThan(0.015);
  });

  it('renormalises the weights over the domains that have labs', () => {
    const two = [
      { id: 'svc-a', domain: 'Services & Networking' },
      { id: 'svc-b', domain: 'Services & Networking' },
      { id: 'work-a', domain: 'Workloads & Scheduling' },
      { id: 'work-b', domain: 'Workloads & Scheduling' },
      { id: 'work-c', domain: 'Workloads & Scheduling' },
    ];
    const shares = firstDrawShares(two, 20_000);
    // 20 / (20 + 15) and 15 / (20 + 15), however many labs each domain has.
    expect(Math.abs(shares['Services & Networking']! - 20 / 35)).toBeLessThan(0.015);
    expect(Math.abs(shares['Workloads & Scheduling']! - 15 / 35)).toBeLessThan(0.015);
  });

  it('gives the same exam for the same seed, whatever order the labs are listed in', () => {
    const a = pickWeighted(everyDomain, 4, randomSource(42));
    expect(pickWeighted([...everyDomain].reverse(), 4, randomSource(42))).toEqual(a);
    const others = Array.from({ length: 20 }, (_, s) => pickWeighted(everyDomain, 4, randomSource(1000 + s)).join());
    expect(new Set(others).size).toBeGreaterThan(10); // seeds do change the draw
  });

  it('never draws a lab twice, and draws every lab when asked for more than there are', () => {
    for (let seed = 0; seed < 200; seed++) {
      const drawn = pickWeighted(everyDomain, 6, randomSource(seed));
      expect(new Set(drawn).size).toBe(6);
    }
    expect(pickWeighted(everyDomain, 50, randomSource(7)).sort()).toEqual(everyDomain.map((l) => l.id).sort());
  });

  it('draws a lab of a domain the CKA does not name only when the CKA domains have run out', () => {
    const labs = [
      { id: 'odd', domain: 'Security' },
      { id: 'svc', domain: 'Services & Networking' },
      { id: 'trouble', domain: 'Troubleshooting' },
    ];
    for (let seed = 0; seed < 50; seed++) {
      expect(pickWeighted(labs, 2, randomSource(seed)).sort()).toEqual(['svc', 'trouble']);
      expect(pickWeighted(labs, 3, randomSource(seed))[2]).toBe('odd');
    }
  });

  it('draws from the installed labs, each in a CKA domain', async () => {
    const labs = await Promise.all(listLabIds().map((id) => loadLab(id)));
    for (const lab of labs) expect(domainWeight(lab.domain), `${lab.id}: ${lab.domain}`).toBeGreaterThan(0);
    const drawn = pickWeighted(labs, 3, randomSource(3));
    expect(drawn).toHaveLength(3);
    expect(pickWeighted(labs, 3, randomSource(3))).toEqual(drawn);
  });
});
