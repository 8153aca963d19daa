import { defineReadModel } from '../read-model.js';
import { PublicityFiguresProjection } from './publicity-figures.projection.js';
import { PublicityFigureHall, PublicityFigureLecture, PublicityFigureSite } from './publicity-figures.entities.js';
import { PublicityFigures1765200000000 } from './1765200000000-publicity-figures.migration.js';

/** The publicity-figures read model: its projector, entities, tables and migrations (found by `read-models.ts`). */
export default defineReadModel({
  name: 'publicity-figures',
  projection: () => new PublicityFiguresProjection(),
  entities: [PublicityFigureHall, PublicityFigureLecture, PublicityFigureSite],
  tables: ['publicity_figure_lectures', 'publicity_figure_sites', 'publicity_figure_halls'],
  migrations: [PublicityFigures1765200000000],
});
