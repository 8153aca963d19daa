import { CLOCK_SKEW_TOLERANCE_MS, isBefore, isInFuture, isIsoInstant, laterOf } from './time.js';

describe('isIsoInstant', () => {
  it('accepts ISO-8601 instants with an offset', () => {
    expect(isIsoInstant('2025-03-01T09:30:00+08:00')).toBe(true);
    expect(isIsoInstant('2025-03-01T01:30:00Z')).toBe(true);
    expect(isIsoInstant('2025-03-01T01:30:00.123Z')).toBe(true);
    expect(isIsoInstant('2025-03-01T01:30Z')).toBe(true);
  });

  it('refuses instants without offset, impossible dates and times, and plain dates', () => {
    expect(isIsoInstant('2025-03-01T09:30:00')).toBe(false);
    expect(isIsoInstant('2025-02-30T09:30:00+08:00')).toBe(false);
    expect(isIsoInstant('2025-03-01T24:00:00Z')).toBe(false);
    expect(isIsoInstant('2025-03-01')).toBe(false);
    expect(isIsoInstant('')).toBe(false);
  });
});

describe('comparisons across offsets', () => {
  it('compares instants, not strings', () => {
    // 09:00 CST is 01:00 UTC: the CST one is earlier although its string sorts later.
    expect(isBefore('2025-03-01T09:00:00+08:00', '2025-03-01T02:00:00Z')).toBe(true);
    expect(laterOf('2025-03-01T09:00:00+08:00', '2025-03-01T02:00:00Z')).toBe('2025-03-01T02:00:00Z');
    expect(laterOf('2025-03-01T02:00:00Z', '2025-03-01T10:00:00+08:00')).toBe('2025-03-01T02:00:00Z');
  });

  it('allows five minutes of clock skew before a time is in the future', () => {
    expect(CLOCK_SKEW_TOLERANCE_MS).toBe(300_000);
    const now = '2025-03-01T12:00:00+08:00';
    expect(isInFuture('2025-03-01T12:05:00+08:00', now)).toBe(false);
    expect(isInFuture('2025-03-01T12:05:01+08:00', now)).toBe(true);
  });
});
