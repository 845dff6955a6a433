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
