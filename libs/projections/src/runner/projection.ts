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
