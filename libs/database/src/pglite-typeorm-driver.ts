import { EventEmitter } from 'node:events';
import type { PgliteConnection, PgliteDatabase, PgliteRawResult } from './pglite-database.js';

type QueryCallback = (error: Error | null, result?: PgliteRawResult) => void;
type ConnectCallback = (error: Error | null, client?: PgliteTypeormClient, release?: (error?: unknown) => void) => void;

const TRANSACTION_START = /^\s*(BEGIN|START\s+TRANSACTION)\b/i;
const TRANSACTION_END = /^\s*(COMMIT|END|ROLLBACK(?!\s+(WORK\s+|TRANSACTION\s+)?TO\b)|ABORT)\b/i;

/**
 * What TypeORM's postgres driver sees as a pooled `pg` client: `query(sql, params?)` (promise) or
 * `query(sql, callback)`, returning `{ rows, rowCount, command }`, plus `on`/`removeListener` for
 * 'error' | 'notice' | 'notification' (never emitted here).
 */
export class PgliteTypeormClient extends EventEmitter {
  private inTransaction = false;

  constructor(private readonly connection: PgliteConnection) {
    super();
  }

  /** Runs SQL on the held PGlite connection; tracks BEGIN/COMMIT/ROLLBACK so release can clean up. */
  query(sql: string, params?: unknown[] | QueryCallback, callback?: QueryCallback): Promise<PgliteRawResult> {
    if (typeof sql !== 'string') {
      return Promise.reject(new Error('pgliteTypeormDriver: only SQL strings are supported (no query streams)'));
    }
    const cb = typeof params === 'function' ? params : callback;
    const values = Array.isArray(params) ? params : undefined;
    const promise = this.connection.query(sql, values).then((result) => {
      if (TRANSACTION_START.test(sql)) this.inTransaction = true;
      else if (TRANSACTION_END.test(sql)) this.inTransaction = false;
      return result;
    });
    if (cb !== undefined) {
      promise.then(
        (result) => cb(null, result),
        (error: unknown) => cb(error instanceof Error ? error : new Error(String(error))),
      );
    }
    return promise;
  }

  /** Rolls back a transaction TypeORM left open, then hands the connection back. */
  async release(): Promise<void> {
    try {
      if (this.inTransaction) {
        this.inTransaction = false;
        await this.connection.query('ROLLBACK');
      }
    } finally {
      this.connection.release();
    }
  }
}

/** The `Pool` TypeORM constructs with `new driver.Pool(options)`; all connections share one PGlite. */
export interface PgliteTypeormPool extends EventEmitter {
  connect(callback: ConnectCallback): void;
  end(callback?: (error?: Error | null) => void): void;
}

/** The object to pass as `driver` of a TypeORM `postgres` DataSource. */
export interface PgliteTypeormDriver {
  Pool: new (options?: unknown) => PgliteTypeormPool;
}

/**
 * A `pg`-shaped driver for TypeORM 1.1's `postgres` DataSource over a `PgliteDatabase`:
 * `new DataSource({ type: 'postgres', driver: pgliteTypeormDriver(db), ... })`.
 *
 * `pool.connect` takes the database's mutex exclusively until TypeORM releases the client, so a
 * TypeORM transaction (START TRANSACTION … COMMIT) and the event store's appends never interleave on
 * the single PGlite connection. A client released inside an open transaction is rolled back first.
 * Connection options (host, user, …) are ignored; `pool.end` does not close the database (its owner
 * closes it). Query streams are not supported.
 *
 * Because the connection is held until release: inside a TypeORM transaction (or a connected
 * QueryRunner) never await `db.query`/`db.transaction` or the event store on the same PGlite — they
 * wait for the connection that transaction holds, a deadlock. Read first, then open the transaction;
 * and always release QueryRunners you connect yourself.
 */
export function pgliteTypeormDriver(db: PgliteDatabase): PgliteTypeormDriver {
  class Pool extends EventEmitter implements PgliteTypeormPool {
    private ended = false;

    /** TypeORM passes pg pool options (host, user, max, …); they mean nothing for PGlite. */
    constructor(_options?: unknown) {
      super();
    }

    connect(callback: ConnectCallback): void {
      if (this.ended) {
        callback(new Error('pgliteTypeormDriver: pool has ended'));
        return;
      }
      db.connect().then(
        (connection) => {
          const client = new PgliteTypeormClient(connection);
          let released = false;
          const release = () => {
            if (released) return;
            released = true;
            client.release().catch((error: unknown) => this.emit('error', error));
          };
          callback(null, client, release);
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    }

    end(callback?: (error?: Error | null) => void): void {
      this.ended = true;
      callback?.(null);
    }
  }
  return { Pool };
}
