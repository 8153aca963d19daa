/**
 * China Standard Time (UTC+8, no daylight saving) arithmetic for the workload and the recount,
 * written here on purpose rather than imported from `#domain`: the recount must not share the
 * server's code, or a shared mistake would pass unseen.
 */

/** Milliseconds in an hour and a day. */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
const CST_OFFSET_MS = 8 * HOUR_MS;

/**
 * The CST calendar date 'YYYY-MM-DD' of an instant.
 * @param instant an ISO-8601 string with an offset ('…+08:00' or '…Z') or epoch milliseconds
 * @throws RangeError when the string does not parse
 */
export function cstDateOf(instant: string | number): string {
  const ms = typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO-8601 instant: ${String(instant)}`);
  return new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** Epoch milliseconds of 00:00 CST on the CST date `date` ('YYYY-MM-DD'). */
export function cstMidnight(date: string): number {
  return Date.parse(`${date}T00:00:00+08:00`);
}

/** The CST date `days` days after `date` (both 'YYYY-MM-DD'; `days` may be negative). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from CST date `from` to CST date `to`, negative when `to` is earlier. */
export function daysFromTo(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** An instant written in CST with its offset, to the second: '2025-03-01T09:30:00+08:00'. */
export function formatCst(ms: number): string {
  return `${new Date(Math.floor(ms / 1000) * 1000 + CST_OFFSET_MS).toISOString().slice(0, 19)}+08:00`;
}

/** The later of two CST dates ('YYYY-MM-DD' compare as text). */
export function laterDate(a: string, b: string): string {
  return a >= b ? a : b;
}
