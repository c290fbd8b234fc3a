/**
 * Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource): `500m`, `0.5`, `1Gi`,
 * `1073741824`, `1e3`. The API server stores a quantity in its canonical form (`0.5` → `500m`,
 * `1073741824` → `1Gi`), so a manifest and the live object can spell one amount differently. Amounts
 * are compared exactly, as integers of nano-units (the smallest scale Kubernetes keeps; finer values
 * are rounded up, as the API server does).
 */

const BINARY: Readonly<Record<string, bigint>> = {
  Ki: 1n << 10n,
  Mi: 1n << 20n,
  Gi: 1n << 30n,
  Ti: 1n << 40n,
  Pi: 1n << 50n,
  Ei: 1n << 60n,
};
const DECIMAL_EXPONENT: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])|[eE]([+-]?\d+))?$/;
const NANO = 9;

/** The amount in nano-units, or undefined when `value` is not a quantity. */
export function quantityNanos(value: unknown): bigint | undefined {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string') return undefined;
  const match = QUANTITY.exec(text.trim());
  if (!match) return undefined;
  const [, sign = '', number = '', suffix, exponentText] = match;
  const [whole = '', fraction = ''] = number.split('.');
  const digits = BigInt(`${whole}${fraction}` || '0');
  // value = digits × 10^(exponent − fraction length) × multiplier, scaled to nano-units.
  let exponent = NANO - fraction.length;
  let multiplier = 1n;
  if (suffix !== undefined && suffix in BINARY) multiplier = BINARY[suffix] ?? 1n;
  else if (suffix !== undefined) exponent += DECIMAL_EXPONENT[suffix] ?? 0;
  else if (exponentText !== undefined) exponent += Number(exponentText);
  if (Math.abs(exponent) > 400) return undefined;
  let amount = digits * multiplier;
  if (exponent >= 0) amount *= 10n ** BigInt(exponent);
  else {
    const divisor = 10n ** BigInt(-exponent);
    amount = amount / divisor + (amount % divisor === 0n ? 0n : 1n);
  }
  return sign === '-' ? -amount : amount;
}

/** Two spellings of one amount (`1Gi` and `1073741824`, `500m` and `0.5`). */
export function sameQuantity(a: unknown, b: unknown): boolean {
  const left = quantityNanos(a);
  return left !== undefined && left === quantityNanos(b);
}
