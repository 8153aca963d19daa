import type { ReadModelReader } from '../read-model-reader.js';
import { queryKeyTaskProgress, type KeyTaskCatalogueEntry, type KeyTaskItemStatus } from './key-task-progress.query.js';

/** The key-task figures of one task (or of all tasks: `totals`) for year Y at the cut. Counts are items. */
export interface KeyTaskFigures {
  /** Items of the task. */
  items: number;
  done: number;
  doneLate: number;
  inProgress: number;
  notStarted: number;
  overdue: number;
  /** Ongoing (长期坚持) items with progress reported for Y, and without. */
  ongoingReported: number;
  ongoingNoReport: number;
  /** Items whose deadline (of the obligation judged) falls in or before Y: the rate's denominator. */
  itemsDue: number;
  /** Of `itemsDue`, those done or done late: the rate's numerator. */
  itemsDueCompleted: number;
  /** itemsDueCompleted ÷ itemsDue, in [0, 1]; null when itemsDue is 0. */
  completionRate: number | null;
}

/** One row per task: `key` the task number as a string, `name` its title. */
export interface KeyTaskFiguresRow extends KeyTaskFigures {
  key: string;
  name: string;
  taskNo: number;
}

/** Counts the figures of a list of item states. */
export function keyTaskFiguresOf(items: readonly KeyTaskItemStatus[]): KeyTaskFigures {
  const count = (state: KeyTaskItemStatus['state']) => items.filter((i) => i.state === state).length;
  const due = items.filter((i) => i.dueByYearEnd);
  const dueCompleted = due.filter((i) => i.state === 'done' || i.state === 'done_late').length;
  return {
    items: items.length,
    done: count('done'),
    doneLate: count('done_late'),
    inProgress: count('in_progress'),
    notStarted: count('not_started'),
    overdue: count('overdue'),
    ongoingReported: count('reported'),
    ongoingNoReport: count('no_report'),
    itemsDue: due.length,
    itemsDueCompleted: dueCompleted,
    completionRate: due.length === 0 ? null : dueCompleted / due.length,
  };
}

/**
 * The key-task figures per task for year Y (DOMAIN.md §3 "Key tasks"; the annex 重点任务清单): item
 * states as `queryKeyTaskProgress` judges them, counted per task, and `totals` over all tasks.
 * `completionRate` = (done + doneLate among items due by 31 December of Y) ÷ items due by then —
 * an item completed early, before the year its deadline falls in, is `done` but not in the rate.
 *
 * @returns one row per task of `tasks`, in that order (by task number), and the totals
 */
export async function queryKeyTaskStatistics(
  ds: ReadModelReader,
  q: { year: number; today: string; tasks: readonly KeyTaskCatalogueEntry[] },
): Promise<{ rows: KeyTaskFiguresRow[]; totals: KeyTaskFigures }> {
  const tasks = await queryKeyTaskProgress(ds, q);
  const rows = tasks.map((t) => ({ key: String(t.taskNo), name: t.title, taskNo: t.taskNo, ...keyTaskFiguresOf(t.items) }));
  return { rows, totals: keyTaskFiguresOf(tasks.flatMap((t) => t.items)) };
}
