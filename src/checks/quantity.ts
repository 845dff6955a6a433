/**
 * Kubernetes resource quantities (`100Mi`, `0.5Gi`, `104857600`, `1e3`, `250m`), read as exact
 * amounts so that equal amounts written differently compare equal. The syntax is the API's
 * `Quantity` (k8s.io/apimachinery pkg/api/resource, quantity.go): a signed decimal number, then a
 * binary suffix (Ki Mi Gi Ti Pi Ei: powers of 1024), a decimal suffix (n u m k M G T P E: powers
 * of 1000), or an exponent (`e3`, `E-2`).
 */

const BINARY: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const QUANTITY = /^([+-]?)(\d*)(?:\.(\d*))?(?:([eE][+-]?\d+)|([KMGTPE]i)|([numkMGTPE]?))$/;

/**
 * A quantity as an exact amount in billionths of its unit (nano-cores, nano-bytes), rounded up
 * below that as the API server rounds. A YAML number is read as written.
 * @returns undefined when the text is not a quantity (`64MB`, `1,5Gi`, empty)
 */
export function quantityNanos(quantity: unknown): bigint | undefined {
  const text = typeof quantity === 'number' && Number.isFinite(quantity) ? String(quantity) : quantity;
  if (typeof text !== 'string') return undefined;
  const m = QUANTITY.exec(text.trim());
  if (!m) return undefined;
  const [, sign, whole = '', fraction = '', exponent, binary, decimal] = m;
  if (!whole && !fraction) return undefined;
  let digits = BigInt(whole + fraction || '0');
  const power10 = 9 - fraction.length + (exponent ? Number(exponent.slice(1)) : DECIMAL[decimal ?? '']!);
  if (binary) digits *= 2n ** BigInt(BINARY[binary]!);
  if (power10 >= 0) digits *= 10n ** BigInt(power10);
  else {
    const divisor = 10n ** BigInt(-power10);
    digits = (digits + divisor - 1n) / divisor;
  }
  return sign === '-' ? -digits : digits;
}

/** Whether two quantities are the same amount (`0.25` and `250m`, `64Mi` and `67108864`); false if one is not. */
export function sameQuantity(a: unknown, b: unknown): boolean {
  const x = quantityNanos(a);
  return x !== undefined && x === quantityNanos(b);
}

/**
 * The amount a quantity stands for, in its base unit (bytes for storage and memory, cores for
 * CPU), for messages: `100Mi` is 104857600, `250m` is 0.25.
 * @returns undefined when the text is not a quantity
 */
export function parseQuantity(quantity: unknown): number | undefined {
  const n = quantityNanos(quantity);
  return n === undefined ? undefined : Number(n) / 1e9;
}

/**
 * Compares two quantities by amount, exactly: negative when `a` is less than `b`, 0 when equal,
 * positive when more.
 * @returns undefined when either is not a quantity
 */
export function compareQuantities(a: unknown, b: unknown): number | undefined {
  const x = quantityNanos(a);
  const y = quantityNanos(b);
  if (x === undefined || y === undefined) return undefined;
  return x === y ? 0 : x < y ? -1 : 1;
}

/** A quantity written back for messages, in the API's canonical form where it is short: 0.6 cores as 600m. */
export function formatNanos(nanos: bigint, memory: boolean): string {
  const units = 1_000_000_000n;
  if (memory && nanos % units === 0n) {
    const bytes = nanos / units;
    for (const [suffix, shift] of [...Object.entries(BINARY)].reverse())
      if (bytes !== 0n && bytes % 2n ** BigInt(shift) === 0n) return `${bytes / 2n ** BigInt(shift)}${suffix}`;
    return String(bytes);
  }
  if (nanos % units === 0n) return String(nanos / units);
  if (nanos % 1_000_000n === 0n) return `${nanos / 1_000_000n}m`;
  return `${nanos}n`;
}
