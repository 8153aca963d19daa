/**
 * The migrations are the schema (no `synchronize`): after they ran, TypeORM must see no difference
 * between the entities and the database, or entity and migration have drifted apart.
 */
import { MIGRATIONS } from '../data-source.js';
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

  it('records every migration as run, once, in order', async () => {
    const rows: { name: string }[] = await t.dataSource.query('SELECT name FROM migrations ORDER BY id');
    expect(rows.map((r) => r.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(rows[0]!.name).toBe('InitialSchema1764400000000');
    expect(await t.dataSource.showMigrations()).toBe(false);
  });

  it('creates the event store tables with every read model (one migration history for the database)', async () => {
    const rows: { table_name: string }[] = await t.dataSource.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`,
    );
    const tables = rows.map((r) => r.table_name);
    // The store's own tables and TypeORM's history, then one table per read-model entity.
    expect(tables).toEqual(expect.arrayContaining(['es_events', 'es_streams', 'migrations', 'projection_checkpoints']));
    const entityTables = t.dataSource.entityMetadatas.map((m) => m.tableName);
    expect(entityTables.length).toBeGreaterThanOrEqual(9);
    expect(tables).toEqual(expect.arrayContaining(entityTables));
    // Nothing else: every table is the store's (events, streams, seals), TypeORM's, an entity's, the
    // reporters' wrapped keys (kept out of the entities on purpose: a read-model rebuild or truncation must
    // never shred identities), the as-of snapshots of the read models (a snapshot is not a read model),
    // or the row-version history: its registry and one `<table>__versions` per entity table but the
    // checkpoints and idempotency keys (not figures), and the parked events (operational, not figures).
    const histories = entityTables.filter((name) => !['projection_checkpoints', 'idempotency_keys'].includes(name)).map((name) => `${name}__versions`);
    expect(histories.length).toBe(entityTables.length - 2);
    expect(tables.filter((name) => !entityTables.includes(name)).sort()).toEqual(
      ['es_events', 'es_seals', 'es_streams', 'migrations', 'read_model_snapshot_rows', 'read_model_snapshots', 'read_model_versioning', 'reporter_keys', 'projection_parked_events', ...histories].sort(),
    );
  });
});
