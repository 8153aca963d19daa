import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';

/**
 * A projection: a name, the event types it reads, and a handler that turns a batch of those events
 * (in global order) into read-model writes through the transaction's EntityManager. The runner
 * commits those writes and the checkpoint together. `apply` must be deterministic: no clock, no
 * randomness — a rebuild must equal live.
 *
 * A projection is either
 * - `batched: true`: `apply` turns the whole batch into set-based writes through a
 *   {@link import('../batch/row-changes.js').RowChanges}, which records each row version at the
 *   position of the event that wrote it; or
 * - per-event (the default): the runner calls `apply` with one event at a time, with
 *   `zhiben.position` set to its position, and the read models' row triggers record the versions.
 * Either way `apply` throws on an event it cannot project; the runner then parks that event.
 */
export interface Projection {
  readonly name: string;
  readonly eventTypes: ReadonlySet<string>;
  /** True when `apply` takes a whole batch and writes its own row versions (batch/row-changes.ts). */
  readonly batched?: boolean;
  apply(events: RecordedEvent[], em: EntityManager): Promise<void>;
}

/**
 * Applies events (in global order) to a projection as the runner does: a batched projection gets
 * them in one call (it writes each row version at its event's position itself); any other one event
 * at a time with `zhiben.position` set to the event's position, which the read models' row triggers
 * record. Used by the runner and by the retry of parked events.
 * @throws whatever the projection throws (the caller's transaction rolls back or parks)
 */
export async function applyEvents(projection: Projection, events: RecordedEvent[], em: EntityManager): Promise<void> {
  if (projection.batched) {
    await projection.apply(events, em);
    return;
  }
  for (const event of events) {
    await em.query(`SELECT set_config('zhiben.position', $1, true)`, [event.position.toString()]);
    await projection.apply([event], em);
  }
}
