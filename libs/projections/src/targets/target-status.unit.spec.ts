import { judgeTarget, targetPeriod, type Figure, type IndicatorBehaviour, type TargetPeriod } from './target-status.js';

const FINISHED: TargetPeriod = { state: 'finished', cut: '2024-12-31' };
/** 2025-04-01 in a 2025 target: 31 + 28 + 31 + 1 = 91 of 365 days elapsed. */
const APRIL_1_2025 = targetPeriod(2025, null, '2025-04-01');
const count = (n: number): Figure => ({ numerator: n, denominator: 1 });
const ratio = (n: number, d: number): Figure => ({ numerator: n, denominator: d });
const judge = (comparator: '>=' | '<=' | '=', threshold: number, figure: Figure, period: TargetPeriod, behaviour: IndicatorBehaviour = 'level') =>
  judgeTarget({ comparator, threshold, behaviour, figure, period });

describe('targetPeriod (CST dates, fixed clock)', () => {
  it('a year not yet begun is not_started', () => {
    expect(targetPeriod(2026, null, '2025-12-31')).toEqual({ state: 'not_started', cut: '2026-12-31' });
  });
  it('counts days from 1 January to today inclusive over days to the cut inclusive', () => {
    expect(APRIL_1_2025).toEqual({ state: 'in_progress', cut: '2025-12-31', elapsedDays: 91, totalDays: 365 });
    expect(targetPeriod(2024, null, '2024-01-01')).toEqual({ state: 'in_progress', cut: '2024-12-31', elapsedDays: 1, totalDays: 366 });
    expect(targetPeriod(2024, null, '2024-12-30')).toEqual({ state: 'in_progress', cut: '2024-12-31', elapsedDays: 365, totalDays: 366 });
  });
  it('the cut day itself and later are finished', () => {
    expect(targetPeriod(2024, null, '2024-12-31').state).toBe('finished');
    expect(targetPeriod(2024, null, '2025-03-01').state).toBe('finished');
  });
  it('a dueDate is the cut: 2024-06-30 is 182 days from 1 January (2024 is a leap year)', () => {
    expect(targetPeriod(2024, '2024-06-30', '2024-03-31')).toEqual({ state: 'in_progress', cut: '2024-06-30', elapsedDays: 91, totalDays: 182 });
    expect(targetPeriod(2024, '2024-06-30', '2024-06-30')).toEqual({ state: 'finished', cut: '2024-06-30' });
    expect(targetPeriod(2024, '2024-06-30', '2024-07-01')).toEqual({ state: 'finished', cut: '2024-06-30' });
  });
});

describe('judgeTarget', () => {
  it('exactly at a 0.9 threshold is met; 8999/10000 is missed (exact, no float epsilon)', () => {
    expect(judge('>=', 0.9, ratio(9, 10), FINISHED).status).toBe('met');
    expect(judge('>=', 0.9, ratio(900, 1000), FINISHED).status).toBe('met');
    expect(judge('>=', 0.9, ratio(8999, 10000), FINISHED).status).toBe('missed');
    // 0.1 + 0.2 style traps: 3/10 against 0.3 is met, 7/10 against 0.7 met.
    expect(judge('>=', 0.3, ratio(3, 10), FINISHED).status).toBe('met');
    expect(judge('>=', 0.7, ratio(7, 10), FINISHED).status).toBe('met');
    expect(judge('>=', 0.8, ratio(4, 5), FINISHED).status).toBe('met');
    expect(judge('>=', 1, ratio(99, 100), FINISHED).status).toBe('missed');
  });
  it('a null denominator (no data) is no_data with the reason, never 0% and never an error', () => {
    const none: Figure = { numerator: null, denominator: null, reason: 'the denominator (enterprises) is 0' };
    expect(judge('>=', 1, none, FINISHED)).toEqual({ status: 'no_data', reason: 'the denominator (enterprises) is 0' });
    expect(judge('<=', 0, none, APRIL_1_2025).status).toBe('no_data');
  });
  it('a year not begun is no_data whatever the figure', () => {
    expect(judge('>=', 1, count(5), targetPeriod(2026, null, '2025-06-01')).status).toBe('no_data');
  });
  describe('>= in progress (91/365 of 2025 elapsed)', () => {
    it('at or above the threshold is met', () => {
      expect(judge('>=', 5, count(5), APRIL_1_2025).status).toBe('met');
    });
    it('at or above threshold × elapsedShare is on_track: 1000 × 91/365 = 249.3…, so 250 is on track and 249 behind', () => {
      expect(judge('>=', 1000, count(250), APRIL_1_2025).status).toBe('on_track');
      expect(judge('>=', 1000, count(249), APRIL_1_2025).status).toBe('behind');
    });
    it('exactly at threshold × elapsedShare is on_track: 365 × 91/365 = 91', () => {
      expect(judge('>=', 365, count(91), APRIL_1_2025).status).toBe('on_track');
      expect(judge('>=', 365, count(90), APRIL_1_2025).status).toBe('behind');
    });
    it('a ratio: 0.9 × 91/365 = 81.9/365; 2243/10000 ≥ 0.22438… is behind, 2244/10000 on track', () => {
      // 0.9 × 91 / 365 = 0.224383…
      expect(judge('>=', 0.9, ratio(2244, 10000), APRIL_1_2025).status).toBe('on_track');
      expect(judge('>=', 0.9, ratio(2243, 10000), APRIL_1_2025).status).toBe('behind');
    });
  });
  describe('<=', () => {
    it('finished: at the threshold is met, above missed', () => {
      expect(judge('<=', 0, count(0), FINISHED, 'stock').status).toBe('met');
      expect(judge('<=', 0, count(1), FINISHED, 'stock').status).toBe('missed');
      expect(judge('<=', 0, count(1), FINISHED, 'monotone').status).toBe('missed');
    });
    it('in progress, monotone count above the threshold is already missed; at or below on_track', () => {
      expect(judge('<=', 0, count(1), APRIL_1_2025, 'monotone').status).toBe('missed');
      expect(judge('<=', 0, count(0), APRIL_1_2025, 'monotone').status).toBe('on_track');
    });
    it('in progress, a stock above the threshold is behind (it can still come down); at or below on_track', () => {
      expect(judge('<=', 0, count(3), APRIL_1_2025, 'stock').status).toBe('behind');
      expect(judge('<=', 0, count(0), APRIL_1_2025, 'stock').status).toBe('on_track');
    });
  });
  describe('change on the year (threshold −1: at least one fewer than last year)', () => {
    const change = (current: number, previous: number): Figure => ({ numerator: current - previous, denominator: 1, change: { current, previous } });
    it('finished: 9 after 10 is met, 10 after 10 missed', () => {
      expect(judge('<=', -1, change(9, 10), FINISHED, 'change_on_year').status).toBe('met');
      expect(judge('<=', -1, change(10, 10), FINISHED, 'change_on_year').status).toBe('missed');
    });
    it('in progress: allowance = previous − 1; current above it is missed; ≤ allowance × share on_track; else behind', () => {
      // last year 366, allowance 365, share 91/365 → pro rata 91.
      expect(judge('<=', -1, change(91, 366), APRIL_1_2025, 'change_on_year').status).toBe('on_track');
      expect(judge('<=', -1, change(92, 366), APRIL_1_2025, 'change_on_year').status).toBe('behind');
      expect(judge('<=', -1, change(365, 366), APRIL_1_2025, 'change_on_year').status).toBe('behind');
      expect(judge('<=', -1, change(366, 366), APRIL_1_2025, 'change_on_year')).toMatchObject({ status: 'missed' });
    });
    it('in progress with no accidents last year: the allowance is −1, so even 0 is already missed', () => {
      expect(judge('<=', -1, change(0, 0), APRIL_1_2025, 'change_on_year').status).toBe('missed');
    });
    it('>= on a change: allowance reached is met, pro rata on_track, else behind', () => {
      expect(judge('>=', 1, change(11, 10), APRIL_1_2025, 'change_on_year').status).toBe('met');
      expect(judge('>=', 364, change(91, 1), APRIL_1_2025, 'change_on_year').status).toBe('on_track');
      expect(judge('>=', 364, change(90, 1), APRIL_1_2025, 'change_on_year').status).toBe('behind');
    });
  });
  describe('=', () => {
    it('finished: equal met, else missed; in progress: equal on_track, else behind', () => {
      expect(judge('=', 3, count(3), FINISHED).status).toBe('met');
      expect(judge('=', 3, count(4), FINISHED).status).toBe('missed');
      expect(judge('=', 3, count(3), APRIL_1_2025).status).toBe('on_track');
      expect(judge('=', 3, count(2), APRIL_1_2025).status).toBe('behind');
    });
  });
  it('a dueDate target is judged at its cut: in progress before 2024-06-30 with share 91/182', () => {
    const period = targetPeriod(2024, '2024-06-30', '2024-03-31');
    expect(judge('>=', 1, ratio(1, 2), period).status).toBe('on_track');
    expect(judge('>=', 1, ratio(49, 100), period).status).toBe('behind');
    expect(judge('>=', 1, ratio(1, 2), targetPeriod(2024, '2024-06-30', '2024-07-01')).status).toBe('missed');
  });
});
