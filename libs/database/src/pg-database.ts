import pg from 'pg';
import type { Database, SqlExecutor, SqlResult } from './database.port.js';

/** OIDs whose text form we keep as strings (see `database.port.ts`). */
const DATE_OID = 1082;
const DATE_ARRAY_OID = 1182;
const TEXT_ARRAY_OID = 1009;
type TypeId = Parameters<typeof pg.types.getTypeParser>[0];

/**
 * pg's default parsers except `date` (and `date[]`), which stay 'YYYY-MM-DD' strings: pg would make
 * a JS Date at local midnight of the machine's zone, shifting the calendar day in any zone east or
 * west of UTC once serialised. int8/numeric are already strings in pg, jsonb parsed, timestamptz Date.
 */
export const pgTypeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === DATE_OID) return (value: string) => value;
    if (oid === DATE_ARRAY_OID) return pg.types.getTypeParser(TEXT_ARRAY_OID as TypeId, 'text');
    return pg.types.getTypeParser(oid as TypeId, format ?? 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** Options of a `PgDatabase`. */
export interface PgDatabaseOptions {
  /** Maximum connections of the pool (default 10). */
  poolSize?: number;
  /**
   * `search_path` set on every connection (comma-separated plain identifiers), e.g. a per-test schema.
   * @throws Error from the constructor when it is not a list of plain identifiers.
   */
  searchPath?: string;
  /** `application_name` shown in `pg_stat_activity`. */
  applicationName?: string;
  /** Called when an idle pooled connection fails (the pool drops it). Default: a process warning. */
  onPoolError?: (error: Error) => void;
}

const IDENTIFIER_LIST = /^[A-Za-z_][A-Za-z0-9_$]*(,\s*[A-Za-z_][A-Za-z0-9_$]*)*$/;

/**
 * `Database` over a `pg` connection pool (server mode).
 *
 * Statements from `query` may run on any pooled connection; `transaction` pins one connection for
 * BEGIN…COMMIT. Results follow `database.port.ts`: int8/numeric strings, jsonb parsed, timestamptz
 * `Date`, date 'YYYY-MM-DD'.
 */
export class PgDatabase implements Database {
  readonly kind = 'postgres' as const;
  /** The underlying pool (for diagnostics; prefer `query` and `transaction`). */
  readonly pool: pg.Pool;

  /**
   * @param connectionString e.g. `postgres://user@host:5432/db`
   * @throws Error when `options.searchPath` is not a list of plain identifiers
   */
  constructor(connectionString: string, options: PgDatabaseOptions = {}) {
    if (options.searchPath !== undefined && !IDENTIFIER_LIST.test(options.searchPath)) {
      throw new Error(`invalid search_path: ${options.searchPath}`);
    }
    this.pool = new pg.Pool({
      connectionString,
      max: options.poolSize ?? 10,
      types: pgTypeParsers,
      application_name: options.applicationName,
      options: options.searchPath === undefined ? undefined : `-c search_path=${options.searchPath.replace(/\s/g, '')}`,
    });
    // A string warning: pg's DatabaseError may come from another realm (e.g. under Jest's VM modules),
    // where emitWarning refuses it as "not an Error" and throws from the pool's event handler.
    const onPoolError = options.onPoolError ?? ((error: Error) => process.emitWarning(`idle PostgreSQL connection failed: ${error.message}`, 'PgPoolWarning'));
    this.pool.on('error', onPoolError);
  }

  /** Runs one statement on any pooled connection. Rejects with pg's `DatabaseError` (`code` = SQLSTATE). */
  async query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<SqlResult<Row>> {
    const result = await this.pool.query(sql, params);
    return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
  }

  /**
   * Runs `work` in one transaction on one pooled connection: COMMIT when it resolves, ROLLBACK when it
   * throws (the error is rethrown; a connection whose ROLLBACK fails is discarded). The executor handed
   * to `work` must not be used after `work` settles. A connection lost while checked out (terminated by
   * the server, reset) is an error for the caller — its next statement rejects — never an unhandled
   * `error` event that would end the process; the connection is then discarded.
   */
  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // While checked out, a client's socket error is emitted on the client (the pool listens only to
    // idle ones): without a listener Node would throw it and end the process.
    let lost: Error | undefined;
    const onLost = (error: Error) => {
      lost = error;
    };
    client.on('error', onLost);
    let open = true;
    const tx: SqlExecutor = {
      query: async <Row = Record<string, unknown>>(sql: string, params?: unknown[]) => {
        if (!open) throw new Error('transaction executor used after its transaction ended');
        const result = await client.query(sql, params);
        return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
      },
    };
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const value = await work(tx);
      await client.query('COMMIT');
      return value;
    } catch (error) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
      }
      throw error;
    } finally {
      open = false;
      client.off('error', onLost);
      client.release(broken ?? lost);
    }
  }

  /** Ends the pool (waits for checked-out connections to be released). */
  async close(): Promise<void> {
    await this.pool.end();
  }
}
