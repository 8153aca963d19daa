export type { Database, SqlExecutor, SqlResult } from './database.port.js';
export { AsyncMutex, currentWorkPriority, runInBackground, type AsyncMutexOptions, type WorkPriority } from './async-mutex.js';
export { PgDatabase, pgTypeParsers, type PgDatabaseOptions } from './pg-database.js';
export {
  PgliteDatabase,
  type PgliteConnection,
  type PgliteDatabaseOptions,
  type PgliteRawResult,
} from './pglite-database.js';
export {
  pgliteTypeormDriver,
  PgliteTypeormClient,
  type PgliteTypeormDriver,
  type PgliteTypeormPool,
} from './pglite-typeorm-driver.js';
export { assertTestDatabase, createDatabase, type DatabaseConfig } from './create-database.js';
export { pgTypeormDriver, type LentPool, type PgTypeormDriver } from './pg-typeorm-driver.js';
export { DataDirInUseError, OWNER_FILE } from './data-dir-owner.js';
