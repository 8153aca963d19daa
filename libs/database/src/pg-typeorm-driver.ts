import type pg from 'pg';
import type { PgDatabase } from './pg-database.js';

/** The part of a `pg.Pool` TypeORM's PostgreSQL driver uses: `connect`, `on('error')` and `end`. */
export interface LentPool {
  connect(callback: (error: Error | undefined, client: pg.PoolClient | undefined, release: (error?: Error | boolean) => void) => void): void;
  on(event: string, listener: (...args: unknown[]) => void): LentPool;
  end(callback?: (error?: Error) => void): Promise<void>;
}

/** What TypeORM's `driver` option takes for PostgreSQL: a `pg`-like module with a `Pool` constructor. */
export interface PgTypeormDriver {
  Pool: new (options?: unknown) => LentPool;
}

/**
 * A `pg` stand-in for TypeORM (`new DataSource({ type: 'postgres', driver: pgTypeormDriver(db) })`) whose
 * `Pool` is `db`'s own pool, lent: the read models and the event store then draw on ONE pool, so a
 * process holds at most `db`'s pool size of connections (README "Connections"). TypeORM's pool options
 * (url, poolSize, applicationName, extra) are ignored: the connections are `db`'s, with its type parsers,
 * `application_name` and `search_path`. Ending the lent pool (`DataSource.destroy()`) ends nothing:
 * `db.close()` ends the pool. Pool errors are `db`'s to handle (its `onPoolError`).
 *
 * As on PGlite (one shared connection), a caller must not wait for a second connection while holding
 * one; with several waiting at once the pool would run dry.
 */
export function pgTypeormDriver(db: PgDatabase): PgTypeormDriver {
  const pool = db.pool;
  const lent: LentPool = {
    connect: (callback) => {
      pool.connect((error, client, release) => callback(error ?? undefined, client, release));
    },
    on: () => lent,
    end: (callback) => {
      callback?.();
      return Promise.resolve();
    },
  };
  return {
    Pool: function LentPoolOf() {
      return lent;
    } as unknown as PgTypeormDriver['Pool'],
  };
}
