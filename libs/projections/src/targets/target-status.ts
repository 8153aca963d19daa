import type { TargetComparator } from '#reference-data';
import { compare, fraction, plus, rationalOf, times } from './rational.js';

/** A target's status (API.md `/api/v1/targets`). */
export type TargetStatus = 'met' | 'on_track' | 'behind' | 'missed' | 'no_data';

/**
 * How an indicator moves within its year, which decides how an unfinished year is judged:
 * - `level`: a share or quantity to be reached (coverage, built, graded); in progress it is judged
 *   against the threshold scaled by the share of the year elapsed.
 * - `monotone`: a count that only grows within the year (accidents, major accidents).
 * - `stock`: a figure that can fall as well as rise (open or overdue hazards, remaining stock).
 * - `change_on_year`: this year's count minus last year's, both counts monotone within their year.
 */
export type IndicatorBehaviour = 'level' | 'monotone' | 'stock' | 'change_on_year';

/**
 * A group's figure: `numerator ÷ denominator` (a count has denominator 1), or no data with the
 * reason. A change on the year also carries this year's count so far and the previous year's.
 */
export type Figure =
  | {
      readonly numerator: number;
      readonly denominator: number;
      readonly change?: { readonly current: number; readonly previous: number };
      readonly note?: string;
    }
  | { readonly numerator: null; readonly denominator: null; readonly reason: string; readonly note?: string };

/**
 * Where in time a target stands at `today` (CST):
 * - `not_started`: today is before 1 January of its year;
 * - `in_progress`: its cut is after today; `elapsedDays` = days from 1 January to today inclusive,
 *   `totalDays` = days from 1 January to the cut inclusive (elapsedShare = elapsedDays ÷ totalDays);
 * - `finished`: the cut is today or earlier.
 */
export type TargetPeriod =
  | { readonly state: 'not_started'; readonly cut: string }
  | { readonly state: 'in_progress'; readonly cut: string; readonly elapsedDays: number; readonly totalDays: number }
  | { readonly state: 'finished'; readonly cut: string };

const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/**
 * The period of a target of `year` at `today`: its cut is `dueDate` when set, else 31 December of the
 * year (CST dates 'YYYY-MM-DD').
 */
export function targetPeriod(year: number, dueDate: string | null, today: string): TargetPeriod {
  const start = `${String(year).padStart(4, '0')}-01-01`;
  const cut = dueDate ?? `${String(year).padStart(4, '0')}-12-31`;
  if (today < start) return { state: 'not_started', cut };
  if (cut > today) {
    return { state: 'in_progress', cut, elapsedDays: dayNumber(today) - dayNumber(start) + 1, totalDays: dayNumber(cut) - dayNumber(start) + 1 };
  }
  return { state: 'finished', cut };
}

/** What {@link judgeTarget} judges. */
export interface TargetJudgement {
  readonly comparator: TargetComparator;
  readonly threshold: number;
  readonly behaviour: IndicatorBehaviour;
  readonly figure: Figure;
  readonly period: TargetPeriod;
}

/** A status and, for `no_data` and the in-progress statuses, why. */
export interface JudgedStatus {
  readonly status: TargetStatus;
  readonly reason: string | null;
}

const verdict = (status: TargetStatus, reason: string | null = null): JudgedStatus => ({ status, reason });

/**
 * Judges a figure against a target (README "How a target is judged"). All comparisons are exact
 * rationals: `actual` = numerator ÷ denominator, the threshold read as a decimal, elapsedShare =
 * elapsedDays ÷ totalDays.
 *
 * - no data (`figure.numerator` null) or a year not begun → `no_data` with the reason.
 * - `>=`: finished: actual ≥ threshold → met, else missed. In progress: ≥ threshold → met;
 *   ≥ threshold × elapsedShare → on_track; else behind.
 * - `<=`: finished: actual ≤ threshold → met, else missed. In progress: above the threshold → missed
 *   for a `monotone` count (it cannot come down), behind for a `stock`/`level` figure; else on_track.
 * - `change_on_year` (actual = current − previous): the year's allowance is previous + threshold.
 *   `<=`: finished as above; in progress: current > allowance → missed (counts only grow);
 *   current ≤ allowance × elapsedShare → on_track; else behind. `>=`: current ≥ allowance → met;
 *   ≥ allowance × elapsedShare → on_track; else behind (finished: met or missed).
 * - `=`: finished: equal → met, else missed; in progress: equal → on_track, else behind.
 */
export function judgeTarget(j: TargetJudgement): JudgedStatus {
  const { period, figure } = j;
  if (period.state === 'not_started') return verdict('no_data', `the year has not begun (today is before 1 January)`);
  if (figure.numerator === null) return verdict('no_data', figure.reason);
  const actual = fraction(figure.numerator, figure.denominator);
  const threshold = rationalOf(j.threshold);
  const c = compare(actual, threshold);
  if (period.state === 'finished') {
    const met = j.comparator === '>=' ? c >= 0 : j.comparator === '<=' ? c <= 0 : c === 0;
    return verdict(met ? 'met' : 'missed');
  }
  const share = fraction(period.elapsedDays, period.totalDays);
  const shareText = `${period.elapsedDays}/${period.totalDays} of the period elapsed`;
  if (j.comparator === '=') return c === 0 ? verdict('on_track', shareText) : verdict('behind', shareText);
  if (j.behaviour === 'change_on_year' && figure.change) {
    const current = rationalOf(figure.change.current);
    const allowance = plus(rationalOf(figure.change.previous), threshold);
    const proRata = times(allowance, share);
    if (j.comparator === '<=') {
      if (compare(current, allowance) > 0) return verdict('missed', `this year's count ${figure.change.current} already exceeds the year's allowance ${figure.change.previous + j.threshold} (last year's ${figure.change.previous} ${j.threshold < 0 ? '−' : '+'} ${Math.abs(j.threshold)})`);
      return compare(current, proRata) <= 0 ? verdict('on_track', shareText) : verdict('behind', shareText);
    }
    if (compare(current, allowance) >= 0) return verdict('met');
    return compare(current, proRata) >= 0 ? verdict('on_track', shareText) : verdict('behind', shareText);
  }
  if (j.comparator === '>=') {
    if (c >= 0) return verdict('met');
    return compare(actual, times(threshold, share)) >= 0 ? verdict('on_track', shareText) : verdict('behind', shareText);
  }
  if (c <= 0) return verdict('on_track', shareText);
  return j.behaviour === 'monotone' ? verdict('missed', 'a count that only grows within the year is already above the threshold') : verdict('behind', shareText);
}
