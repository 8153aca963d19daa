import { defineReadModel } from '../read-model.js';
import { HazardFiguresProjection } from './hazard-figures.projection.js';
import { HazardFigureClosure, HazardFigureDeadline, HazardFigureHazard, HazardFigureMeasure, HazardFigureTally } from './hazard-figures.entities.js';
import { HazardFigureTallies1766510000000 } from './1766510000000-hazard-figure-tallies.migration.js';

/** The hazard-figures read model: its projector, entities, tables and migrations (found by `read-models.ts`). */
export default defineReadModel({
  name: 'hazard-figures',
  projection: () => new HazardFiguresProjection(),
  entities: [HazardFigureClosure, HazardFigureDeadline, HazardFigureHazard, HazardFigureMeasure, HazardFigureTally],
  tables: ['hazard_figure_hazards', 'hazard_figure_closures', 'hazard_figure_deadlines', 'hazard_figure_measures', 'hazard_figure_tallies'],
  migrations: [HazardFigureTallies1766510000000],
});
