/**
 * When an annex item (重点任务清单) is due, and which year's obligation a fact or a figure is about.
 *
 * An item's deadline (完成时间) is one of four kinds (seeds/key-tasks.json):
 * - `year`: due by 31 December of each listed year (`years`, e.g. [2024] or [2025, 2026]);
 * - `date`: due by that CST date (「2024年6月底前」 → 2024-06-30), one obligation in the date's year;
 * - `yearly`: 「每年」, due by 31 December of each plan year 2024, 2025, 2026;
 * - `ongoing`: 「长期坚持」, a standing obligation with no deadline, reported on per plan year.
 * An "obligation year" is a year the item is due in (or, for ongoing items, reported on).
 */
import { isCstDate } from '../core/cst.js';

/** The deadline shape of an annex item (structurally the reference data's `KeyTaskDeadline`). */
export type TaskDeadline =
  | { readonly kind: 'year'; readonly year: number; readonly years: readonly number[] }
  | { readonly kind: 'date'; readonly date: string }
  | { readonly kind: 'yearly' }
  | { readonly kind: 'ongoing' };

/** The years of the three-year action (2024–2026). */
export const PLAN_YEARS: readonly number[] = [2024, 2025, 2026];

/**
 * The obligation years of a deadline, ascending: `year` → its `years`; `date` → the date's year;
 * `yearly` and `ongoing` → the plan years 2024–2026.
 */
export function obligationYears(deadline: TaskDeadline): readonly number[] {
  switch (deadline.kind) {
    case 'year':
      return [...deadline.years].sort((a, b) => a - b);
    case 'date':
      return [Number(deadline.date.slice(0, 4))];
    case 'yearly':
    case 'ongoing':
      return PLAN_YEARS;
    default: {
      const unhandled: never = deadline;
      throw new Error(`unhandled deadline ${JSON.stringify(unhandled)}`);
    }
  }
}

/**
 * The obligation year a fact of CST year `factYear` is about when the command names none: the first
 * obligation year ≥ `factYear`, else the last one (a late fact on the final obligation). An item due
 * in one year always gets that year; a yearly item reported in 2025 gets 2025.
 */
export function defaultObligationYear(deadline: TaskDeadline, factYear: number): number {
  const years = obligationYears(deadline);
  return years.find((y) => y >= factYear) ?? years[years.length - 1]!;
}

/**
 * The CST date ('YYYY-MM-DD') by which the obligation of `year` must be done: 31 December of that
 * year for `year` and `yearly` deadlines, the date itself for `date`, null for `ongoing` (no deadline).
 * Completed on that day is on time; the day after is late.
 */
export function deadlineDateOf(deadline: TaskDeadline, year: number): string | null {
  switch (deadline.kind) {
    case 'year':
    case 'yearly':
      return `${String(year).padStart(4, '0')}-12-31`;
    case 'date':
      return isCstDate(deadline.date) ? deadline.date : null;
    case 'ongoing':
      return null;
    default: {
      const unhandled: never = deadline;
      throw new Error(`unhandled deadline ${JSON.stringify(unhandled)}`);
    }
  }
}

/**
 * The obligation an item is judged on in figures for year `y`: `y` itself when it is an obligation
 * year; else the latest obligation year before `y` (a past obligation stays done, late or overdue);
 * else the first one after `y` (an upcoming obligation, not yet due). `deadline` is its CST date, null
 * for ongoing items.
 */
export function obligationFor(deadline: TaskDeadline, y: number): { year: number; deadline: string | null } {
  const years = obligationYears(deadline);
  const year = years.includes(y) ? y : ([...years].reverse().find((o) => o < y) ?? years[0]!);
  return { year, deadline: deadlineDateOf(deadline, year) };
}
