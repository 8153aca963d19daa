import { PgliteDatabase } from '#database';
import { ensureEventStoreSchema, PostgresEventStore } from '#event-store';
import { eventStoreContract } from './event-store.contract.js';

eventStoreContract('PostgresEventStore on in-memory PGlite', async () => {
  const db = new PgliteDatabase();
  await ensureEventStoreSchema(db);
  return { store: new PostgresEventStore(db, { pollIntervalMs: 50 }), cleanup: () => db.close() };
});
