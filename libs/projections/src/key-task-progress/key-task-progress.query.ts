import type { ReadModelReader } from '../read-model-reader.js';
import { normaliseLeadUnits, obligationFor, type TaskDeadline } from '#domain';
import { cutOf } from '../hazard-figures/hazard-statistics.query.js';
import { keyTaskItemState, type KeyTaskItemState } from './key-task-state.js';

/** An annex task as the queries need it (structurally the reference data's `KeyTask`). */
export interface KeyTaskCatalogueEntry {
  readonly taskNo: number;
  readonly actionNo: number;
  readonly action: string;
  readonly title: string;
  readonly items: readonly { readonly itemNo: string; readonly text: string; readonly deadline: TaskDeadline; readonly leadUnits: string }[];
}

/** The completion an item's state rests on. `completedAt` as reported (ISO-8601 with offset). */
export interface KeyTaskCompletionView {
  year: number;
  leadUnit: string;
  evidence: string;
  completedAt: string;
  completedDate: string;
}

/** The latest progress report on an item at the cut (any obligation year). */
export interface KeyTaskReportView {
  year: number;
  leadUnit: string;
  districtCode: string | null;
  summary: string;
  percentComplete: number | null;
  reportedAt: string;
}

/** One item's state for year Y at the cut. */
export interface KeyTaskItemStatus {
  itemNo: string;
  text: string;
  /** The annex deadline as seeded: `{ kind: 'year', year, years } | { kind: 'date', date } | { kind: 'yearly' } | { kind: 'ongoing' }`. */
  deadline: TaskDeadline;
  /** The obligation year judged for Y (Y itself, else the latest before, else the first after). */
  obligationYear: number;
  /** That obligation's deadline (CST date), null for ongoing items. */
  deadlineDate: string | null;
  /** True when `deadlineDate` is on or before 31 December of Y: the item counts in `itemsDue`. */
  dueByYearEnd: boolean;
  /** The lead units normalised (see `normaliseLeadUnits`), and the annex cell verbatim. */
  leadUnits: string[];
  leadUnitsText: string;
  state: KeyTaskItemState;
  /** The completion of the obligation judged, when on or before the cut. */
  completion: KeyTaskCompletionView | null;
  /** Progress reports on the obligation judged, on or before the cut. */
  reportsForObligation: number;
  lastReport: KeyTaskReportView | null;
}

/** One task with its items' states. */
export interface KeyTaskStatus {
  taskNo: number;
  actionNo: number;
  action: string;
  title: string;
  items: KeyTaskItemStatus[];
}

/** What {@link queryKeyTaskProgress} computes: the year, today's CST date and the annex tasks. */
export interface KeyTaskProgressQuery {
  year: number;
  /** Today's CST date 'YYYY-MM-DD': the cut of the current year. */
  today: string;
  tasks: readonly KeyTaskCatalogueEntry[];
}

/**
 * Every annex item's state for year Y (DOMAIN.md §3 "Key tasks": each item against its deadline), from
 * `key_task_*`. The cut is 31 December of Y, or today in the current year (CST dates). Each item is
 * judged on one obligation (`obligationFor`): its completion and its reports count when dated on or
 * before the cut. Deadlines: `year` → 31 December of the year, `date` → that date, `yearly` → 31
 * December of each plan year, `ongoing` → none. See `keyTaskItemState` for the states (a deadline
 * has passed when it is before the cut, or on or before the last day of a year that is over).
 *
 * @returns the tasks in the order given, each item in its order
 */
export async function queryKeyTaskProgress(ds: ReadModelReader, q: KeyTaskProgressQuery): Promise<KeyTaskStatus[]> {
  const cut = cutOf(q.year, q.today);
  const taskNos = q.tasks.map((t) => t.taskNo);
  const completions: { item_no: string; year: number; lead_unit: string; evidence: string; completed_at_text: string; completed_date: string }[] = await ds.query(
    `SELECT item_no, year, lead_unit, evidence, completed_at_text, completed_date FROM key_task_completions
      WHERE task_no = ANY($1::int[]) AND completed_date <= $2::date ORDER BY completed_at, position`,
    [taskNos, cut],
  );
  const reportCounts: { item_no: string; year: number; n: string }[] = await ds.query(
    `SELECT item_no, year, count(*) AS n FROM key_task_reports
      WHERE task_no = ANY($1::int[]) AND reported_date <= $2::date GROUP BY item_no, year`,
    [taskNos, cut],
  );
  const lastReports: { item_no: string; year: number; lead_unit: string; district_code: string | null; summary: string; percent_complete: number | null; reported_at_text: string }[] =
    await ds.query(
      `SELECT DISTINCT ON (item_no) item_no, year, lead_unit, district_code, summary, percent_complete, reported_at_text
         FROM key_task_reports WHERE task_no = ANY($1::int[]) AND reported_date <= $2::date
        ORDER BY item_no, reported_at DESC, position DESC`,
      [taskNos, cut],
    );
  const key = (itemNo: string, year: number | string) => `${itemNo}@${Number(year)}`;
  const completionOf = new Map<string, KeyTaskCompletionView>();
  for (const c of completions) {
    // The decider allows one per item and year; should a rebuilt history hold more, the first counts.
    if (!completionOf.has(key(c.item_no, c.year))) {
      completionOf.set(key(c.item_no, c.year), { year: Number(c.year), leadUnit: c.lead_unit, evidence: c.evidence, completedAt: c.completed_at_text, completedDate: c.completed_date });
    }
  }
  const reportsOf = new Map(reportCounts.map((r) => [key(r.item_no, r.year), Number(r.n)]));
  const lastOf = new Map(lastReports.map((r) => [r.item_no, r]));
  const yearEnd = `${String(q.year).padStart(4, '0')}-12-31`;
  return q.tasks.map((task) => ({
    taskNo: task.taskNo,
    actionNo: task.actionNo,
    action: task.action,
    title: task.title,
    items: task.items.map((item): KeyTaskItemStatus => {
      const obligation = obligationFor(item.deadline, q.year);
      const completion = obligation.deadline === null ? null : (completionOf.get(key(item.itemNo, obligation.year)) ?? null);
      const reports = reportsOf.get(key(item.itemNo, obligation.year)) ?? 0;
      const last = lastOf.get(item.itemNo);
      return {
        itemNo: item.itemNo,
        text: item.text,
        deadline: item.deadline,
        obligationYear: obligation.year,
        deadlineDate: obligation.deadline,
        dueByYearEnd: obligation.deadline !== null && obligation.deadline <= yearEnd,
        leadUnits: normaliseLeadUnits(item.leadUnits),
        leadUnitsText: item.leadUnits,
        state: keyTaskItemState({ deadline: obligation.deadline, cut, yearOver: q.today > yearEnd, completedDate: completion?.completedDate ?? null, reported: reports > 0 }),
        completion,
        reportsForObligation: reports,
        lastReport: last
          ? {
              year: Number(last.year), leadUnit: last.lead_unit, districtCode: last.district_code, summary: last.summary,
              percentComplete: last.percent_complete === null ? null : Number(last.percent_complete), reportedAt: last.reported_at_text,
            }
          : null,
      };
    }),
  }));
}
