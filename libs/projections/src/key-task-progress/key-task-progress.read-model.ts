import { defineReadModel } from '../read-model.js';
import { KeyTaskProgressProjection } from './key-task-progress.projection.js';
import { KeyTaskCompletionRow, KeyTaskMeasurementRow, KeyTaskReportRow } from './key-task-progress.entities.js';
import { KeyTaskProgress1765500000000 } from './1765500000000-key-task-progress.migration.js';

/** The key-task-progress read model: its projector, entities, tables and migrations (found by `read-models.ts`). */
export default defineReadModel({
  name: 'key-task-progress',
  projection: () => new KeyTaskProgressProjection(),
  entities: [KeyTaskCompletionRow, KeyTaskMeasurementRow, KeyTaskReportRow],
  tables: ['key_task_reports', 'key_task_completions', 'key_task_measurements'],
  migrations: [KeyTaskProgress1765500000000],
});
