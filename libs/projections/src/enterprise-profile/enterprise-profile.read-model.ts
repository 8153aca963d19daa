import { defineReadModel } from '../read-model.js';
import { EnterpriseProfileProjection } from './enterprise-profile.projection.js';
import { EnterpriseProfileHazard, EnterpriseProfileRow } from './enterprise-profile.entity.js';

/** The enterprise-profile read model: its projector, entities, tables and migrations (found by `read-models.ts`). */
export default defineReadModel({
  name: 'enterprise-profile',
  projection: () => new EnterpriseProfileProjection(),
  entities: [EnterpriseProfileHazard, EnterpriseProfileRow],
  tables: ['enterprise_profile', 'enterprise_profile_hazards'],
  migrations: [],
});
