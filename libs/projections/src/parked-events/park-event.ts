import type { EntityManager } from 'typeorm';

/** What is recorded about an event a projector threw on. */
export interface ParkedEventEntry {
  /** The projection's name. */
  projection: string;
  /** The event's global position in the store. */
  position: bigint;
  /** The stored event's id (a UUID). */
  eventId: string;
  /** The stored event's type, e.g. `HazardReported`. */
  eventType: string;
  /** Why it was parked: the projector's error message, or the reference-data check's reason. */
  error: string;
}

/** The text of an error as it is parked: its message (its string for a non-Error throw), at most 4,000 characters. */
export function parkedErrorText(err: unknown): string {
  const text = err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
  return text.length > 4000 ? `${text.slice(0, 3999)}…` : text;
}

/**
 * Parks an event for a projection: records it in `projection_parked_events`, in the caller's
 * transaction (`em`), so the runner can commit it with the checkpoint that passes the event.
 * Idempotent: parking the same (projection, position) again replaces its error and keeps its
 * `parked_at`.
 * @throws the database's error (e.g. `eventId` not a UUID, `position` ≤ 0)
 */
export async function parkEvent(em: EntityManager, entry: ParkedEventEntry): Promise<void> {
  await em.query(
    `INSERT INTO projection_parked_events (projection, position, event_id, event_type, error)
     VALUES ($1, $2::bigint, $3::uuid, $4, $5)
     ON CONFLICT (projection, position) DO UPDATE SET error = EXCLUDED.error`,
    [entry.projection, entry.position.toString(), entry.eventId, entry.eventType, entry.error],
  );
}
