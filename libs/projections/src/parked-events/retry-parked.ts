import type { DataSource } from 'typeorm';
import type { EventStore, RecordedEvent } from '#event-store';
import { applyEvents, type Projection } from '../runner/projection.js';
import { isEventsFault } from '../runner/projection-runner.js';
import { listParkedEvents, type ParkedEvent } from './list-parked-events.js';
import { parkedErrorText } from './park-event.js';

/** What became of one parked event on a retry. */
export interface RetryOutcome {
  projection: string;
  position: bigint;
  eventId: string;
  eventType: string;
  /**
   * `applied`: the projection applied it and it is no longer parked;
   * `failed`: it threw again (or cannot be applied: projection unknown, event not in the store) and stays parked with `error`;
   * `skipped`: nothing done — another retry took it first, or the projection has not reached its position yet
   * (its checkpoint was reset: the runner applies it when it gets there).
   */
  outcome: 'applied' | 'failed' | 'skipped';
  /** Why it failed or was skipped; null when applied. */
  error: string | null;
  /**
   * When applied: how many later events of its stream the projection had already passed while it was
   * parked (so they found nothing to update) were applied again after it, at their own positions.
   */
  followers: number;
}

/** How {@link retryParked} judges an event before applying it. */
export interface RetryOptions {
  /**
   * The check the runner makes before applying (e.g. {@link import('./reference-check.js').unknownReferenceCodes}
   * with the reference data): a reason keeps the event parked with it as its error, unapplied; null applies it.
   */
  check?: (event: RecordedEvent) => string | null;
}

const skipped = Symbol('skipped');

/**
 * Re-applies every parked event (after a fix to the projector or to the data): each one, in global
 * order, in its own transaction that locks its projection's checkpoint row (as the runner does for a
 * batch, so the two never write the same read model at once), removes the parked row, and applies it
 * under its own position (`zhiben.position`; its row versions carry it) — followed by the later events
 * of its stream that the projection read and already passed (not parked themselves), again at their own
 * positions: while it was parked they found no row to update (a hazard's plan without its report), and
 * a projector applies a replay of what did take effect as a no-op. The as-of snapshots
 * (`read_model_snapshots`) at or after its position, taken without it, are dropped with it. When `apply` throws the transaction rolls back (no read-model write stays)
 * and the event stays parked with the new error. Applied once: a second retry finds nothing; two
 * retries at once apply each event once (the second finds the row gone and skips it).
 * The event is read from the store outside the transaction (PGlite has a single connection); when
 * `options.check` gives a reason for it (a code still unknown to the reference data), it stays parked
 * with that reason, unapplied.
 * @param projections the projections by which the events were parked (an event parked by a name not among them is skipped)
 * @returns one outcome per parked event, in global order
 * @throws an error that is not the event's fault (the runner's `isEventsFault`: the connection lost, a
 *   missing table…): that event stays parked as it was; what was applied before stays applied
 */
export async function retryParked(store: EventStore, dataSource: DataSource, projections: readonly Projection[], options: RetryOptions = {}): Promise<RetryOutcome[]> {
  const byName = new Map(projections.map((p) => [p.name, p]));
  const outcomes: RetryOutcome[] = [];
  for (const parked of await listParkedEvents(dataSource)) {
    outcomes.push(await retryOne(store, dataSource, byName.get(parked.projection), parked, options));
  }
  return outcomes;
}

async function retryOne(store: EventStore, dataSource: DataSource, projection: Projection | undefined, parked: ParkedEvent, options: RetryOptions): Promise<RetryOutcome> {
  const outcome = (o: RetryOutcome['outcome'], error: string | null): RetryOutcome => ({
    projection: parked.projection,
    position: parked.position,
    eventId: parked.eventId,
    eventType: parked.eventType,
    outcome: o,
    error,
    followers: 0,
  });
  if (!projection) return outcome('skipped', `no projection named ${parked.projection} runs here`);
  const [event] = await store.readAll({ after: parked.position - 1n, limit: 1 });
  if (!event || event.position !== parked.position || event.eventId !== parked.eventId) {
    return outcome('failed', `event ${parked.eventId} is not at position ${parked.position} in the store`);
  }
  // Later events of its stream that the projection reads: it passed them while this one was parked,
  // so an update of a row this one creates found nothing. Read here: on PGlite the transaction below
  // holds the only connection.
  const later = (await store.readStream(event.streamId, { fromRevision: event.revision + 1n })).filter((e) => projection.eventTypes.has(e.type));
  const refused = options.check?.(event) ?? null;
  if (refused !== null) {
    await dataSource.query('UPDATE projection_parked_events SET error = $3 WHERE projection = $1 AND position = $2::bigint', [
      parked.projection,
      parked.position.toString(),
      refused,
    ]);
    return outcome('failed', refused);
  }
  let reason: string | null = null;
  let followers = 0;
  try {
    const done = await dataSource.transaction(async (em) => {
      const [checkpoint]: { position: string }[] = await em.query('SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE', [projection.name]);
      if (!checkpoint || BigInt(checkpoint.position) < parked.position) {
        reason = `projection ${projection.name} has not reached position ${parked.position} yet (checkpoint ${checkpoint?.position ?? 'none'})`;
        return skipped;
      }
      // A SELECT over the DELETE: TypeORM answers a bare DELETE with [rows, count], not the rows.
      const [{ taken }]: { taken: number }[] = await em.query(
        `WITH d AS (DELETE FROM projection_parked_events WHERE projection = $1 AND position = $2::bigint RETURNING 1) SELECT count(*)::int AS taken FROM d`,
        [parked.projection, parked.position.toString()],
      );
      if (taken === 0) {
        reason = 'no longer parked: another retry applied it';
        return skipped;
      }
      // Followers: passed already (≤ the checkpoint; the runner applies the rest) and not parked
      // themselves (each is retried in its own turn). Projectors apply a replay as a no-op (STYLE: a
      // replay changes nothing), so only what found nothing to update the first time takes effect.
      const passed = later.filter((e) => e.position <= BigInt(checkpoint.position));
      const parkedToo: { position: string }[] = passed.length === 0 ? [] : await em.query(
        'SELECT position::text AS position FROM projection_parked_events WHERE projection = $1 AND position = ANY ($2::bigint[])',
        [projection.name, passed.map((e) => e.position.toString())],
      );
      const still = new Set(parkedToo.map((r) => r.position));
      const followerEvents = passed.filter((e) => !still.has(e.position.toString()));
      await applyEvents(projection, [event, ...followerEvents], em);
      followers = followerEvents.length;
      // The as-of replay's snapshots from its position on were taken without it: drop them (a cache; the
      // replay takes new ones).
      await em.query('DELETE FROM read_model_snapshots WHERE position >= $1::bigint', [event.position.toString()]);
      return true;
    });
    if (done === skipped) return outcome('skipped', reason);
    return { ...outcome('applied', null), followers };
  } catch (error) {
    // Not the event's fault (the connection lost, a missing table): nothing changed, let the caller see it.
    if (!isEventsFault(error)) throw error;
    const text = parkedErrorText(error);
    // The transaction rolled back, restoring the parked row: record the new error on it (an UPDATE, not
    // parkEvent: a retry running at the same time may have applied it since, and it must stay applied).
    await dataSource.query('UPDATE projection_parked_events SET error = $3 WHERE projection = $1 AND position = $2::bigint', [
      parked.projection,
      parked.position.toString(),
      text,
    ]);
    return outcome('failed', text);
  }
}
