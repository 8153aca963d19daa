import { compare, fraction, rationalOf, toNumber } from './rational.js';

describe('exact rationals', () => {
  it('reads a number from its shortest decimal form', () => {
    expect(rationalOf(0.9)).toEqual({ n: 9n, d: 10n });
    expect(rationalOf(0.8999)).toEqual({ n: 8999n, d: 10000n });
    expect(rationalOf(-1)).toEqual({ n: -1n, d: 1n });
    expect(rationalOf(18000)).toEqual({ n: 18000n, d: 1n });
    expect(rationalOf(1e-7)).toEqual({ n: 1n, d: 10000000n });
    expect(rationalOf(1e21)).toEqual({ n: 10n ** 21n, d: 1n });
  });
  it('compares exactly where floats would not: 0.1 + 0.2 vs 0.3', () => {
    expect(compare(fraction(3, 10), rationalOf(0.3))).toBe(0);
    expect(compare(fraction(9, 10), rationalOf(0.9))).toBe(0);
    expect(compare(fraction(8999, 10000), rationalOf(0.9))).toBe(-1);
    expect(compare(fraction(1, 3), rationalOf(0.3333333333333333))).toBe(1);
  });
  it('keeps the denominator positive and refuses 0 and non-finite numbers', () => {
    expect(fraction(1, -2)).toEqual({ n: -1n, d: 2n });
    expect(() => fraction(1, 0)).toThrow(RangeError);
    expect(() => rationalOf(Number.NaN)).toThrow(RangeError);
    expect(toNumber(fraction(1, 4))).toBe(0.25);
  });
});
