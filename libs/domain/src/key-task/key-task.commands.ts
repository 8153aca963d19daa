import type { CommandMetadata } from '../core/actor.js';
import type { TaskDeadline } from './key-task.deadline.js';
import type { TaskMeasurement } from './key-task.events.js';

/** One annex item as the decider needs it: number, deadline and the lead-unit cell verbatim. */
export interface KeyTaskItemReference {
  itemNo: string;
  deadline: TaskDeadline;
  /** The annex's 责任单位 cell, e.g. '市应急局等市安委会有关成员单位,各区县政府' (normalised by the decider). */
  leadUnits: string;
}

/** Reference data the key-task decider judges against (handed in by the handler; the decider does no I/O). */
export interface KeyTaskReference {
  /** The task the stream belongs to, with all its items. */
  task: { taskNo: number; items: readonly KeyTaskItemReference[] };
  /** The indicators named in seeds/plan-targets.json. */
  indicators: ReadonlySet<string>;
  districtCodes: ReadonlySet<string>;
  sectorCodes: ReadonlySet<string>;
}

/**
 * ReportTaskProgress: a lead unit reports progress on an item. `year` is the obligation year the report
 * is about, or null for the default (the first obligation year ≥ the CST year of `reportedAt`, else the
 * last); `districtCode` is required for a district-level lead unit and null otherwise.
 */
export interface ReportTaskProgress {
  type: 'ReportTaskProgress';
  data: {
    taskNo: number;
    itemNo: string;
    year: number | null;
    leadUnit: string;
    districtCode: string | null;
    summary: string;
    percentComplete: number | null;
    measurements: TaskMeasurement[];
    reportedAt: string;
  };
  reference: KeyTaskReference;
  metadata: CommandMetadata;
}

/** CompleteTaskItem: an item's obligation of `year` (null: the default, as for reports) is done. */
export interface CompleteTaskItem {
  type: 'CompleteTaskItem';
  data: { taskNo: number; itemNo: string; year: number | null; leadUnit: string; evidence: string; completedAt: string };
  reference: KeyTaskReference;
  metadata: CommandMetadata;
}

export type KeyTaskCommand = ReportTaskProgress | CompleteTaskItem;
