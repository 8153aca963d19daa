/**
 * A fresh PostgreSQL schema per test file, in a database whose name must contain `test`.
 */
import { randomBytes } from 'node:crypto';
import { assertTestDatabase, PgDatabase, type PgDatabaseOptions } from '#database';
import { ensureEventStoreSchema } from '#event-store';

/** A private schema holding the event store tables; `open` makes pools whose search_path is it. */
export interface TestSchema {
  name: string;
  /** A new `PgDatabase` (own pool) on the schema; the caller closes it. */
  open(options?: Omit<PgDatabaseOptions, 'searchPath'>): PgDatabase;
  /** Drops the schema (CASCADE) and closes the admin pool. */
  drop(): Promise<void>;
}

/**
 * Creates `zhiben_test_<random>` with the event store schema in it.
 * @throws Error (from `assertTestDatabase`) when the URL's database name lacks `test`
 */
export async function createTestSchema(url: string, label: string): Promise<TestSchema> {
  assertTestDatabase(url);
  const name = `zhiben_test_${label}_${randomBytes(4).toString('hex')}`;
  const admin = new PgDatabase(url, { poolSize: 1 });
  await admin.query(`CREATE SCHEMA ${name}`);
  const open = (options: Omit<PgDatabaseOptions, 'searchPath'> = {}) => new PgDatabase(url, { ...options, searchPath: name });
  const setup = open({ poolSize: 1 });
  try {
    await ensureEventStoreSchema(setup);
  } finally {
    await setup.close();
  }
  return {
    name,
    open,
    drop: async () => {
      try {
        await admin.query(`DROP SCHEMA IF EXISTS ${name} CASCADE`);
      } finally {
        await admin.close();
      }
    },
  };
}
