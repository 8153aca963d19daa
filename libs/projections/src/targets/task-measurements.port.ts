import type { ReadModelReader } from '../read-model-reader.js';
import { queryTaskMeasurements } from '../key-task-progress/task-measurements.query.js';

/**
 * A lead unit's measurement of an indicator no fact stream computes, reported on a key-task stream
 * (`task-{taskNo}`, TaskProgressReported.measurements): the latest per (indicator, districtCode,
 * sector) reported in year Y on or before the cut. `districtCode` and `sector` null = city-wide;
 * `denominator` null = a count. `position`: the global position of the report.
 */
export interface TaskMeasurement {
  indicator: string;
  districtCode: string | null;
  sector: string | null;
  numerator: number;
  denominator: number | null;
  reportedAt: string;
  position: string;
}

/** The read model the measurements come from (its checkpoint joins the targets' `position`). */
export const TASK_MEASUREMENTS_PROJECTION = 'key-task-progress';

/**
 * The one place the targets read the key-task measurements from: `queryTaskMeasurements` of the
 * key-task slice (libs/projections/src/key-task-progress/).
 */
export function latestTaskMeasurements(ds: ReadModelReader, q: { year: number; today: string }): Promise<TaskMeasurement[]> {
  return queryTaskMeasurements(ds, q);
}
