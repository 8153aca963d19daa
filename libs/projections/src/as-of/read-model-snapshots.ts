import type { DataSource } from 'typeorm';

/** Rows per stored chunk of a table's snapshot. */
const CHUNK_ROWS = 20_000;

/** Tables that are not figures: the runner's checkpoints and the API's idempotency keys. */
const NOT_SNAPSHOTTED = new Set(['projection_checkpoints', 'idempotency_keys']);

/**
 * The read-model tables a snapshot holds: every read-model entity's table except checkpoints and
 * idempotency keys, ordered by name (never the store's tables or reporters' keys: they are no entities).
 */
export function snapshotTables(ds: DataSource): string[] {
  return [...new Set(ds.entityMetadatas.map((m) => m.tableName))].filter((t) => !NOT_SNAPSHOTTED.has(t)).sort();
}

/**
 * The newest snapshot at or before `position` in the live read models' `read_model_snapshots`.
 * @returns its position, or null when there is none
 */
export async function latestSnapshotAtOrBefore(live: DataSource, position: bigint): Promise<bigint | null> {
  const rows: { position: string | null }[] = await live.query('SELECT max(position) AS position FROM read_model_snapshots WHERE position <= $1', [position.toString()]);
  const p = rows[0]?.position;
  return p === null || p === undefined ? null : BigInt(p);
}

/**
 * Copies the snapshot at `position` from the live database into the (freshly migrated, empty) scratch read models.
 * @throws the database's error when a row does not fit its table (a snapshot from an older schema)
 */
export async function restoreSnapshot(live: DataSource, scratch: DataSource, position: bigint): Promise<void> {
  const tables = new Set(snapshotTables(scratch));
  const chunks: { table_name: string; chunk: number }[] = await live.query(
    'SELECT table_name, chunk FROM read_model_snapshot_rows WHERE position = $1 ORDER BY table_name, chunk',
    [position.toString()],
  );
  await scratch.transaction(async (em) => {
    for (const { table_name: table, chunk } of chunks) {
      if (!tables.has(table)) continue;
      const [row]: { rows: string }[] = await live.query(
        'SELECT rows::text AS rows FROM read_model_snapshot_rows WHERE position = $1 AND table_name = $2 AND chunk = $3',
        [position.toString(), table, chunk],
      );
      await em.query(`INSERT INTO "${table}" SELECT * FROM jsonb_populate_recordset(NULL::"${table}", $1::jsonb)`, [row!.rows]);
    }
  });
}

/**
 * Saves the scratch read models' rows as the snapshot at `position` in the live database, in one
 * transaction; does nothing when a snapshot at that position exists (another process saved it).
 */
export async function saveSnapshot(live: DataSource, scratch: DataSource, position: bigint): Promise<void> {
  const dumped: { table: string; chunk: number; rows: string }[] = [];
  for (const table of snapshotTables(scratch)) {
    for (let chunk = 0; ; chunk++) {
      const [row]: { rows: string | null }[] = await scratch.query(
        `SELECT jsonb_agg(to_jsonb(t))::text AS rows FROM (SELECT * FROM "${table}" ORDER BY ctid OFFSET $1 LIMIT $2) t`,
        [chunk * CHUNK_ROWS, CHUNK_ROWS],
      );
      if (!row || row.rows === null) break;
      dumped.push({ table, chunk, rows: row.rows });
    }
  }
  await live.transaction(async (em) => {
    const inserted: unknown[] = await em.query(
      'INSERT INTO read_model_snapshots (position) VALUES ($1) ON CONFLICT (position) DO NOTHING RETURNING position',
      [position.toString()],
    );
    if (inserted.length === 0) return;
    for (const d of dumped) {
      await em.query('INSERT INTO read_model_snapshot_rows (position, table_name, chunk, rows) VALUES ($1, $2, $3, $4::jsonb)', [position.toString(), d.table, d.chunk, d.rows]);
    }
  });
}
