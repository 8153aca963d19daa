import { defineReadModel } from '../read-model.js';
import { RescueFiguresProjection } from './rescue-figures.projection.js';
import { RescueFigureDistribution, RescueFigureTeam } from './rescue-figures.entities.js';
import { RescueFigures1765100000000 } from './1765100000000-rescue-figures.migration.js';

/** The rescue-figures read model: its projector, entities, tables and migrations (found by `read-models.ts`). */
export default defineReadModel({
  name: 'rescue-figures',
  projection: () => new RescueFiguresProjection(),
  entities: [RescueFigureDistribution, RescueFigureTeam],
  tables: ['rescue_figure_teams', 'rescue_figure_distributions'],
  migrations: [RescueFigures1765100000000],
});
