import { defineReadModel } from '../read-model.js';
import { InspectionFiguresProjection } from './inspection-figures.projection.js';
import { InspectionFigureEnterprise, InspectionFigureInspection } from './inspection-figures.entities.js';
import { InspectionFigures1765000000000 } from './1765000000000-inspection-figures.migration.js';
import { InspectionEnterpriseLevels1766520000000 } from './1766520000000-inspection-enterprise-levels.migration.js';

/** The inspection-figures read model: its projector, entities, tables and migrations (found by `read-models.ts`). */
export default defineReadModel({
  name: 'inspection-figures',
  projection: () => new InspectionFiguresProjection(),
  entities: [InspectionFigureEnterprise, InspectionFigureInspection],
  tables: ['inspection_figure_inspections', 'inspection_figure_enterprises'],
  migrations: [InspectionFigures1765000000000, InspectionEnterpriseLevels1766520000000],
});
