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
];

/**
 * Creates the event store's sequence and tables when missing (idempotent; safe on every start).
 * @throws the database's error when a statement fails (e.g. no CREATE privilege)
 */
export async function ensureEventStoreSchema(db: SqlExecutor): Promise<void> {
  for (const statement of eventStoreSchemaSql) {
    await db.query(statement);
  }
}
