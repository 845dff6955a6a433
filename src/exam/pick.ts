import { mersenne } from 'pure-rand/generator/mersenne';
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';

/**
 * The CKA curriculum's domains and their weights in the exam, in percent (the CNCF's CKA
 * curriculum, https://github.com/cncf/curriculum, and the Linux Foundation's exam page). A lab's `domain`
 * is compared with these names ignoring case, spaces and `&`/`and`.
 */
export const CKA_DOMAIN_WEIGHTS: Readonly<Record<string, number>> = {
  Troubleshooting: 30,
  'Cluster Architecture, Installation & Configuration': 25,
  'Services & Networking': 20,
  'Workloads & Scheduling': 15,
  Storage: 10,
};

/** A lab as the draw sees it: its id and CKA domain (`domain:` of lab.yaml). */
export interface DrawableLab {
  id: string;
  domain: string;
}

const key = (domain: string): string =>
  domain
    .toLowerCase()
    .replace(/\band\b/g, '&')
    .replace(/[^a-z&]/g, '');

const WEIGHT_BY_KEY = new Map(Object.entries(CKA_DOMAIN_WEIGHTS).map(([d, w]) => [key(d), w]));
// "Cluster Architecture" alone (as the brief and many course outlines shorten it) is the same domain.
WEIGHT_BY_KEY.set(
  key('Cluster Architecture'),
  CKA_DOMAIN_WEIGHTS['Cluster Architecture, Installation & Configuration']!,
);

/** The CKA weight of a domain name in percent, or 0 for a name that is not one of {@link CKA_DOMAIN_WEIGHTS}. */
export function domainWeight(domain: string): number {
  return WEIGHT_BY_KEY.get(key(domain)) ?? 0;
}

/**
 * A source of numbers in [0, 1): seeded (Mersenne Twister, from pure-rand, whose seeding mixes
 * well, so seeds 1 and 2 give unrelated draws; xoroshiro128+'s first outputs for small seeds are
 * all near 1), so the same seed gives the same sequence on every machine; Math.random without one.
 * @param seed any integer (only its low 32 bits are used)
 */
export function randomSource(seed?: number): () => number {
  if (seed === undefined) return Math.random;
  const rng = mersenne(seed | 0);
  return () => uniformFloat64(rng);
}

/**
 * Draws `count` distinct labs as the CKA weighs its domains: each draw first picks a domain
 * among those that still have undrawn labs, with probability its weight over the sum of
 * theirs (so the weights are renormalised over the domains that have labs), then a lab of
 * that domain uniformly. Labs of a domain that is not a CKA domain are drawn only once the
 * CKA domains have run out. All labs, in draw order, when there are at most `count`.
 * @param random a source of numbers in [0, 1), e.g. {@link randomSource}(seed) for repeatable draws
 * @returns the drawn ids, in draw order (the question order)
 */
export function pickWeighted(
  labs: readonly DrawableLab[],
  count: number,
  random: () => number = Math.random,
): string[] {
  const byDomain = new Map<string, string[]>();
  for (const lab of labs) {
    const ids = byDomain.get(lab.domain) ?? [];
    ids.push(lab.id);
    byDomain.set(lab.domain, ids);
  }
  // Sorted, so the draw depends only on the labs, not on the order they were listed in.
  const domains = [...byDomain.keys()].sort();
  for (const ids of byDomain.values()) ids.sort();
  const drawn: string[] = [];
  while (drawn.length < count) {
    const open = domains.filter((d) => byDomain.get(d)!.length > 0);
    if (open.length === 0) break;
    const weighted = open.filter((d) => domainWeight(d) > 0);
    const pool = weighted.length > 0 ? weighted : open;
    const weights = pool.map((d) => (weighted.length > 0 ? domainWeight(d) : 1));
    const domain = pool[choose(weights, random())]!;
    const ids = byDomain.get(domain)!;
    drawn.push(ids.splice(Math.floor(random() * ids.length), 1)[0]!);
  }
  return drawn;
}

/** The index whose cumulative weight first exceeds `u` times the total (u in [0, 1)). */
function choose(weights: number[], u: number): number {
  const total = weights.reduce((a, b) => a + b, 0);
  let at = u * total;
  for (let i = 0; i < weights.length; i++) {
    at -= weights[i]!;
    if (at < 0) return i;
  }
  return weights.length - 1;
}

/**
 * Picks `count` distinct ids at random (all of them, shuffled, when there are fewer),
 * by a partial Fisher–Yates shuffle.
 * @param random a source of numbers in [0, 1), for repeatable tests
 */
export function pickRandom<T>(ids: readonly T[], count: number, random: () => number = Math.random): T[] {
  const pool = [...ids];
  const n = Math.min(count, pool.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(random() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, n);
}
