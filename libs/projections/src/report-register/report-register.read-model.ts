import { defineReadModel } from '../read-model.js';
import { ReportRegisterProjection } from './report-register.projection.js';
import { ReportRegisterRow } from './report-register.entity.js';
import { Reports1765400000000 } from './1765400000000-reports.migration.js';

/** The report-register read model: its projector, entities, tables and migrations (found by `read-models.ts`). */
export default defineReadModel({
  name: 'report-register',
  projection: () => new ReportRegisterProjection(),
  entities: [ReportRegisterRow],
  tables: ['report_register'],
  migrations: [Reports1765400000000],
});
