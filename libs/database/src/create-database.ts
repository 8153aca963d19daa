import { PgDatabase, type PgDatabaseOptions } from './pg-database.js';
import { PgliteDatabase } from './pglite-database.js';

/** Where the data lives: a PostgreSQL server (`databaseUrl`) or embedded PGlite (`dataDir`, or memory). */
export interface DatabaseConfig {
  /** e.g. `postgres://user@host:5432/zhiben`; when set, the server is used and `dataDir` ignored. */
  databaseUrl?: string;
  /** PGlite data directory; in memory when neither this nor `databaseUrl` is set. */
  dataDir?: string;
  /** Pool options for the server mode. */
  pg?: PgDatabaseOptions;
  /**
   * In memory only (`dataDir` absent or `memory://`): start PGlite from this data directory (a tarball
   * from `PgliteDatabase.dumpDataDir`, e.g. a migrated empty schema) instead of an empty cluster.
   */
  pgliteImage?: Blob;
}

/**
 * Opens the configured database: a `PgDatabase` when `databaseUrl` is given, else a `PgliteDatabase`.
 * The pool connects on the first statement; PGlite starts at once in the background (statements wait
 * for it; `PgliteDatabase.ready()` surfaces start-up errors). The caller owns the result and closes it.
 * @throws Error when `pgliteImage` is given with an on-disk `dataDir`
 */
export function createDatabase(config: DatabaseConfig): PgDatabase | PgliteDatabase {
  if (config.databaseUrl !== undefined && config.databaseUrl !== '') {
    return new PgDatabase(config.databaseUrl, config.pg);
  }
  const inMemory = config.dataDir === undefined || config.dataDir.startsWith('memory://');
  if (config.pgliteImage !== undefined && !inMemory) throw new Error('createDatabase: a PGlite image can only start an in-memory database (dataDir memory://)');
  return new PgliteDatabase({ dataDir: config.dataDir, ...(config.pgliteImage && { loadDataDir: config.pgliteImage }) });
}

/**
 * Refuses to let a test touch a database that is not a test database.
 * @param url a PostgreSQL connection URL, e.g. `postgres://postgres@127.0.0.1:5432/zhiben_test`
 * @returns the database name
 * @throws Error when the URL cannot be parsed or its database name does not contain `test`
 */
export function assertTestDatabase(url: string): string {
  let name: string;
  try {
    name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  } catch {
    throw new Error('refusing to run tests: the database URL cannot be parsed');
  }
  if (!name.toLowerCase().includes('test')) {
    throw new Error(`refusing to run tests against database "${name}": its name does not contain "test"`);
  }
  return name;
}
