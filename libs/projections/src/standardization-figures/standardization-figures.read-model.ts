import { defineReadModel } from '../read-model.js';
import { StandardizationFiguresProjection } from './standardization-figures.projection.js';
import { StandardizationFigureEnterprise, StandardizationFigureGrade } from './standardization-figures.entities.js';
import { StandardizationFigures1764800000000 } from './1764800000000-standardization-figures.migration.js';

/** The standardization-figures read model: its projector, entities, tables and migrations (found by `read-models.ts`). */
export default defineReadModel({
  name: 'standardization-figures',
  projection: () => new StandardizationFiguresProjection(),
  entities: [StandardizationFigureEnterprise, StandardizationFigureGrade],
  tables: ['standardization_figure_enterprises', 'standardization_figure_grades'],
  migrations: [StandardizationFigures1764800000000],
});
