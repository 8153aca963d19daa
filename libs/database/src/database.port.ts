/**
 * One SQL connection abstraction over a `pg` pool (server mode) and an embedded PGlite instance.
 *
 * Result values: `int8`/`numeric` come back as strings on both (convert to bigint at the edge, on
 * purpose), `jsonb` as parsed JSON, `timestamptz` as `Date`, `date` as the 'YYYY-MM-DD' string.
 */
export interface SqlResult<Row> {
  rows: Row[];
  rowCount: number;
}

/** Something that runs SQL with `$1…$n` parameters. */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<SqlResult<Row>>;
}

/** A database: runs SQL, runs a function in one transaction, and can be closed. */
export interface Database extends SqlExecutor {
  /** `postgres` for a server reached through `pg`, `pglite` for the embedded WASM PostgreSQL. */
  readonly kind: 'postgres' | 'pglite';
  /**
   * Runs `work` in one transaction on one connection: commit when it resolves, rollback when it
   * throws (the error is rethrown). On PGlite the transaction holds the single connection exclusively.
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Closes the pool or the PGlite instance. */
  close(): Promise<void>;
}
