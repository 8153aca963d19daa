import { AsyncLocalStorage } from 'node:async_hooks';
import { PGlite, types, type Results } from '@electric-sql/pglite';
import { AsyncMutex } from './async-mutex.js';
import { claimDataDir, isOnDisk } from './data-dir-owner.js';
import type { Database, SqlExecutor, SqlResult } from './database.port.js';

/**
 * Parsers that make PGlite answer like `pg` (see `database.port.ts`): int8 and numeric as strings
 * (PGlite would give `number`, or `bigint` past 2^53), date as 'YYYY-MM-DD' (PGlite would give a
 * `Date` at UTC midnight). Array types (`int8[]`, `date[]`) reuse these element parsers.
 */
const parsers = {
  [types.INT8]: (value: string) => value,
  [types.NUMERIC]: (value: string) => value,
  [types.DATE]: (value: string) => value,
};

/** A statement's raw PGlite result, as TypeORM's postgres driver reads it (`rows`, `rowCount`, `command`). */
export interface PgliteRawResult {
  rows: Record<string, unknown>[];
  rowCount: number;
  command: string | undefined;
  fields: { name: string; dataTypeID: number }[];
}

/**
 * The single PGlite connection, held exclusively until `release()` (see `PgliteDatabase.connect`).
 */
export interface PgliteConnection {
  /**
   * Runs SQL on the held connection. With parameters: one statement (extended protocol). Without:
   * the simple protocol, so several `;`-separated statements may run; the last one's result is returned.
   * @throws Error when called after `release()`; PGlite's `DatabaseError` (`code` = SQLSTATE) on SQL errors
   */
  query(sql: string, params?: unknown[]): Promise<PgliteRawResult>;
  /** Gives the connection back; calling it again is harmless. */
  release(): void;
}

/** Options of a `PgliteDatabase`. */
export interface PgliteDatabaseOptions {
  /** Directory of the database files; in memory when absent. */
  dataDir?: string;
  /** Start from this data directory (a tarball made by {@link PgliteDatabase.dumpDataDir}) instead of an empty cluster. */
  loadDataDir?: Blob;
}

function toRaw(result: Results | undefined): PgliteRawResult {
  if (result === undefined) return { rows: [], rowCount: 0, command: undefined, fields: [] };
  return {
    rows: result.rows as Record<string, unknown>[],
    rowCount: result.rowCount ?? result.affectedRows ?? result.rows.length,
    command: result.command,
    fields: result.fields,
  };
}

/**
 * `Database` over one embedded PGlite instance (PostgreSQL in WASM; embedded mode).
 *
 * PGlite is a single connection, so an `AsyncMutex` guards it: `query` holds it for one statement,
 * `transaction` for BEGIN…COMMIT/ROLLBACK, `connect` (used by `pgliteTypeormDriver`) until release.
 * Nothing can interleave inside another caller's transaction. Consequence: `db.query`, `db.transaction`
 * or `db.connect` called from inside `db.transaction(work)` could never run before `work` ends; they
 * throw at once instead of deadlocking (use the executor handed to `work`).
 */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  private readonly pglite: PGlite;
  private readonly mutex = new AsyncMutex();
  /** Marks the async context of a running `transaction(work)`, to refuse re-entry instead of hanging. */
  private readonly insideTransaction = new AsyncLocalStorage<{ active: boolean }>();
  /** Gives up this process's claim on an on-disk data directory (a no-op in memory). */
  private readonly releaseDataDir: () => void;

  /**
   * @throws DataDirInUseError when `options.dataDir` is on disk and a running process (the api, a
   *   worker, a command, or another instance here) has it open: two would destroy it
   */
  constructor(options: PgliteDatabaseOptions = {}) {
    this.releaseDataDir = isOnDisk(options.dataDir) ? claimDataDir(options.dataDir) : () => undefined;
    try {
      this.pglite = new PGlite({ dataDir: options.dataDir, parsers, ...(options.loadDataDir && { loadDataDir: options.loadDataDir }) });
    } catch (error) {
      this.releaseDataDir();
      throw error;
    }
  }

  /** Resolves once PGlite has started (queries also wait for it). Rejects when it cannot start. */
  async ready(): Promise<void> {
    await this.pglite.waitReady;
  }

  /**
   * Takes the single connection exclusively until the returned connection is released: no `query`,
   * `transaction` or other `connect` runs in between.
   * @throws Error when called from inside `transaction(work)` of this database (it would deadlock)
   */
  async connect(): Promise<PgliteConnection> {
    if (this.insideTransaction.getStore()?.active === true) {
      throw new Error(
        'PGlite is held by the transaction this call is made from: use the transaction executor (this call would deadlock)',
      );
    }
    const release = await this.mutex.acquire();
    let held = true;
    return {
      query: async (sql, params) => {
        if (!held) throw new Error('PGlite connection used after release');
        return this.run(sql, params);
      },
      release: () => {
        held = false;
        release();
      },
    };
  }

  /** Runs one statement while holding the connection. Rejects with PGlite's `DatabaseError` (`code` = SQLSTATE). */
  async query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<SqlResult<Row>> {
    const connection = await this.connect();
    try {
      const result = await connection.query(sql, params);
      return { rows: result.rows as Row[], rowCount: result.rowCount };
    } finally {
      connection.release();
    }
  }

  /**
   * Runs `work` in one transaction holding the connection throughout: COMMIT when it resolves,
   * ROLLBACK when it throws (the error is rethrown). The executor must not be used after `work` settles.
   * @throws Error when called from inside another `transaction(work)` of this database (it would deadlock)
   */
  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const connection = await this.connect();
    const tx: SqlExecutor = {
      query: async <Row = Record<string, unknown>>(sql: string, params?: unknown[]) => {
        const result = await connection.query(sql, params);
        return { rows: result.rows as Row[], rowCount: result.rowCount };
      },
    };
    const marker = { active: true };
    try {
      await connection.query('BEGIN');
      try {
        const value = await this.insideTransaction.run(marker, () => work(tx));
        await connection.query('COMMIT');
        return value;
      } catch (error) {
        await connection.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } finally {
      marker.active = false;
      connection.release();
    }
  }

  /**
   * The whole data directory as an uncompressed tarball, taken while holding the connection (no
   * statement or transaction in flight): start a copy with `new PgliteDatabase({ loadDataDir })`.
   */
  async dumpDataDir(): Promise<Blob> {
    const release = await this.mutex.acquire();
    try {
      return await this.pglite.dumpDataDir('none');
    } finally {
      release();
    }
  }

  /** Waits for the current holder of the connection, then closes PGlite (flushing `dataDir`). */
  async close(): Promise<void> {
    const release = await this.mutex.acquire();
    try {
      if (!this.pglite.closed) await this.pglite.close();
    } finally {
      release();
      this.releaseDataDir();
    }
  }

  private async run(sql: string, params?: unknown[]): Promise<PgliteRawResult> {
    if (params !== undefined && params.length > 0) {
      return toRaw(await this.pglite.query(sql, params));
    }
    const results = await this.pglite.exec(sql);
    return toRaw(results[results.length - 1]);
  }
}
