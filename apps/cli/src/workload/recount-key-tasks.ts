/**
 * An independent recount of `GET /api/v1/statistics/key-tasks?groupBy=task` from the operations sent,
 * by the key-task README ("Item state for year Y", "Routes"): one row per annex task, and `totals`.
 */
import { cstDateOf } from './cst-time.js';
import { cutOf, rate, sentTo, type FigureAnswer, type FigureQuery } from './recount-common.js';
import type { KeyTaskSeed } from './figure-context.js';
import type { WorkloadOperation } from './workload-model.js';

type Item = KeyTaskSeed['items'][number];
const FIELDS = ['items', 'done', 'doneLate', 'inProgress', 'notStarted', 'overdue', 'ongoingReported', 'ongoingNoReport', 'itemsDue', 'itemsDueCompleted'] as const;

function yearsOf(item: Item): number[] {
  const d = item.deadline;
  return d.kind === 'year' ? [...d.years] : d.kind === 'date' ? [Number(d.date.slice(0, 4))] : [2024, 2025, 2026];
}

function deadlineOf(item: Item, year: number): string | null {
  const d = item.deadline;
  return d.kind === 'ongoing' ? null : d.kind === 'date' ? d.date : `${year}-12-31`;
}

/** The obligation year of a fact whose body leaves `year` out: the first not before the fact's CST year, else the last. */
function defaultYear(item: Item, date: string): number {
  const ys = yearsOf(item);
  return ys.find((y) => y >= Number(date.slice(0, 4))) ?? ys.at(-1)!;
}

/**
 * For year Y (cut = 31 December or today): the obligation judged is Y when the item is due in Y, else
 * the latest before Y, else the first after; only its completions and reports dated by the cut count.
 * done (completed on or before the deadline) / doneLate / overdue (deadline before the cut, or the year
 * over and the deadline on or before its 31 December) / inProgress (reported) / notStarted; 长期坚持:
 * ongoingReported / ongoingNoReport. itemsDue: judged deadline in or before Y; itemsDueCompleted: those
 * done or done late; completionRate = completed ÷ due, null for 0.
 */
export function recountKeyTasks(operations: readonly WorkloadOperation[], q: FigureQuery, tasks: readonly KeyTaskSeed[]): FigureAnswer {
  const cut = cutOf(q.year, q.today);
  const yearOver = q.today > `${q.year}-12-31`;
  const items = new Map(tasks.flatMap((t) => t.items.map((i) => [i.itemNo, i] as const)));
  const reports = new Set<string>(); // `${itemNo} ${obligationYear}` reported by the cut
  const completions = new Map<string, string>(); // `${itemNo} ${obligationYear}` → CST date, by the cut
  for (const op of sentTo(operations, /^\/api\/v1\/key-tasks\/\d+\/(progress-reports|items\/[^/]+\/completion)$/)) {
    const b = op.body;
    const completion = op.path.endsWith('/completion');
    const itemNo = completion ? op.path.split('/')[6]! : String(b['itemNo']);
    const date = cstDateOf(String(completion ? b['completedAt'] : b['reportedAt']));
    if (date > cut) continue;
    const year = typeof b['year'] === 'number' ? b['year'] : defaultYear(items.get(itemNo)!, date);
    if (completion) completions.set(`${itemNo} ${year}`, date);
    else reports.add(`${itemNo} ${year}`);
  }
  const zero = () => ({ ...Object.fromEntries(FIELDS.map((f) => [f, 0])), completionRate: null } as Record<(typeof FIELDS)[number], number> & { completionRate: number | null });
  const totals = zero();
  const rows = tasks.map((task) => {
    const row = { key: String(task.taskNo), name: task.title, taskNo: task.taskNo, ...zero() };
    for (const item of task.items) {
      const ys = yearsOf(item);
      const judged = ys.includes(q.year) ? q.year : ys.filter((y) => y < q.year).at(-1) ?? ys.find((y) => y > q.year)!;
      const deadline = deadlineOf(item, judged);
      const id = `${item.itemNo} ${judged}`;
      row.items++;
      if (deadline === null) {
        if (reports.has(id)) row.ongoingReported++;
        else row.ongoingNoReport++;
        continue;
      }
      const completed = completions.get(id);
      const due = deadline.slice(0, 4) <= String(q.year);
      if (due) row.itemsDue++;
      if (completed !== undefined) {
        if (completed <= deadline) row.done++;
        else row.doneLate++;
        if (due) row.itemsDueCompleted++;
      } else if (deadline < cut || (yearOver && deadline <= `${q.year}-12-31`)) row.overdue++;
      else if (reports.has(id)) row.inProgress++;
      else row.notStarted++;
    }
    row.completionRate = rate(row.itemsDueCompleted, row.itemsDue);
    for (const f of FIELDS) totals[f] += row[f];
    return row;
  });
  totals.completionRate = rate(totals.itemsDueCompleted, totals.itemsDue);
  return { rows, cityTotals: totals };
}
