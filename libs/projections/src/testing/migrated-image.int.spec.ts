import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { createDatabase, PgDatabase, type Database } from '#database';
import { createReadModelDataSource, initialiseReadModels, MIGRATIONS } from '../data-source.js';
import { migratedDatabaseImage } from './migrated-image.js';
import { createMigratedTestDatabase } from './migrated-template.js';

/** Every column of the public schemas (tables and views), and the versioning's fingerprints. */
async function schemaOf(db: Database): Promise<{ columns: string[]; versioning: string[]; migrations: string[] }> {
  const columns = await db.query<{ c: string }>(
    `SELECT table_schema || '.' || table_name || '.' || column_name || ' ' || data_type AS c FROM information_schema.columns
      WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
  );
  const versioning = await db.query<{ v: string }>(`SELECT table_name || ' ' || started_at AS v FROM read_model_versioning ORDER BY 1`);
  const migrations = await db.query<{ name: string }>('SELECT name FROM migrations ORDER BY id');
  return { columns: columns.rows.map((r) => r.c), versioning: versioning.rows.map((r) => r.v), migrations: migrations.rows.map((r) => r.name) };
}

type Schema = Awaited<ReturnType<typeof schemaOf>>;

/**
 * Reads `db`'s schema as it was handed over (`before`), then opens its read models as the app does
 * (migrations, then versioning) and reads it again (`after`).
 */
async function initialiseAndRead(db: Database): Promise<{ before: Schema | null; after: Schema }> {
  const ds = createReadModelDataSource(db);
  try {
    const hasMigrations = (await db.query<{ t: string | null }>(`SELECT to_regclass('migrations')::text AS t`)).rows[0]!.t !== null;
    const before = hasMigrations ? await schemaOf(db) : null;
    await initialiseReadModels(ds, db.kind);
    return { before, after: await schemaOf(db) };
  } finally {
    await ds.destroy();
    await db.close();
  }
}

describe('tests start from a migrated image of the schema', () => {
  it('PGlite: an instance started from the image has the schema that initdb and every migration give', async () => {
    const fresh = await initialiseAndRead(createDatabase({ dataDir: 'memory://' }));
    const copy = await initialiseAndRead(createDatabase({ dataDir: 'memory://', pgliteImage: await migratedDatabaseImage() }));
    expect(fresh.before).toBeNull();
    expect(fresh.after.columns.length).toBeGreaterThan(300);
    expect(fresh.after.migrations).toEqual(MIGRATIONS.map((m) => m.name));
    // The image holds the whole schema before the app touches it, and opening it changes nothing.
    expect(copy.before).toEqual(fresh.after);
    expect(copy.after).toEqual(fresh.after);
  }, 240_000);

  it('refuses an image for an on-disk data directory', () => {
    expect(() => createDatabase({ dataDir: '/tmp/zhiben-not-created', pgliteImage: new Blob([]) })).toThrow(/in-memory/);
  });

  const base = process.env['TEST_DATABASE_URL'];
  if (!base) {
    it('PostgreSQL: is not run here because TEST_DATABASE_URL is not set (CI always sets it)', () => {
      expect(base ?? '').toBe('');
    });
    return;
  }
  it('PostgreSQL: a copy of the template has the schema every migration gives on an empty database', async () => {
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    const names = [`zhiben_img_test_${randomBytes(4).toString('hex')}`, `zhiben_img_test_${randomBytes(4).toString('hex')}`];
    try {
      await admin.query(`CREATE DATABASE ${names[0]}`);
      const url = new URL(base);
      url.pathname = `/${names[0]}`;
      const fresh = await initialiseAndRead(new PgDatabase(url.toString(), { poolSize: 2 }));
      const copy = await initialiseAndRead(new PgDatabase(await createMigratedTestDatabase(base, names[1]!), { poolSize: 2 }));
      expect(fresh.before).toBeNull();
      expect(fresh.after.migrations).toEqual(MIGRATIONS.map((m) => m.name));
      expect(copy.before).toEqual(fresh.after);
      expect(copy.after).toEqual(fresh.after);
    } finally {
      for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  }, 240_000);
});
