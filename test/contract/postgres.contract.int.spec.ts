import { PostgresEventStore } from '#event-store';
import { eventStoreContract } from './event-store.contract.js';
import { createTestSchema } from './postgres-test-schema.js';

const url = process.env.TEST_DATABASE_URL;

if (url !== undefined && url !== '') {
  eventStoreContract('PostgresEventStore on PostgreSQL (TEST_DATABASE_URL)', async () => {
    const schema = await createTestSchema(url, 'contract');
    const db = schema.open({ poolSize: 4 });
    return {
      store: new PostgresEventStore(db, { pollIntervalMs: 50 }),
      cleanup: async () => {
        await db.close();
        await schema.drop();
      },
    };
  });
} else {
  describe('EventStore contract on PostgreSQL', () => {
    it('is not run here because TEST_DATABASE_URL is not set (CI always sets it)', () => {
      expect(process.env.TEST_DATABASE_URL ?? '').toBe('');
    });
  });
}
