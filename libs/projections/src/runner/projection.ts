import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '#event-store';

/**
 * A projection: a name, the event types it reads, and a handler that turns a batch of those events
 * (in global order) into read-model writes through the transaction's EntityManager. The runner
 * commits those writes and the checkpoint together. `apply` must be deterministic: no clock, no
 * randomness — a rebuild must equal live.
 */
export interface Projection {
  readonly name: string;
  readonly eventTypes: ReadonlySet<string>;
  apply(events: RecordedEvent[], em: EntityManager): Promise<void>;
}
