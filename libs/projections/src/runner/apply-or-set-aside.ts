import type { EntityManager } from 'typeorm';
import { QueryFailedError } from 'typeorm';
import type { RecordedEvent } from '#event-store';
import { applyEvents, type Projection } from './projection.js';

/**
 * Whether an error thrown while applying events is the events' fault, so that setting aside (parking)
 * the event that throws it is right: a projector's own throw (not a database error), or a database
 * error of SQLSTATE class 22 (data exception: a value the column's type refuses) or 23 (integrity
 * constraint). Anything else — the connection lost, a missing table, a serialization failure — would
 * fail every event alike, and is retried instead.
 */
export function isEventsFault(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code.startsWith('22') || code.startsWith('23');
  if (error instanceof QueryFailedError) return false;
  const message = error instanceof Error ? error.message : String(error);
  return !/connection|terminated|ECONNRESET|ECONNREFUSED|timeout/i.test(message);
}

/**
 * Applies `events` (in global order) to `projection` inside `em`'s transaction, under a savepoint;
 * when that throws an error that is an event's fault ({@link isEventsFault}), applies them one at a
 * time under savepoints instead and hands each event that still throws to `setAside` — the runner
 * parks it; an as-of replay leaves it out, as the runner did. Either way the other events apply.
 * @throws any error that is not an event's fault (the caller's transaction then rolls back)
 */
export async function applyOrSetAside(
  projection: Projection,
  events: RecordedEvent[],
  em: EntityManager,
  setAside: (event: RecordedEvent, error: unknown) => Promise<void>,
): Promise<void> {
  await em.query('SAVEPOINT projection_batch');
  try {
    await applyEvents(projection, events, em);
    await em.query('RELEASE SAVEPOINT projection_batch');
    return;
  } catch (error) {
    if (!isEventsFault(error)) throw error;
    await em.query('ROLLBACK TO SAVEPOINT projection_batch');
    if (events.length === 1) return setAside(events[0]!, error);
  }
  for (const event of events) {
    await em.query('SAVEPOINT projection_event');
    try {
      await applyEvents(projection, [event], em);
      await em.query('RELEASE SAVEPOINT projection_event');
    } catch (error) {
      if (!isEventsFault(error)) throw error;
      await em.query('ROLLBACK TO SAVEPOINT projection_event');
      await setAside(event, error);
    }
  }
}
