import type { ReadModelReader } from '../read-model-reader.js';

/** A parked event as stored: the event a projection threw on, and why. */
export interface ParkedEvent {
  projection: string;
  /** The event's global position. */
  position: bigint;
  eventId: string;
  eventType: string;
  /** The projector's last error (or the reference-data check's reason). */
  error: string;
  /** When it was first parked. */
  parkedAt: Date;
}

interface ParkedRow {
  projection: string;
  position: string;
  event_id: string;
  event_type: string;
  error: string;
  parked_at: Date | string;
}

const toParkedEvent = (r: ParkedRow): ParkedEvent => ({
  projection: r.projection,
  position: BigInt(r.position),
  eventId: r.event_id,
  eventType: r.event_type,
  error: r.error,
  parkedAt: r.parked_at instanceof Date ? r.parked_at : new Date(r.parked_at),
});

/**
 * The parked events, in global order (then by projection name): the oldest first, since a later
 * event of the same projection may depend on it. `limit` (a positive integer) keeps the first ones;
 * without it, all of them.
 * @throws RangeError when `limit` is not a positive safe integer; the database's error
 */
export async function listParkedEvents(ds: ReadModelReader, options: { limit?: number } = {}): Promise<ParkedEvent[]> {
  if (options.limit !== undefined && (!Number.isSafeInteger(options.limit) || options.limit < 1)) {
    throw new RangeError('listParkedEvents: limit must be a positive integer');
  }
  const rows: ParkedRow[] = await ds.query(
    `SELECT projection, position::text AS position, event_id::text AS event_id, event_type, error, parked_at
       FROM projection_parked_events ORDER BY position, projection LIMIT $1`,
    [options.limit ?? null],
  );
  return rows.map(toParkedEvent);
}

/** How many events are parked, and the first `first` of them (default 5) in global order: what /health shows. */
export async function parkedEventsSummary(ds: ReadModelReader, first = 5): Promise<{ count: number; first: ParkedEvent[] }> {
  const [{ count }]: { count: number }[] = await ds.query('SELECT count(*)::int AS count FROM projection_parked_events');
  return { count, first: count === 0 ? [] : await listParkedEvents(ds, { limit: first }) };
}
