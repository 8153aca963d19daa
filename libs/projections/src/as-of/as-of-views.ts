import type { DataSource } from 'typeorm';
import type { EventStore, RecordedEvent } from '#event-store';
import { allProjections } from '../projections.js';
import type { ReadModelReader } from '../read-model-reader.js';
import { buildReadModelsAsOf, type AsOfReadModelsAt } from './as-of-replay.js';
import { asOfSearchPath, readModelsAsOf, versionedFrom, versionedTables } from './read-model-versioning.js';
import { ScratchReadModelsPool } from './scratch-read-models.js';

/** Options of {@link AsOfViews}. */
export interface AsOfViewsOptions {
  /** Save a snapshot of the read models at every multiple of this many positions (default 10,000; 0: none). */
  snapshotEvery?: number;
  /** How many scratch read models to keep, most recently used first (default 4). */
  cacheSize?: number;
  /** Read the live read models' row-version history when it covers the position (default true; false: always replay). */
  history?: boolean;
  /** How long {@link AsOfViews.reader} waits for the projections to pass a position before replaying instead, in ms (default 5,000). */
  projectionWaitMs?: number;
  /** The live runner's check: a replay leaves out the events it refuses, as the runner parks them. */
  check?: (event: RecordedEvent) => string | null;
}

/** Which way an as-of reader reads: the live row-version history, or read models replayed in a scratch database. */
export type AsOfSource = 'history' | 'replay';

/**
 * The read models as they stood at past global positions, for `asOf` queries. {@link reader} reads
 * the live read models' row-version history (read-model-versioning.ts: milliseconds, at any size)
 * when it covers the position and every projection has passed it; otherwise (a position before the
 * history starts, projections lagging) it falls back to {@link at}, which builds them with
 * {@link buildReadModelsAsOf} (snapshots in the live database, saved as replays pass them) and keeps
 * the last `cacheSize` built in memory (LRU; a request for a position being built waits for it).
 * Positions ≤ the store's head never change (the store never commits below its head), so a cached
 * view never goes stale.
 */
export class AsOfViews {
  private readonly cache = new Map<string, Promise<AsOfReadModelsAt>>();
  private readonly snapshotEvery: number;
  private readonly cacheSize: number;
  private readonly history: boolean;
  private readonly projectionWaitMs: number;
  private readonly check: ((event: RecordedEvent) => string | null) | undefined;
  private readonly projectionNames = allProjections().map((p) => p.name);
  private searchPath: Promise<string> | null = null;
  /** Empty scratch databases, one kept ready once asOf has been used (so the next build skips PGlite's start). */
  private readonly scratch = new ScratchReadModelsPool();

  constructor(
    private readonly store: EventStore,
    private readonly live: DataSource,
    options: AsOfViewsOptions = {},
  ) {
    this.snapshotEvery = options.snapshotEvery ?? 10_000;
    this.cacheSize = Math.max(1, options.cacheSize ?? 4);
    this.history = options.history ?? true;
    this.projectionWaitMs = options.projectionWaitMs ?? 5_000;
    this.check = options.check;
  }

  /**
   * A reader of the read models as they stood at `position` (must be ≤ the head: the caller checks),
   * and which way it reads: the row-version history when it is complete from before `position` and
   * every projection has passed `position` (waiting up to `projectionWaitMs`), else a replay ({@link at}).
   * @throws the database's error; the replay's error when it falls back
   */
  async reader(position: bigint): Promise<{ reader: ReadModelReader; source: AsOfSource }> {
    if (this.history) {
      const from = await versionedFrom(this.live, versionedTables(this.live));
      if (from !== null && position >= from && (await this.projectionsPassed(position))) {
        this.searchPath ??= asOfSearchPath(this.live);
        const path = this.searchPath;
        path.catch(() => {
          if (this.searchPath === path) this.searchPath = null;
        });
        const guard = { projections: this.projectionNames, fallback: async () => (await this.at(position)).dataSource };
        return { reader: readModelsAsOf(this.live, await path, position, guard), source: 'history' };
      }
    }
    return { reader: (await this.at(position)).dataSource, source: 'replay' };
  }

  /** Whether every projection's checkpoint reaches `position`, polling every 50 ms for up to `projectionWaitMs`. */
  private async projectionsPassed(position: bigint): Promise<boolean> {
    const deadline = performance.now() + this.projectionWaitMs;
    for (;;) {
      const [row]: { n: string; lowest: string | null }[] = await this.live.query(
        'SELECT count(*)::text AS n, min(position)::text AS lowest FROM projection_checkpoints WHERE name = ANY ($1)',
        [this.projectionNames],
      );
      if (Number(row!.n) === this.projectionNames.length && row!.lowest !== null && BigInt(row!.lowest) >= position) return true;
      if (performance.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** The store's head position (highest committed). */
  headPosition(): Promise<bigint> {
    return this.store.headPosition();
  }

  /** The last global position recorded at or before `time` (the store's `recordedAt`); 0n when none. */
  async positionAt(time: Date): Promise<bigint> {
    const rows: { position: string | null }[] = await this.live.query('SELECT max(position) AS position FROM es_events WHERE recorded_at <= $1', [time.toISOString()]);
    const p = rows[0]?.position;
    return p === null || p === undefined ? 0n : BigInt(p);
  }

  /** When the last event at or before `position` was recorded; null when there is none. */
  async recordedAt(position: bigint): Promise<Date | null> {
    const rows: { recorded_at: Date | string }[] = await this.live.query(
      'SELECT recorded_at FROM es_events WHERE position <= $1 ORDER BY position DESC LIMIT 1',
      [position.toString()],
    );
    return rows.length === 0 ? null : new Date(rows[0]!.recorded_at);
  }

  /**
   * The read models at `position` (must be ≤ the head: the caller checks), built or from the cache.
   * @throws the builder's error (then nothing is cached)
   */
  async at(position: bigint): Promise<AsOfReadModelsAt> {
    const key = position.toString();
    let view = this.cache.get(key);
    if (view) {
      this.cache.delete(key);
      this.cache.set(key, view);
      return view;
    }
    view = buildReadModelsAsOf(this.store, position, { snapshots: this.live, snapshotEvery: this.snapshotEvery, scratch: () => this.scratch.take(), ...(this.check && { check: this.check }) });
    this.cache.set(key, view);
    view.then(() => this.scratch.prepareSpare(), () => this.cache.delete(key));
    while (this.cache.size > this.cacheSize) {
      const [oldest, evicted] = this.cache.entries().next().value as [string, Promise<AsOfReadModelsAt>];
      this.cache.delete(oldest);
      // Let queries already handed this view finish before closing it.
      void evicted.then((v) => setTimeout(() => void v.close().catch(() => undefined), 30_000).unref(), () => undefined);
    }
    return view;
  }

  /** Closes every cached scratch database and the spare. */
  async close(): Promise<void> {
    const views = [...this.cache.values()];
    this.cache.clear();
    await this.scratch.close();
    for (const v of views) await v.then((x) => x.close(), () => undefined);
  }
}
