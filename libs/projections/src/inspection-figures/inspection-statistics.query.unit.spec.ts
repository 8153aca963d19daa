import { duePeriods } from './inspection-statistics.query.js';

describe('duePeriods (principal-led: each quarter, each month when high-risk; the regime: each month)', () => {
  it('judges every period of a past year for an enterprise registered before it', () => {
    expect(duePeriods(2025, '2026-11-29', '2020-01-01', 'month')).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(duePeriods(2025, '2026-11-29', '2020-01-01', 'quarter')).toEqual([1, 2, 3, 4]);
  });

  it('does not judge the current period: on 31 March neither March nor Q1 is due; on 1 April both are', () => {
    expect(duePeriods(2025, '2025-03-31', '2020-01-01', 'month')).toEqual([1, 2]);
    expect(duePeriods(2025, '2025-03-31', '2020-01-01', 'quarter')).toEqual([]);
    expect(duePeriods(2025, '2025-04-01', '2020-01-01', 'month')).toEqual([1, 2, 3]);
    expect(duePeriods(2025, '2025-04-01', '2020-01-01', 'quarter')).toEqual([1]);
  });

  it('judges only the periods begun on or after registration', () => {
    expect(duePeriods(2025, '2026-01-01', '2025-03-15', 'month')).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(duePeriods(2025, '2026-01-01', '2025-04-01', 'quarter')).toEqual([2, 3, 4]);
  });

  it('counts February’s last day in a leap year', () => {
    expect(duePeriods(2024, '2024-02-29', '2020-01-01', 'month')).toEqual([1]);
    expect(duePeriods(2024, '2024-03-01', '2020-01-01', 'month')).toEqual([1, 2]);
  });
});
