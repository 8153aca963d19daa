import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { ReadModelReader } from '../read-model-reader.js';
import { VERSIONS_WRITTEN_SETTING } from '../batch/row-changes.js';

/**
 * System-versioned read models: every row version of every read-model table, with the global
 * positions between which it stood, so that the figures as of position P are the live queries run
 * over the rows that stood at P — no replay (issue 4, part 4: interactive as-of at a million events).
 *
 * For each read-model table `T` (every entity's table except the runner's checkpoints and the API's
 * idempotency keys) this keeps, generated from T's own columns after the migrations:
 * - `T__versions`: T's columns (no constraints) plus `valid_from` / `valid_to` (bigint positions; the
 *   version stood for valid_from ≤ P < valid_to, valid_to NULL: it stands now);
 * - a row trigger on T recording each insert, update and delete at the position the projection runner
 *   sets in `zhiben.position` for the event being applied (unset — a data fix by hand or by a
 *   migration — at the position after the highest checkpoint: it changes the figures from the next
 *   event on, never the past); a TRUNCATE of T empties its history with a DELETE (MVCC-safe, so an
 *   as-of query already reading keeps its snapshot; a rebuild replays the history). A batch
 *   projector's writes are recorded by the batch writer instead (batch/row-changes.ts: the same
 *   versions, written set-based), the trigger standing aside while `zhiben.versions_written` is on;
 * - a view `T` in the schema `<schema>_as_of` with T's columns: the versions standing at the position
 *   in `zhiben.as_of`. A query run with that schema first on its search path reads T as of that position.
 * `read_model_versioning` (migration 1766100000000) records, per table, the fingerprint of the columns
 * this was generated for and `started_at`: the position from which its history is complete (the
 * highest checkpoint when T's history was (re)generated; 0 on a fresh database).
 */

/** Tables that are not figures: the runner's checkpoints and the API's idempotency keys. */
const NOT_VERSIONED = new Set(['projection_checkpoints', 'idempotency_keys']);

/** Bumped when the generated SQL below changes, so every table's versioning is regenerated. */
const GENERATOR_VERSION = '2';


/** The read-model tables that are versioned: every entity's table but checkpoints and idempotency keys, by name. */
export function versionedTables(ds: DataSource): string[] {
  return [...new Set(ds.entityMetadatas.map((m) => m.tableName))].filter((t) => !NOT_VERSIONED.has(t)).sort();
}

/** The schema holding the as-of views of the read models in `schema`. */
export function asOfSchemaName(schema: string): string {
  return `${schema}_as_of`;
}

interface Column {
  name: string;
  type: string;
}

const ident = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/**
 * Generates (or regenerates, when a table's columns changed) the history table, trigger and as-of
 * view of every versioned table; a table whose fingerprint is unchanged is left alone, so a restart
 * costs one catalog query per table. Run after the migrations, in one transaction.
 * A table met for the first time (a database from before versioning), or whose columns changed,
 * gets its current rows as versions from the highest checkpoint on, and that position as
 * `started_at` (0 on a fresh database): as-of before it cannot use the history (the replay serves it).
 * @throws the database's error (nothing is changed then: the transaction rolls back)
 */
export async function installReadModelVersioning(ds: DataSource): Promise<void> {
  const tables = versionedTables(ds);
  await ds.transaction(async (em) => {
    const [{ schema }]: { schema: string }[] = await em.query('SELECT current_schema() AS schema');
    const asOf = asOfSchemaName(schema);
    const registered = new Map<string, string>(
      ((await em.query('SELECT table_name, fingerprint FROM read_model_versioning')) as { table_name: string; fingerprint: string }[]).map((r) => [r.table_name, r.fingerprint]),
    );
    for (const table of tables) {
      const columns: Column[] = await em.query(
        `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
          WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
        [`${ident(schema)}.${ident(table)}`],
      );
      const key: { name: string }[] = await em.query(
        `SELECT a.attname AS name FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
          WHERE i.indrelid = $1::regclass AND i.indisprimary ORDER BY a.attname`,
        [`${ident(schema)}.${ident(table)}`],
      );
      if (key.length === 0) throw new Error(`read-model table ${table} has no primary key: its versions cannot be told apart`);
      // The table's oid too: a table recreated with the same columns (CREATE … LIKE, copy, rename) has
      // lost its trigger and must get its history anew; so must one whose trigger was dropped.
      const fn = recordVersionFunction(table, columns, key.map((k) => k.name));
      const [{ oid, triggers, src }]: { oid: string; triggers: number; src: string | null }[] = await em.query(
        `SELECT $1::regclass::oid::text AS oid, (SELECT count(*)::int FROM pg_trigger WHERE tgrelid = $1::regclass AND tgname LIKE '%\\_\\_versioning%') AS triggers,
                (SELECT prosrc FROM pg_proc WHERE oid = to_regproc(quote_ident($2))) AS src`,
        [`${ident(schema)}.${ident(table)}`, fn.name],
      );
      const fingerprint = createHash('sha256').update(JSON.stringify([GENERATOR_VERSION, asOf, oid, columns, key])).digest('hex');
      if (registered.get(table) === fingerprint && triggers === 2) {
        // Same table, same history: only the trigger's function may be out of date (keep the history).
        if (src !== fn.body) await em.query(fn.create);
        continue;
      }
      await generate(em, schema, asOf, table, columns, key.map((k) => k.name), fingerprint);
    }
  });
}

async function generate(em: EntityManager, schema: string, asOf: string, table: string, columns: Column[], key: string[], fingerprint: string): Promise<void> {
  const t = ident(table);
  const versions = ident(`${table}__versions`);
  const list = columns.map((c) => ident(c.name)).join(', ');
  // A fresh history: the current rows stand from the highest checkpoint on (0 on a fresh database).
  await em.query(`CREATE SCHEMA IF NOT EXISTS ${ident(asOf)}`);
  await em.query(`DROP VIEW IF EXISTS ${ident(asOf)}.${t}`);
  await em.query(`DROP TABLE IF EXISTS ${versions}`);
  await em.query(
    `CREATE TABLE ${versions} (valid_from bigint NOT NULL, valid_to bigint, ${columns.map((c) => `${ident(c.name)} ${c.type}`).join(', ')})`,
  );
  await em.query(`CREATE INDEX ${ident(`${table}__versions_open`)} ON ${versions} (${key.map(ident).join(', ')}) WHERE valid_to IS NULL`);
  const [{ at }]: { at: string }[] = await em.query('SELECT coalesce(max(position), 0)::text AS at FROM projection_checkpoints');
  // Before the highest checkpoint the projections may have written and replaced rows unrecorded.
  const startedAt = at;
  await em.query(`INSERT INTO ${versions} (valid_from, valid_to, ${list}) SELECT $1::bigint, NULL, ${list} FROM ${t}`, [startedAt]);

  const fn = recordVersionFunction(table, columns, key);
  await em.query(fn.create);
  await em.query(`DROP TRIGGER IF EXISTS ${ident(`${table}__versioning`)} ON ${t}`);
  await em.query(`CREATE TRIGGER ${ident(`${table}__versioning`)} AFTER INSERT OR UPDATE OR DELETE ON ${t} FOR EACH ROW EXECUTE FUNCTION ${ident(fn.name)}()`);
  await em.query(`DROP TRIGGER IF EXISTS ${ident(`${table}__versioning_truncate`)} ON ${t}`);
  await em.query(`CREATE TRIGGER ${ident(`${table}__versioning_truncate`)} AFTER TRUNCATE ON ${t} FOR EACH STATEMENT EXECUTE FUNCTION ${ident(fn.name)}()`);

  await em.query(`CREATE VIEW ${ident(asOf)}.${t} AS SELECT ${list} FROM ${ident(schema)}.${versions}
    WHERE valid_from <= current_setting('zhiben.as_of', true)::bigint
      AND (valid_to IS NULL OR valid_to > current_setting('zhiben.as_of', true)::bigint)`);
  await em.query(
    `INSERT INTO read_model_versioning (table_name, started_at, fingerprint) VALUES ($1, $2, $3)
     ON CONFLICT (table_name) DO UPDATE SET started_at = EXCLUDED.started_at, fingerprint = EXCLUDED.fingerprint, installed_at = now()`,
    [table, startedAt, fingerprint],
  );
}

/**
 * The row trigger's function of `table`: its name, its body (as `pg_proc.prosrc` holds it) and the
 * statement creating it. It records each row change at the position in `zhiben.position`, except
 * while the batch writer (batch/row-changes.ts) writes the versions itself (`zhiben.versions_written` on).
 */
function recordVersionFunction(table: string, columns: Column[], key: string[]): { name: string; body: string; create: string } {
  const versions = ident(`${table}__versions`);
  const list = columns.map((c) => ident(c.name)).join(', ');
  const match = (row: string) => key.map((k) => `${ident(k)} = ${row}.${ident(k)}`).join(' AND ');
  const name = `${table}__record_version`;
  const body = `
DECLARE
  pos bigint := nullif(current_setting('zhiben.position', true), '')::bigint;
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM ${versions};
    RETURN NULL;
  END IF;
  IF current_setting('${VERSIONS_WRITTEN_SETTING}', true) = 'on' THEN
    -- The projection runner's batch writer records these versions itself, set-based.
    RETURN NULL;
  END IF;
  IF pos IS NULL THEN
    -- Not written by the projection runner (a data fix): it stands from the next event on.
    SELECT coalesce(max(position), 0) + 1 INTO pos FROM projection_checkpoints;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD IS NOT DISTINCT FROM NEW THEN
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    -- A version made and replaced by the same event never stood at any position: drop it.
    DELETE FROM ${versions} WHERE valid_to IS NULL AND valid_from = pos AND ${match('OLD')};
    UPDATE ${versions} SET valid_to = pos WHERE valid_to IS NULL AND ${match('OLD')};
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO ${versions} (valid_from, valid_to, ${list}) VALUES (pos, NULL, ${columns.map((c) => `NEW.${ident(c.name)}`).join(', ')});
  END IF;
  RETURN NULL;
END
`;
  return { name, body, create: `CREATE OR REPLACE FUNCTION ${ident(name)}() RETURNS trigger LANGUAGE plpgsql AS $body$${body}$body$` };
}

/**
 * The position from which every versioned table's history is complete (the highest `started_at`),
 * or null when some versioned table has no history (versioning not installed on this database).
 */
export async function versionedFrom(ds: ReadModelReader, tables: readonly string[]): Promise<bigint | null> {
  const rows: { table_name: string; started_at: string }[] = await ds.query('SELECT table_name, started_at::text FROM read_model_versioning WHERE table_name = ANY ($1)', [tables]);
  if (rows.length < tables.length) return null;
  return rows.reduce((max, r) => (BigInt(r.started_at) > max ? BigInt(r.started_at) : max), 0n);
}

/** What {@link readModelsAsOf} re-checks inside each statement's snapshot, and where it turns when that fails. */
export interface AsOfGuard {
  /** Every projection whose checkpoint must have reached the position. */
  projections: readonly string[];
  /** The read models at the position another way (the replay), for a statement the history cannot serve. */
  fallback: () => Promise<ReadModelReader>;
}

/**
 * A reader of the live database's read models as they stood at `position`: each statement runs in
 * its own REPEATABLE READ transaction with the as-of views first on the search path and
 * `zhiben.as_of` set, so the unchanged statistics queries read the row versions standing at
 * `position`. Versions at positions ≤ every checkpoint never change, so the statements of one query
 * agree. With a `guard`, each statement first checks, in the same snapshot it reads, that every
 * projection still stands at or past `position` and the history still reaches back to it: a rebuild
 * (a read model truncated and its checkpoint reset, in one transaction) or a regenerated history
 * committed meanwhile sends that statement to `guard.fallback` instead of answering from an emptied history.
 */
export function readModelsAsOf(live: DataSource, searchPath: string, position: bigint, guard?: AsOfGuard): ReadModelReader {
  const stale = Symbol('history cannot serve');
  return {
    query: async (sql, parameters) => {
      const answer = await live.transaction('REPEATABLE READ', async (em) => {
        const [row]: { serves: boolean }[] = await em.query(
          `SELECT set_config('search_path', $1, true), set_config('zhiben.as_of', $2, true),
                  ($3::text[] IS NULL OR (
                    (SELECT count(*) FROM projection_checkpoints WHERE name = ANY ($3::text[]) AND position >= $2::bigint) = cardinality($3::text[])
                    AND (SELECT coalesce(max(started_at), 0) FROM read_model_versioning) <= $2::bigint)) AS serves`,
          [searchPath, position.toString(), guard ? [...guard.projections] : null],
        );
        if (!row!.serves) return stale;
        return em.query(sql, parameters as unknown[]);
      });
      if (answer !== stale) return answer;
      return (await guard!.fallback()).query(sql, parameters);
    },
  };
}

/** The search path that puts the live database's as-of views before its read models (`"<schema>_as_of", <current path>`). */
export async function asOfSearchPath(live: DataSource): Promise<string> {
  const [row]: { schema: string; path: string }[] = await live.query(`SELECT current_schema() AS schema, current_setting('search_path') AS path`);
  return `${ident(asOfSchemaName(row!.schema))}, ${row!.path}`;
}
