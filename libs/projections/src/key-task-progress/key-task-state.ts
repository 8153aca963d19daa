/** The states an annex item is in, for a year, at the cut (see {@link keyTaskItemState}). */
export const KEY_TASK_ITEM_STATES = ['done', 'done_late', 'in_progress', 'not_started', 'overdue', 'reported', 'no_report'] as const;
export type KeyTaskItemState = (typeof KEY_TASK_ITEM_STATES)[number];

/** What an item's state is judged from; every date a CST date 'YYYY-MM-DD'. */
export interface ItemStateInput {
  /** The deadline of the obligation judged (see `obligationFor`), null for an ongoing (长期坚持) item. */
  deadline: string | null;
  /** The cut: 31 December of the year, or today in the current year. */
  cut: string;
  /** True when the year is over (today is after its 31 December): the cut's day has ended too. */
  yearOver: boolean;
  /** The CST date the obligation was completed, when on or before the cut; else null. */
  completedDate: string | null;
  /** True when progress on the obligation was reported on or before the cut. */
  reported: boolean;
}

/**
 * An item's state at the cut:
 * - ongoing items (no deadline): `reported` when progress was reported for the year, else `no_report`;
 * - completed: `done` when completed on or before the deadline (on the deadline day included), else `done_late`;
 * - not completed and the deadline passed: `overdue`. A deadline has passed when it is before the cut,
 *   or, once the year is over, on or before its last day (a 31 December deadline is missed in that
 *   year's figures once the year has ended; in the current year it is missed from 1 January on);
 * - not completed, deadline not passed: `in_progress` when progress was reported, else `not_started`.
 */
export function keyTaskItemState(input: ItemStateInput): KeyTaskItemState {
  if (input.deadline === null) return input.reported ? 'reported' : 'no_report';
  if (input.completedDate !== null) return input.completedDate <= input.deadline ? 'done' : 'done_late';
  if (input.deadline < input.cut || (input.yearOver && input.deadline <= input.cut)) return 'overdue';
  return input.reported ? 'in_progress' : 'not_started';
}
