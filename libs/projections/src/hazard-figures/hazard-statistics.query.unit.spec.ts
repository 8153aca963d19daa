import { cutOf } from './hazard-statistics.query.js';

describe('cutOf (API.md: the end of Y, or now if Y is the current year)', () => {
  it('is 31 December of a past year', () => {
    expect(cutOf(2024, '2025-06-05')).toBe('2024-12-31');
    expect(cutOf(2023, '2026-01-01')).toBe('2023-12-31');
  });

  it('is today in the current year', () => {
    expect(cutOf(2025, '2025-06-05')).toBe('2025-06-05');
    expect(cutOf(2025, '2025-01-01')).toBe('2025-01-01');
  });

  it('is 31 December on the last day of the current year (both readings agree)', () => {
    expect(cutOf(2025, '2025-12-31')).toBe('2025-12-31');
  });

  it('is today for a year not yet begun (nothing after today has happened)', () => {
    expect(cutOf(2026, '2025-06-05')).toBe('2025-06-05');
  });
});
