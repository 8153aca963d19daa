import { defineReadModel } from '../read-model.js';
import { HazardLedgerProjection } from './hazard-ledger.projection.js';
import { HazardLedgerRow } from './hazard-ledger.entity.js';
import { HazardLedgerPages1766500000000 } from './1766500000000-hazard-ledger-pages.migration.js';

/** The hazard-ledger read model: its projector, entities, tables and migrations (found by `read-models.ts`). */
export default defineReadModel({
  name: 'hazard-ledger',
  projection: () => new HazardLedgerProjection(),
  entities: [HazardLedgerRow],
  tables: ['hazard_ledger'],
  migrations: [HazardLedgerPages1766500000000],
});
