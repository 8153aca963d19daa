import { defineReadModel } from '../read-model.js';
import { TrainingFiguresProjection } from './training-figures.projection.js';
import { TrainingFigureCertificate, TrainingFigureEnterprise, TrainingFigureTraining } from './training-figures.entities.js';
import { TrainingFigures1764700000000 } from './1764700000000-training-figures.migration.js';

/** The training-figures read model: its projector, entities, tables and migrations (found by `read-models.ts`). */
export default defineReadModel({
  name: 'training-figures',
  projection: () => new TrainingFiguresProjection(),
  entities: [TrainingFigureCertificate, TrainingFigureEnterprise, TrainingFigureTraining],
  tables: ['training_figure_trainings', 'training_figure_certificates', 'training_figure_enterprises'],
  migrations: [TrainingFigures1764700000000],
});
