import { defineReadModel } from '../read-model.js';
import { DrillFiguresProjection } from './drill-figures.projection.js';
import { DrillFigureDrill, DrillFigureEnterprise } from './drill-figures.entities.js';
import { DrillFigures1764500000000 } from './1764500000000-drill-figures.migration.js';

/** The drill-figures read model: its projector, entities, tables and migrations (found by `read-models.ts`). */
export default defineReadModel({
  name: 'drill-figures',
  projection: () => new DrillFiguresProjection(),
  entities: [DrillFigureDrill, DrillFigureEnterprise],
  tables: ['drill_figure_drills', 'drill_figure_enterprises'],
  migrations: [DrillFigures1764500000000],
});
