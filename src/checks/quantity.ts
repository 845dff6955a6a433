/**
 * Kubernetes resource quantities (`100Mi`, `0.5Gi`, `104857600`, `1e3`, `250m`), read as numbers
 * so that equal amounts written differently compare equal. The syntax is the API's `Quantity`
 * (k8s.io/apimachinery pkg/api/resource, quantity.go): a signed decimal number, then a binary
 * suffix (Ki Mi Gi Ti Pi Ei: powers of 1024), a decimal suffix (n u m k M G T P E: powers of
 * 1000), or an exponent (`e3`, `E-2`).
 */

const BINARY: Readonly<Record<string, number>> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Readonly<Record<string, number>> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

const QUANTITY = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:([eE][+-]?\d+)|([KMGTPE]i)|([numkMGTPE]?))$/;

/**
 * The amount a quantity stands for, in its base unit (bytes for storage and memory, cores for
 * CPU): `100Mi` is 104857600, `250m` is 0.25. A number is taken as it is.
 * @returns undefined when the text is not a quantity (`100MB`, `1,5Gi`, empty)
 */
export function parseQuantity(quantity: unknown): number | undefined {
  if (typeof quantity === 'number') return Number.isFinite(quantity) ? quantity : undefined;
  if (typeof quantity !== 'string') return undefined;
  const m = QUANTITY.exec(quantity.trim());
  if (!m) return undefined;
  const [, number, exponent, binary, decimal] = m;
  const value = Number(number);
  if (exponent) return value * 10 ** Number(exponent.slice(1));
  if (binary) return value * BINARY[binary]!;
  return value * DECIMAL[decimal ?? '']!;
}

/**
 * Compares two quantities by amount: negative when `a` is less than `b`, 0 when equal, positive
 * when more. Tiny differences from floating point (under one part in 10^12) count as equal.
 * @returns undefined when either is not a quantity
 */
export function compareQuantities(a: unknown, b: unknown): number | undefined {
  const x = parseQuantity(a);
  const y = parseQuantity(b);
  if (x === undefined || y === undefined) return undefined;
  const scale = Math.max(Math.abs(x), Math.abs(y), Number.MIN_VALUE);
  return Math.abs(x - y) / scale < 1e-12 ? 0 : x - y;
}
