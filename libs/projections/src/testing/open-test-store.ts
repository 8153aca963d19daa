/**
 * Test fixture for `*.int.spec.ts`: the event store and the migrated read models over one database —
 * in-memory PGlite always, and a fresh PostgreSQL database per file when `TEST_DATABASE_URL` is set
 * (STYLE 10: a suite refuses any database whose name lacks `test`).
 *
 *   describe.each(testBackends())('… ($name)', ({ open }) => {
 *     let t: TestStore;
 *     beforeAll(async () => { t = await open(); });
 *     afterAll(() => t.close());
 *   });
 *
 * Not exported from the library's index: only tests import it.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { assertTestDatabase, createDatabase, PgDatabase, type Database } from '#database';
import { PostgresEventStore } from '#event-store';
import { createReadModelDataSource, initialiseReadModels } from '../data-source.js';
import { migratedDatabaseImage } from './migrated-image.js';
import { createMigratedTestDatabase } from './migrated-template.js';

/** An open store and its read models; `close` releases everything (and drops a PostgreSQL database). */
export interface TestStore {
  kind: Database['kind'];
  db: Database;
  store: PostgresEventStore;
  dataSource: DataSource;
  /** The PostgreSQL URL of the fresh database (undefined on PGlite). */
  url: string | undefined;
  /** Empties the event store and every read model and resets the checkpoints (between scenarios). */
  truncateAll(): Promise<void>;
  close(): Promise<void>;
}

/** A backend a suite runs on: its name (for test titles) and how to open a fresh store on it. */
export interface TestBackend {
  name: 'pglite' | 'postgres';
  open(): Promise<TestStore>;
}

/** Read-model tables and the store's tables (not the migrations table: the schema stays). */
/** The store's tables; the read models' are every entity's table (so a new read model is cleared too). */
const STORE_TABLES = ['es_events', 'es_streams'];

/** PGlite always; PostgreSQL as well when `TEST_DATABASE_URL` is set. */
export function testBackends(): TestBackend[] {
  const backends: TestBackend[] = [{ name: 'pglite', open: () => openTestStore() }];
  const url = process.env['TEST_DATABASE_URL'];
  if (url !== undefined && url !== '') backends.push({ name: 'postgres', open: () => openTestStore(url) });
  return backends;
}

/** The PostgreSQL backend alone, when `TEST_DATABASE_URL` is set (for tests that need real concurrency). */
export function postgresBackend(): TestBackend | undefined {
  return testBackends().find((b) => b.name === 'postgres');
}

/**
 * Opens a store over in-memory PGlite started from the migrated image (migrated-image.ts), or, given
 * `adminUrl`, over a new database `zhiben_proj_test_<random>` copied on that server from the migrated
 * template (migrated-template.ts; dropped again by `close`).
 * @throws Error when `adminUrl`'s database name lacks `test`
 */
export async function openTestStore(adminUrl?: string): Promise<TestStore> {
  if (adminUrl === undefined) {
    const db = createDatabase({ dataDir: 'memory://', pgliteImage: await migratedDatabaseImage() });
    return finish(db, undefined, async () => undefined);
  }
  assertTestDatabase(adminUrl);
  const name = `zhiben_proj_test_${randomBytes(5).toString('hex')}`;
  // A copy of the migrated template: the migrations below then find nothing to do.
  const dbUrl = await createMigratedTestDatabase(adminUrl, name);
  const db = new PgDatabase(dbUrl, { poolSize: 4, applicationName: 'zhiben-proj-test' });
  return finish(db, dbUrl, () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

async function finish(db: Database, url: string | undefined, drop: () => Promise<void>): Promise<TestStore> {
  const dataSource = createReadModelDataSource(db, url);
  try {
    await initialiseReadModels(dataSource, db.kind);
  } catch (error) {
    await db.close().catch(() => undefined);
    await drop().catch(() => undefined);
    throw error;
  }
  const store = new PostgresEventStore(db, { pollIntervalMs: 50 });
  return {
    kind: db.kind,
    db,
    store,
    dataSource,
    url,
    truncateAll: async () => {
      await dataSource.query(`TRUNCATE ${[...STORE_TABLES, ...dataSource.entityMetadatas.map((m) => m.tableName)].join(', ')}`);
    },
    close: async () => {
      try {
        if (dataSource.isInitialized) await dataSource.destroy();
        await db.close();
      } finally {
        await drop();
      }
    },
  };
}

/** Runs one statement on the server's admin database (CREATE / DROP DATABASE cannot run in a pool's transaction). */
async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
