import { defineReadModel } from '../read-model.js';
import { EngineeringFiguresProjection } from './engineering-figures.projection.js';
import { EngineeringElevatorCheck, EngineeringProgress } from './engineering-figures.entities.js';
import { EngineeringFigures1765300000000 } from './1765300000000-engineering-figures.migration.js';

/** The engineering-figures read model: its projector, entities, tables and migrations (found by `read-models.ts`). */
export default defineReadModel({
  name: 'engineering-figures',
  projection: () => new EngineeringFiguresProjection(),
  entities: [EngineeringElevatorCheck, EngineeringProgress],
  tables: ['engineering_elevator_checks', 'engineering_progress'],
  migrations: [EngineeringFigures1765300000000],
});
