import type { EntityManager } from 'typeorm';
import { RowChanges, type Row } from './row-changes.js';

/**
 * What one event does to one read-model row, for projectors whose writes are "insert once" facts and
 * updates of a row by key (most figure projections):
 * - `insert`: the row, unless its key is there already (`INSERT … ON CONFLICT DO NOTHING`);
 * - `update`: `set` maps the row as it stands to the row after the event (`UPDATE … WHERE key`);
 *   nothing when there is no row, or when `set` returns null.
 * Values follow {@link Row}: scalars as the database's text (or anything its input accepts), JSON parsed.
 */
export type RowIntent =
  | { kind: 'insert'; table: string; position: bigint; row: Row }
  | { kind: 'update'; table: string; position: bigint; key: Row; set: (row: Row) => Row | null };

/** An `insert` intent (see {@link RowIntent}). */
export function insertOnce(table: string, position: bigint, row: Row): RowIntent {
  return { kind: 'insert', table, position, row };
}

/** An `update` intent (see {@link RowIntent}). */
export function updateRow(table: string, position: bigint, key: Row, set: (row: Row) => Row | null): RowIntent {
  return { kind: 'update', table, position, key, set };
}

/**
 * Applies a batch's intents in order, set-based: loads every key they touch (one query per table),
 * folds them in memory and writes the result with its row versions (batch/row-changes.ts).
 * @throws the database's error (a value a column's type refuses); Error from a malformed intent
 */
export async function applyRowIntents(em: EntityManager, intents: readonly RowIntent[]): Promise<void> {
  if (intents.length === 0) return;
  const rows = new RowChanges(em);
  const keys = new Map<string, Row[]>();
  for (const i of intents) {
    const list = keys.get(i.table) ?? [];
    list.push(i.kind === 'insert' ? i.row : i.key);
    keys.set(i.table, list);
  }
  for (const [table, list] of keys) await rows.load(table, list);
  for (const i of intents) {
    if (i.kind === 'insert') {
      if (!rows.get(i.table, i.row)) rows.put(i.table, i.position, i.row);
      continue;
    }
    const row = rows.get(i.table, i.key);
    if (!row) continue;
    const next = i.set(row);
    if (next) rows.put(i.table, i.position, next);
  }
  await rows.write();
}
