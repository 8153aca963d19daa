/**
 * Exact rational numbers for judging targets: a ratio is compared with its threshold as integers
 * (numerator × threshold's denominator against threshold's numerator × denominator), so 9/10 meets a
 * 0.9 target and 8999/10000 does not, with no floating-point epsilon anywhere.
 */
export interface Rational {
  /** Numerator, any sign. */
  readonly n: bigint;
  /** Denominator, always > 0. */
  readonly d: bigint;
}

/**
 * The exact value of a finite JavaScript number, read from its shortest decimal representation
 * (0.9 → 9/10, 0.8999 → 8999/10000, 1e-7 → 1/10000000).
 * @throws RangeError for NaN or ±Infinity
 */
export function rationalOf(value: number): Rational {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite number: ${value}`);
  const m = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(value));
  if (!m) throw new RangeError(`cannot read ${value} as a decimal`);
  const [, sign, whole, fraction = '', exponentText = '0'] = m;
  const exponent = Number(exponentText) - fraction.length;
  let n = BigInt(`${whole}${fraction}`);
  let d = 1n;
  if (exponent >= 0) n *= 10n ** BigInt(exponent);
  else d = 10n ** BigInt(-exponent);
  return { n: sign === '-' ? -n : n, d };
}

/** numerator ÷ denominator exactly (both finite numbers, denominator ≠ 0). @throws RangeError for a zero denominator */
export function fraction(numerator: number, denominator: number): Rational {
  const a = rationalOf(numerator);
  const b = rationalOf(denominator);
  if (b.n === 0n) throw new RangeError('zero denominator');
  const n = a.n * b.d;
  const d = a.d * b.n;
  return d < 0n ? { n: -n, d: -d } : { n, d };
}

/** a × b. */
export const times = (a: Rational, b: Rational): Rational => ({ n: a.n * b.n, d: a.d * b.d });

/** a + b. */
export const plus = (a: Rational, b: Rational): Rational => ({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });

/** −1, 0 or 1 as a is less than, equal to or greater than b. */
export function compare(a: Rational, b: Rational): -1 | 0 | 1 {
  const left = a.n * b.d;
  const right = b.n * a.d;
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The nearest JavaScript number (for display only; never compare with it). */
export const toNumber = (r: Rational): number => Number(r.n) / Number(r.d);
