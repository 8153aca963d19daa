import { defineReadModel } from '../read-model.js';
import { AccidentRegisterProjection } from './accident-register.projection.js';
import { AccidentRegisterRow, AccidentTollRow } from './accident-register.entities.js';
import { Accidents1764600000000 } from './1764600000000-accidents.migration.js';

/** The accident-register read model: its projector, entities, tables and migrations (found by `read-models.ts`). */
export default defineReadModel({
  name: 'accident-register',
  projection: () => new AccidentRegisterProjection(),
  entities: [AccidentRegisterRow, AccidentTollRow],
  tables: ['accident_register', 'accident_tolls'],
  migrations: [Accidents1764600000000],
});
