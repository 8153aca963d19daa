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
 * event of the same projection may depend on it. `after` (a position, default 0) starts after that
 * position; `limit` (a positive integer) keeps the first ones, extended to every projection's row at
 * the last position listed, so a page never splits a position (it may hold up to the number of
 * projections − 1 more); without it, all of them.
 * @throws RangeError when `limit` is not a positive safe integer or `after` is negative; the database's error
 */
export async function listParkedEvents(ds: ReadModelReader, options: { after?: bigint; limit?: number } = {}): Promise<ParkedEvent[]> {
  if (options.limit !== undefined && (!Number.isSafeInteger(options.limit) || options.limit < 1)) {
    throw new RangeError('listParkedEvents: limit must be a positive integer');
  }
  const after = options.after ?? 0n;
  if (after < 0n) throw new RangeError('listParkedEvents: after must be a position (≥ 0)');
  const rows: ParkedRow[] = await ds.query(
    // Ordered by the bigint column (p.position), not the text output column of the same name.
    `SELECT p.projection, p.position::text AS position, p.event_id::text AS event_id, p.event_type, p.error, p.parked_at
       FROM projection_parked_events p
      WHERE p.position > $1::bigint
        AND ($2::int IS NULL OR p.position <= (SELECT max(page.position) FROM (
              SELECT q.position FROM projection_parked_events q WHERE q.position > $1::bigint ORDER BY q.position, q.projection LIMIT $2::int) page))
      ORDER BY p.position, p.projection`,
    [after.toString(), options.limit ?? null],
  );
  return rows.map(toParkedEvent);
}

/**
 * One page of parked events ({@link listParkedEvents} after `after`, `limit`) and the cursor of the
 * next (the last position listed, `null` when nothing is parked beyond it).
 */
export async function parkedEventsPage(ds: ReadModelReader, after: bigint, limit: number): Promise<{ events: ParkedEvent[]; nextAfter: bigint | null }> {
  const events = await listParkedEvents(ds, { after, limit });
  const last = events.at(-1)?.position;
  if (last === undefined) return { events, nextAfter: null };
  const [{ more }]: { more: boolean }[] = await ds.query('SELECT EXISTS (SELECT 1 FROM projection_parked_events WHERE position > $1::bigint) AS more', [last.toString()]);
  return { events, nextAfter: more ? last : null };
}

/** How many events are parked, and the first `first` of them (default 5) in global order: what /health shows. */
export async function parkedEventsSummary(ds: ReadModelReader, first = 5): Promise<{ count: number; first: ParkedEvent[] }> {
  const [{ count }]: { count: number }[] = await ds.query('SELECT count(*)::int AS count FROM projection_parked_events');
  return { count, first: count === 0 ? [] : (await listParkedEvents(ds, { limit: first })).slice(0, first) };
}
