/**
 * The migrations are the schema (no `synchronize`): after they ran, TypeORM must see no difference
 * between the entities and the database, or entity and migration have drifted apart.
 */
import { testBackends, type TestStore } from '../testing/open-test-store.js';

describe.each(testBackends())('read-model schema after the migrations ($name)', ({ open }) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await open();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('leaves TypeORM nothing to change between the entities and the tables', async () => {
    const sql = await t.dataSource.driver.createSchemaBuilder().log();
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('records the migration as run, once', async () => {
    const rows: { name: string }[] = await t.dataSource.query('SELECT name FROM migrations');
    expect(rows.map((r) => r.name)).toEqual(['InitialSchema1764400000000', 'Accidents1764600000000']);
    expect(await t.dataSource.showMigrations()).toBe(false);
  });

  it('creates the event store tables with the read models (one migration history for the database)', async () => {
    const rows: { table_name: string }[] = await t.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
    );
    // The first migration's tables (see 1764400000000-initial-schema.ts) plus TypeORM's `migrations`.
    expect(rows.map((r) => r.table_name)).toEqual([
      'accident_register',
      'accident_tolls',
      'enterprise_profile',
      'enterprise_profile_hazards',
      'es_events',
      'es_streams',
      'hazard_figure_closures',
      'hazard_figure_deadlines',
      'hazard_figure_hazards',
      'hazard_figure_measures',
      'hazard_ledger',
      'idempotency_keys',
      'migrations',
      'projection_checkpoints',
    ]);
  });
});
