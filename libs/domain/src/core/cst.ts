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
