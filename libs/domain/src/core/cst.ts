/**
 * China Standard Time (UTC+8, no daylight saving) helpers. Every date of the plan is a CST date.
 */
const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The CST calendar date ('YYYY-MM-DD') of an instant (ISO-8601 string or Date). */
export function cstDate(instant: string | Date): string {
  const t = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return new Date(t + CST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The CST year of an instant. */
export function cstYear(instant: string | Date): number {
  return Number(cstDate(instant).slice(0, 4));
}

/** Whole days from CST date `from` to CST date `to` ('YYYY-MM-DD'), negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** True for a real calendar date written 'YYYY-MM-DD'. */
export function isCstDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/**
 * The CST date `years` calendar years after CST date `date` ('YYYY-MM-DD' → 'YYYY-MM-DD').
 * 29 February maps to 28 February in a common year: a term of years never runs into the next month.
 * @throws RangeError when `date` is not a real calendar date or `years` is not an integer
 */
export function addCstYears(date: string, years: number): string {
  if (!isCstDate(date)) throw new RangeError(`not a date 'YYYY-MM-DD': ${date}`);
  if (!Number.isInteger(years)) throw new RangeError(`years must be an integer: ${years}`);
  const year = Number(date.slice(0, 4)) + years;
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  // Day 0 of the next month is the last day of this one (UTC arithmetic, no time zone involved).
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const pad = (n: number, width: number): string => String(n).padStart(width, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(Math.min(day, lastDay), 2)}`;
}
