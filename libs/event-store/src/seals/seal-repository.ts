import type { SqlExecutor } from '#database';
import type { Seal, SealEntry } from './seal-hash.js';

/** A row of `es_seals` as the drivers return it (bigint columns as strings). */
interface SealRow {
  block_no: string;
  from_position: string;
  to_position: string;
  event_count: number;
  events_hash: string;
  previous_seal_hash: string | null;
  seal_hash: string;
  sealed_at: Date;
}

const SEAL_COLUMNS = 'block_no, from_position, to_position, event_count, events_hash, previous_seal_hash, seal_hash, sealed_at';

function toSeal(row: SealRow): Seal {
  return {
    blockNo: Number(row.block_no),
    fromPosition: BigInt(row.from_position),
    toPosition: BigInt(row.to_position),
    eventCount: row.event_count,
    eventsHash: row.events_hash,
    previousSealHash: row.previous_seal_hash,
    sealHash: row.seal_hash,
    sealedAt: row.sealed_at,
  };
}

/** The last seal (highest block number), or `null` when nothing is sealed. */
export async function lastSeal(db: SqlExecutor): Promise<Seal | null> {
  const { rows } = await db.query<SealRow>(`SELECT ${SEAL_COLUMNS} FROM es_seals ORDER BY block_no DESC LIMIT 1`);
  return rows.length === 0 ? null : toSeal(rows[0]!);
}

/** Seals with `block_no > afterBlock`, in block order, at most `limit`. */
export async function readSeals(db: SqlExecutor, afterBlock: number, limit: number): Promise<Seal[]> {
  const { rows } = await db.query<SealRow>(
    `SELECT ${SEAL_COLUMNS} FROM es_seals WHERE block_no > $1::bigint ORDER BY block_no ASC LIMIT $2::bigint`,
    [afterBlock, limit],
  );
  return rows.map(toSeal);
}

/** Every seal whose range meets `[from, to]`, in block order. */
export async function sealsMeeting(db: SqlExecutor, from: bigint, to: bigint): Promise<Seal[]> {
  const { rows } = await db.query<SealRow>(
    `SELECT ${SEAL_COLUMNS} FROM es_seals WHERE to_position >= $1::bigint AND from_position <= $2::bigint ORDER BY block_no ASC`,
    [from.toString(), to.toString()],
  );
  return rows.map(toSeal);
}

/** Every seal from block `fromBlock` to block `toBlock` inclusive, in block order. */
export async function sealsBetween(db: SqlExecutor, fromBlock: number, toBlock: number): Promise<Seal[]> {
  const { rows } = await db.query<SealRow>(
    `SELECT ${SEAL_COLUMNS} FROM es_seals WHERE block_no BETWEEN $1::bigint AND $2::bigint ORDER BY block_no ASC`,
    [fromBlock, toBlock],
  );
  return rows.map(toSeal);
}

/** The stored entries (position, eventId, streamId, revision, hash) of the events in `[from, to]`, by position. */
export async function blockEntries(db: SqlExecutor, from: bigint, to: bigint): Promise<SealEntry[]> {
  const { rows } = await db.query<{ position: string; event_id: string; stream_id: string; revision: string; hash: string }>(
    `SELECT position, event_id, stream_id, revision, hash FROM es_events
     WHERE position BETWEEN $1::bigint AND $2::bigint ORDER BY position ASC`,
    [from.toString(), to.toString()],
  );
  return rows.map((row) => ({
    position: BigInt(row.position),
    eventId: row.event_id,
    streamId: row.stream_id,
    revision: BigInt(row.revision),
    hash: row.hash,
  }));
}

/** Stores a seal; a unique violation (23505) means another sealer closed that block first. */
export async function insertSeal(db: SqlExecutor, seal: Seal): Promise<void> {
  await db.query(
    `INSERT INTO es_seals (${SEAL_COLUMNS}) VALUES ($1::bigint, $2::bigint, $3::bigint, $4, $5, $6, $7, $8::timestamptz)`,
    [
      seal.blockNo,
      seal.fromPosition.toString(),
      seal.toPosition.toString(),
      seal.eventCount,
      seal.eventsHash,
      seal.previousSealHash,
      seal.sealHash,
      seal.sealedAt.toISOString(),
    ],
  );
}
