import type { SqlExecutor } from '#database';

/**
 * The event store's tables, as idempotent statements (`IF NOT EXISTS`), one statement per string:
 * run them in order (`ensureEventStoreSchema`, or a TypeORM migration's `queryRunner.query`). Plain SQL
 * accepted by PostgreSQL 15 and PGlite (PostgreSQL 18). Names resolve through `search_path`.
 *
 * - `es_position_seq`: global positions. `CACHE 1` matters: a per-session cache would hand out
 *   positions out of allocation order and defeat the append lock (see `postgres-event-store.ts`).
 * - `es_streams`: one row per stream, its current revision and last hash; appends lock it FOR UPDATE.
 * - `es_events`: the events, keyed by global position, unique by event id and by (stream, revision).
 */
export const eventStoreSchemaSql: readonly string[] = [
  `CREATE SEQUENCE IF NOT EXISTS es_position_seq AS bigint START WITH 1 INCREMENT BY 1 MINVALUE 1 NO CYCLE CACHE 1`,
  `CREATE TABLE IF NOT EXISTS es_streams (
    stream_id text PRIMARY KEY,
    revision bigint NOT NULL CHECK (revision >= 0),
    last_hash text NOT NULL
  )`,
  `CREATE TABLE IF NOT EXISTS es_events (
    position bigint PRIMARY KEY CHECK (position > 0),
    event_id uuid NOT NULL UNIQUE,
    stream_id text NOT NULL,
    revision bigint NOT NULL CHECK (revision >= 0),
    type text NOT NULL,
    schema_version integer NOT NULL,
    data jsonb NOT NULL,
    metadata jsonb NOT NULL,
    recorded_at timestamptz NOT NULL,
    hash text NOT NULL,
    previous_hash text,
    CONSTRAINT es_events_stream_revision_key UNIQUE (stream_id, revision)
  )`,
  ...eventStoreAuditIndexSql(),
  ...eventStoreSealSchemaSql(),
];

/**
 * The block seals over the global order (idempotent), one row per block of consecutive positions,
 * closed in order by the sealer (`Sealer`): the primary key on `block_no` and the unique `from_position`
 * let only one sealer close a block. See `seals/seal-hash.ts` for what the hashes cover.
 */
export function eventStoreSealSchemaSql(): string[] {
  return [
    `CREATE TABLE IF NOT EXISTS es_seals (
    block_no bigint PRIMARY KEY CHECK (block_no >= 1),
    from_position bigint NOT NULL UNIQUE CHECK (from_position >= 1),
    to_position bigint NOT NULL CHECK (to_position >= from_position),
    event_count integer NOT NULL CHECK (event_count >= 0),
    events_hash text NOT NULL,
    previous_seal_hash text,
    seal_hash text NOT NULL,
    sealed_at timestamptz NOT NULL
  )`,
  ];
}

/**
 * The auditors' indexes on `es_events` (idempotent): by correlation and by actor subject (each in
 * global order, for the audit API's cursors), by type (events that name a hazard in their data) and by
 * recordedAt (as-of reads and changes between two instants). A function so that the list above can
 * spread it before this declaration runs.
 */
export function eventStoreAuditIndexSql(): string[] {
  return [
    `CREATE INDEX IF NOT EXISTS es_events_correlation_idx ON es_events ((metadata->>'correlationId'), position)`,
    `CREATE INDEX IF NOT EXISTS es_events_subject_idx ON es_events (((metadata->'actor')->>'subject'), position)`,
    `CREATE INDEX IF NOT EXISTS es_events_type_idx ON es_events (type, position)`,
    `CREATE INDEX IF NOT EXISTS es_events_recorded_at_idx ON es_events (recorded_at)`,
  ];
}

/**
 * Creates the event store's sequence and tables when missing (idempotent; safe on every start).
 * @throws the database's error when a statement fails (e.g. no CREATE privilege)
 */
export async function ensureEventStoreSchema(db: SqlExecutor): Promise<void> {
  for (const statement of eventStoreSchemaSql) {
    await db.query(statement);
  }
}
