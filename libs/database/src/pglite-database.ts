import { AsyncLocalStorage } from 'node:async_hooks';
import { PGlite, parse, protocol, types, type Results } from '@electric-sql/pglite';
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
  /**
   * Longest background work (`runInBackground`: the in-process projection runner) waits for the
   * connection while requests' statements keep it busy, in ms (default 100; see `AsyncMutex`).
   */
  backgroundMaxWaitMs?: number;
}

/** Most prepared statements kept per instance (least recently used ones are closed first). */
const STATEMENT_CACHE_SIZE = 256;

/**
 * SQL run without parameters that may change what a prepared statement would answer (its result
 * type: DDL) or drop prepared statements (DISCARD, DEALLOCATE): the statement cache is emptied after it.
 */
const INVALIDATES_STATEMENTS = /\b(CREATE|ALTER|DROP|DISCARD|DEALLOCATE|COMMENT)\b/i;

/** SQLSTATE 0A000 with this message: a prepared statement's result columns changed under it (DDL elsewhere). */
const RESULT_TYPE_CHANGED = /cached plan must not change result type/;

/** A statement parsed once and kept by name, with the parameter types the server inferred for it. */
interface PreparedStatement {
  name: string;
  paramTypes: number[];
}

function concatMessages(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
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
 *
 * Waiters are served foreground first: work started inside `runInBackground` (the in-process
 * projection runner) gets the connection when no request's statement waits, or once it has waited
 * `backgroundMaxWaitMs` (100 ms), so a command waits for at most the one batch transaction in
 * progress, never for a whole catch-up. PGlite runs statements on this thread: every few ms of
 * statements the event loop is let through to accept connections and read requests (`AsyncMutex`).
 *
 * Statements with parameters run as named prepared statements kept per SQL text (see `runPrepared`):
 * one call into PGlite each instead of `PGlite.query`'s six, and no parsing after the first run.
 */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite' as const;
  private readonly pglite: PGlite;
  private readonly mutex: AsyncMutex;
  /** Marks the async context of a running `transaction(work)`, to refuse re-entry instead of hanging. */
  private readonly insideTransaction = new AsyncLocalStorage<{ active: boolean }>();
  /** Gives up this process's claim on an on-disk data directory (a no-op in memory). */
  private readonly releaseDataDir: () => void;
  /** Prepared statements by SQL text, least recently used first (see `runPrepared`). */
  private readonly statements = new Map<string, PreparedStatement>();
  /** Names of statements evicted from the cache, closed with the next message sent. */
  private closing: string[] = [];
  private statementCounter = 0;
  private started = false;

  /**
   * @throws RangeError for a negative `backgroundMaxWaitMs`
   * @throws DataDirInUseError when `options.dataDir` is on disk and a running process (the api, a
   *   worker, a command, or another instance here) has it open: two would destroy it
   */
  constructor(options: PgliteDatabaseOptions = {}) {
    this.mutex = new AsyncMutex({ backgroundMaxWaitMs: options.backgroundMaxWaitMs });
    this.releaseDataDir = isOnDisk(options.dataDir) ? claimDataDir(options.dataDir) : () => undefined;
    try {
      this.pglite = new PGlite({ dataDir: options.dataDir, parsers, ...(options.loadDataDir && { loadDataDir: options.loadDataDir }) });
    } catch (error) {
      this.releaseDataDir();
      throw error;
    }
  }

  /**
   * The connection's queue now: waiters of each priority, and grants so far (diagnostics and tests;
   * see `runInBackground`).
   */
  get connectionStats(): { waitingForeground: number; waitingBackground: number; servedForeground: number; servedBackground: number } {
    return this.mutex.stats;
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
        // A long transaction (a projection batch) lets the event loop read requests now and then.
        if (this.mutex.shouldYield) await this.mutex.yieldToEventLoop();
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
    if (!this.started) {
      await this.pglite.waitReady;
      this.started = true;
    }
    if (params !== undefined && params.length > 0) return this.runPrepared(sql, params);
    // The simple protocol (several `;`-separated statements allowed), in one call into PGlite.
    try {
      const { messages } = await this.pglite.execProtocol(protocol.serialize.query(sql));
      const results = parse.parseResults(messages, this.pglite.parsers);
      return toRaw(results[results.length - 1]);
    } finally {
      if (INVALIDATES_STATEMENTS.test(sql)) this.forgetStatements();
    }
  }

  /**
   * One parameterised statement through the extended protocol, as a named prepared statement kept
   * by its SQL text: the first run parses it and reads the parameter types the server infers
   * (values are serialised by those types, as `PGlite.query` does); every later run is one call into
   * PGlite (Bind, Describe, Execute, Sync) instead of `PGlite.query`'s six, and skips parsing.
   * Plans are PostgreSQL's plan cache's (replanned after DDL; see `forgetStatements`).
   */
  private async runPrepared(sql: string, params: unknown[], retried = false): Promise<PgliteRawResult> {
    const { serialize } = protocol;
    let statement = this.statements.get(sql);
    if (statement !== undefined) {
      this.statements.delete(sql); // re-inserted below: most recently used last
    } else {
      const name = `zhiben_${++this.statementCounter}`;
      const head = this.takeCloses();
      try {
        const { messages } = await this.pglite.execProtocol(
          concatMessages([...head, serialize.parse({ name, text: sql }), serialize.describe({ type: 'S', name })]),
          { syncToFs: false },
        );
        statement = { name, paramTypes: parse.parseDescribeStatementResults(messages) };
      } catch (error) {
        // The backend skips everything up to the next Sync after an error.
        await this.pglite.execProtocol(serialize.sync(), { throwOnError: false }).catch(() => undefined);
        throw error;
      }
    }
    this.statements.set(sql, statement);
    if (this.statements.size > STATEMENT_CACHE_SIZE) {
      const [oldest, evicted] = this.statements.entries().next().value as [string, PreparedStatement];
      this.statements.delete(oldest);
      this.closing.push(evicted.name);
    }
    const values = params.map((param, i) => {
      if (param === null || param === undefined) return null;
      const serializer = this.pglite.serializers[statement.paramTypes[i]!];
      return serializer ? serializer(param) : String(param);
    });
    try {
      const { messages } = await this.pglite.execProtocol(
        concatMessages([
          ...this.takeCloses(),
          serialize.bind({ statement: statement.name, values }),
          serialize.describe({ type: 'P' }),
          serialize.execute({}),
          serialize.sync(),
        ]),
      );
      return toRaw(parse.parseResults(messages, this.pglite.parsers)[0]);
    } catch (error) {
      const e = error as { code?: unknown; message?: unknown };
      if (!retried && e.code === '0A000' && RESULT_TYPE_CHANGED.test(String(e.message)) && !this.pglite.isInTransaction()) {
        // DDL made elsewhere changed the statement's columns: parse it afresh (outside a transaction only:
        // inside one the error has aborted it).
        this.statements.delete(sql);
        this.closing.push(statement.name);
        return this.runPrepared(sql, params, true);
      }
      throw error;
    }
  }

  /** Closes every prepared statement (with the next message sent): after DDL their result types may differ. */
  private forgetStatements(): void {
    for (const statement of this.statements.values()) this.closing.push(statement.name);
    this.statements.clear();
  }

  private takeCloses(): Uint8Array[] {
    if (this.closing.length === 0) return [];
    const closes = this.closing.map((name) => protocol.serialize.close({ type: 'S', name }));
    this.closing = [];
    return closes;
  }

}
