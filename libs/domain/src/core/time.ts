/**
 * Instants as commands carry them: ISO-8601 with a date, a time and an explicit offset
 * ('2025-03-01T09:30:00+08:00', '2025-03-01T01:30:00Z'). A time without offset is ambiguous
 * (server time? CST?) and is refused rather than guessed.
 */
import { isCstDate } from './cst.js';

/** How far a fact's time may lie after `metadata.now` (5 minutes, in ms): clocks of phones and servers drift. */
export const CLOCK_SKEW_TOLERANCE_MS = 5 * 60 * 1000;

const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:0\d|1[0-4]):[0-5]\d)$/;

/**
 * The years a recorded fact may carry: old stock and late entries fit, a mistyped year 0000 or 9999
 * does not (PostgreSQL cannot even hold some of them as dates once shifted to CST).
 */
export const MIN_FACT_YEAR = 1950;
export const MAX_FACT_YEAR = 2100;

/**
 * True for an ISO-8601 instant with an offset whose calendar date is real (no '2025-02-30T…') and
 * whose year is in MIN_FACT_YEAR–MAX_FACT_YEAR.
 */
export function isIsoInstant(value: string): boolean {
  const match = ISO_INSTANT.exec(value);
  if (match === null) return false;
  const year = Number(match[1]!.slice(0, 4));
  // Date.parse rolls 30 February over into March, so the date part is checked on its own.
  return year >= MIN_FACT_YEAR && year <= MAX_FACT_YEAR && isCstDate(match[1]!) && !Number.isNaN(Date.parse(value));
}

/** True when instant `a` is strictly before instant `b` (both valid ISO-8601; offsets may differ). */
export function isBefore(a: string, b: string): boolean {
  return Date.parse(a) < Date.parse(b);
}

/** True when `instant` lies more than {@link CLOCK_SKEW_TOLERANCE_MS} after `now` (both valid ISO-8601). */
export function isInFuture(instant: string, now: string): boolean {
  return Date.parse(instant) > Date.parse(now) + CLOCK_SKEW_TOLERANCE_MS;
}

/** The later of two instants (both valid ISO-8601), the first on a tie. */
export function laterOf(a: string, b: string): string {
  return Date.parse(b) > Date.parse(a) ? b : a;
}
