import type { DataSource } from 'typeorm';
import type { EventStore, RecordedEvent } from '#event-store';
import { allProjections } from '../projections.js';
import { applyOrSetAside } from '../runner/apply-or-set-aside.js';
import type { Projection } from '../runner/projection.js';
import { latestSnapshotAtOrBefore, restoreSnapshot, saveSnapshot } from './read-model-snapshots.js';
import { openScratchReadModels, type ScratchReadModels } from './scratch-read-models.js';

/** Read models as they stood at a global position, in a scratch in-memory PGlite. */
export interface AsOfReadModelsAt {
  /** The global position the read models reflect (every event ≤ it applied, none after). */
  position: bigint;
  /** A DataSource over the scratch database: query it exactly as the live read models. */
  dataSource: DataSource;
  /** The snapshot position the replay started from (0n: from the beginning). */
  replayedFrom: bigint;
  /** Closes the scratch database. */
  close(): Promise<void>;
}

/** Options of {@link buildReadModelsAsOf}. */
export interface BuildAsOfOptions {
  /**
   * The live read-model DataSource holding `read_model_snapshots`: the replay starts from the newest
   * snapshot ≤ the position and saves the snapshots it passes. Absent: replay from position 0, save nothing.
   */
  snapshots?: DataSource;
  /** Snapshot every this many positions (multiples of it); 0 or absent: save none. */
  snapshotEvery?: number;
  /** Events read per batch (default 2000). */
  batchSize?: number;
  /** The projections to run (default: `allProjections()`, the worker's). */
  projections?: Projection[];
  /** Where the empty, migrated scratch database comes from (default: {@link openScratchReadModels}). */
  scratch?: () => Promise<ScratchReadModels>;
  /**
   * The runner's check (its `check` option): an event it refuses (a reason, not null) is left out, as
   * the runner parks it instead of counting it.
   */
  check?: (event: RecordedEvent) => string | null;
}

/**
 * Builds the read models as they stood at global position `position`: a fresh in-memory PGlite
 * migrated like the live read models (a copy of a migrated image: scratch-read-models.ts), restored
 * from the newest snapshot ≤ `position` (if any), then fed the store's events after the snapshot up to and including `position` through the same
 * projection handlers the worker runs — no second way of computing figures. Like the runner, it
 * leaves out an event its `check` refuses or its projector throws on (the runner parks those: a
 * parked event is in no figure). On the way it saves a snapshot at every multiple of
 * `snapshotEvery` it passes that is not saved yet.
 * @param store the event store (the source of truth)
 * @param position the global position to stop at (≥ 0; events beyond it are never applied)
 * @returns the scratch read models; the caller closes them
 * @throws the database's error when migrating, restoring or applying fails (the scratch DB is closed first)
 */
export async function buildReadModelsAsOf(store: EventStore, position: bigint, options: BuildAsOfOptions = {}): Promise<AsOfReadModelsAt> {
  const { dataSource: ds, close } = await (options.scratch ?? openScratchReadModels)();
  try {
    const projections = options.projections ?? allProjections();
    const every = BigInt(options.snapshotEvery ?? 0);
    let from = 0n;
    if (options.snapshots) {
      const snapshot = await latestSnapshotAtOrBefore(options.snapshots, position);
      if (snapshot !== null) {
        await restoreSnapshot(options.snapshots, ds, snapshot);
        from = snapshot;
      }
    }
    const replayedFrom = from;
    let after = from;
    const batchSize = options.batchSize ?? 2000;
    while (after < position) {
      // Stop each batch at the next snapshot boundary (when saving) or at `position`.
      let bound = position;
      if (options.snapshots && every > 0n) {
        const next = (after / every + 1n) * every;
        if (next < bound) bound = next;
      }
      const read = await store.readAll({ after, limit: batchSize });
      const events = read.filter((e) => e.position <= bound);
      if (events.length > 0) {
        await ds.transaction(async (em) => {
          for (const p of projections) {
            const relevant = events.filter((e) => p.eventTypes.has(e.type) && (options.check?.(e) ?? null) === null);
            // An event the projector throws on is left out, as the runner parks it (and goes on).
            if (relevant.length > 0) await applyOrSetAside(p, relevant, em, async () => undefined);
          }
        });
      }
      // The store has nothing more ≤ bound once a batch stops short or passes it.
      after = read.length < batchSize || events.length < read.length ? bound : events[events.length - 1]!.position;
      if (options.snapshots && every > 0n && after === bound && bound % every === 0n && bound > replayedFrom) {
        await saveSnapshot(options.snapshots, ds, bound);
      }
    }
    for (const p of projections) {
      await ds.query(
        'INSERT INTO projection_checkpoints (name, position) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position',
        [p.name, position.toString()],
      );
    }
    return { position, dataSource: ds, replayedFrom, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}
