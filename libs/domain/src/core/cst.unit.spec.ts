import { addCstYears, cstDate, cstYear, daysBetween, isCstDate } from './cst.js';

describe('cstDate', () => {
  it('counts 2024-12-31T20:00:00Z as 2025-01-01 (20:00 UTC is 04:00 next day in UTC+8)', () => {
    expect(cstDate('2024-12-31T20:00:00Z')).toBe('2025-01-01');
  });

  it('changes day at 16:00 UTC, i.e. CST midnight', () => {
    expect(cstDate('2024-12-31T15:59:59Z')).toBe('2024-12-31');
    expect(cstDate('2024-12-31T16:00:00Z')).toBe('2025-01-01');
  });

  it('reads instants written with other offsets', () => {
    expect(cstDate('2025-03-01T00:30:00+08:00')).toBe('2025-03-01');
    // 23:30 in New York (UTC−5) on 28 Feb is 04:30 UTC on 1 Mar, 12:30 CST.
    expect(cstDate('2025-02-28T23:30:00-05:00')).toBe('2025-03-01');
  });

  it('accepts a Date', () => {
    expect(cstDate(new Date(Date.UTC(2024, 11, 31, 20, 0, 0)))).toBe('2025-01-01');
  });
});

describe('cstYear', () => {
  it('is the year of the CST date', () => {
    expect(cstYear('2024-12-31T20:00:00Z')).toBe(2025);
    expect(cstYear('2024-12-31T15:00:00Z')).toBe(2024);
  });
});

describe('daysBetween', () => {
  it('counts whole days, negative backwards, across a leap day', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-03-01', '2025-02-28')).toBe(-1);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
  });
});

describe('isCstDate', () => {
  it('accepts real dates only', () => {
    expect(isCstDate('2024-02-29')).toBe(true);
    expect(isCstDate('2025-02-29')).toBe(false);
    expect(isCstDate('2025-13-01')).toBe(false);
    expect(isCstDate('2025-3-1')).toBe(false);
    expect(isCstDate('2025-03-01T00:00:00Z')).toBe(false);
  });
});

describe('addCstYears', () => {
  it('adds calendar years', () => {
    expect(addCstYears('2025-01-01', 3)).toBe('2028-01-01');
    expect(addCstYears('2024-06-30', 3)).toBe('2027-06-30');
  });

  it('maps 29 February to 28 February in a common year, and keeps it in a leap year', () => {
    expect(addCstYears('2024-02-29', 3)).toBe('2027-02-28');
    expect(addCstYears('2024-02-29', 4)).toBe('2028-02-29');
  });

  it('refuses what is not a date', () => {
    expect(() => addCstYears('2025-02-30', 3)).toThrow(RangeError);
    expect(() => addCstYears('2025-01-01', 1.5)).toThrow(RangeError);
  });
});
