/**
 * Events of the `task-{taskNo}` stream: progress on, and completion of, the items of one of the annex's
 * 22 key tasks (重点任务清单). No optional fields: a report without a share done carries
 * `percentComplete: null`, one without figures `measurements: []`, a city-level report `districtCode: null`.
 */

/**
 * A figure a lead unit reports where no fact stream computes it (e.g. `d_class_housing_relocation_rate`):
 * `indicator` is an indicator of seeds/plan-targets.json; `numerator` ≥ 0; `denominator` > 0 and
 * ≥ numerator, or null for a plain count. `districtCode` / `sector` say whose figure it is (null: city-wide / all sectors).
 */
export interface TaskMeasurement {
  indicator: string;
  districtCode: string | null;
  sector: string | null;
  numerator: number;
  denominator: number | null;
}

/**
 * A lead unit reported progress on an item, for the obligation of `year` (see key-task.deadline.ts).
 * `districtCode` names the district when `leadUnit` is of the district level (各区县政府 …), else null;
 * `percentComplete` in [0, 100] or null; `reportedAt` ISO-8601 with offset.
 */
export interface TaskProgressReported {
  type: 'TaskProgressReported';
  data: {
    taskNo: number;
    itemNo: string;
    year: number;
    leadUnit: string;
    districtCode: string | null;
    summary: string;
    percentComplete: number | null;
    measurements: TaskMeasurement[];
    reportedAt: string;
  };
}

/**
 * An item's obligation of `year` was completed (for yearly items: that year's), with the evidence
 * named by the lead unit; `completedAt` ISO-8601 with offset. At most one per item and year.
 */
export interface TaskItemCompleted {
  type: 'TaskItemCompleted';
  data: { taskNo: number; itemNo: string; year: number; leadUnit: string; evidence: string; completedAt: string };
}

export type KeyTaskEvent = TaskProgressReported | TaskItemCompleted;

export const KEY_TASK_EVENT_TYPES = ['TaskProgressReported', 'TaskItemCompleted'] as const satisfies readonly KeyTaskEvent['type'][];

/** The stream of one key task: `task-{taskNo}` (e.g. `task-3`). */
export const taskStreamId = (taskNo: number): string => `task-${taskNo}`;
