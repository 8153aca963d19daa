import { defineReadModel } from '../read-model.js';
import { EnforcementFiguresProjection } from './enforcement-figures.projection.js';
import { EnforcementFigureAction, EnforcementFigureInspection } from './enforcement-figures.entities.js';
import { EnforcementFigures1764900000000 } from './1764900000000-enforcement-figures.migration.js';

/** The enforcement-figures read model: its projector, entities, tables and migrations (found by `read-models.ts`). */
export default defineReadModel({
  name: 'enforcement-figures',
  projection: () => new EnforcementFiguresProjection(),
  entities: [EnforcementFigureAction, EnforcementFigureInspection],
  tables: ['enforcement_figure_inspections', 'enforcement_figure_actions'],
  migrations: [EnforcementFigures1764900000000],
});
