import { DataSource, type EntitySchema } from 'typeorm';
import type { Database } from '#database';
import { PgDatabase, pgliteTypeormDriver, pgTypeormDriver, type PgliteDatabase } from '#database';
import { installReadModelVersioning } from './as-of/read-model-versioning.js';
import { ProjectionCheckpoint } from './runner/projection-checkpoint.entity.js';
import { IdempotencyKeyRow } from './idempotency/idempotency-key.entity.js';
import { InitialSchema1764400000000 } from './migrations/1764400000000-initial-schema.js';
import { AsOfSnapshots1766000000000 } from './migrations/1766000000000-as-of-snapshots.js';
import { AuditIndexes1765900000000 } from './migrations/1765900000000-audit-indexes.js';
import { StoreSeals1765800000000 } from './migrations/1765800000000-store-seals.js';
import { ReadModelVersioning1766100000000 } from './migrations/1766100000000-read-model-versioning.js';
import { ParkedEvents1766300000000 } from './migrations/1766300000000-parked-events.js';
import type { MigrationClass } from './read-model.js';
import { migrationTimestamp, READ_MODELS } from './read-models.js';

/**
 * Every read-model entity: the runner's checkpoints and the commands' idempotency keys, then each
 * read model's own (its folder's `*.read-model.ts`).
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const READ_MODEL_ENTITIES: (Function | EntitySchema)[] = [ProjectionCheckpoint, IdempotencyKeyRow, ...READ_MODELS.flatMap((m) => m.entities)];

/**
 * The migrations that are no read model's own: the initial schema (the event store, checkpoints,
 * idempotency keys and the first three read models' tables), the store's seals and audit indexes,
 * the as-of snapshots and row-version history, the parked events.
 */
const CORE_MIGRATIONS: MigrationClass[] = [InitialSchema1764400000000, StoreSeals1765800000000, AuditIndexes1765900000000, AsOfSnapshots1766000000000, ReadModelVersioning1766100000000, ParkedEvents1766300000000];

/** The schema's migrations, the core's and every read model's, in timestamp order (TypeORM's). */
export const MIGRATIONS: MigrationClass[] = [...CORE_MIGRATIONS, ...READ_MODELS.flatMap((m) => m.migrations)].sort((a, b) => migrationTimestamp(a) - migrationTimestamp(b));

/**
 * A TypeORM DataSource over the same database as the event store, on the store's own connections:
 * on PostgreSQL the `PgDatabase`'s pool, lent (`pgTypeormDriver`: one pool per process, sized by
 * `DATABASE_POOL_SIZE`, with the store's type parsers, `application_name` and `search_path`); on PGlite
 * the one shared connection (through `pgliteTypeormDriver`, which keeps a TypeORM transaction
 * exclusive). Schema comes from migrations, never `synchronize`. Destroying the DataSource leaves the
 * pool open: `db.close()` ends it.
 * @param _databaseUrl ignored (the connections are `db`'s); kept so existing callers compile
 * @throws Error when `db` is a PostgreSQL database other than a `PgDatabase` (no pool to share)
 */
export function createReadModelDataSource(db: Database, _databaseUrl?: string): DataSource {
  const common = {
    type: 'postgres' as const,
    entities: READ_MODEL_ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsTransactionMode: 'all' as const,
  };
  if (db.kind === 'pglite') {
    return new DataSource({ ...common, driver: pgliteTypeormDriver(db as PgliteDatabase) });
  }
  if (!(db instanceof PgDatabase)) throw new Error('createReadModelDataSource: a PostgreSQL database must be a PgDatabase (its pool is shared)');
  return new DataSource({ ...common, driver: pgTypeormDriver(db) });
}

/**
 * Initialises the DataSource, runs pending migrations and then (unless `versioning: false`) generates
 * the read models' row-version history ({@link installReadModelVersioning}). On PostgreSQL an advisory
 * lock makes replicas starting together do both once (PGlite has one connection and one process).
 * @param options.versioning false for scratch databases that only replay (as-of replays, the migrated image)
 */
export async function initialiseReadModels(ds: DataSource, kind: Database['kind'], options: { versioning?: boolean } = {}): Promise<void> {
  if (!ds.isInitialized) await ds.initialize();
  const migrate = async () => {
    await ds.runMigrations({ transaction: 'all' });
    if (options.versioning !== false) await installReadModelVersioning(ds);
  };
  if (kind === 'pglite') {
    await migrate();
    return;
  }
  const runner = ds.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock(7283640021)');
    try {
      await migrate();
    } finally {
      await runner.query('SELECT pg_advisory_unlock(7283640021)');
    }
  } finally {
    await runner.release();
  }
}
