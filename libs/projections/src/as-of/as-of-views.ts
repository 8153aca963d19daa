import type { DataSource } from 'typeorm';
import type { EventStore } from '#event-store';
import { buildReadModelsAsOf, type AsOfReadModelsAt } from './as-of-replay.js';
import { ScratchReadModelsPool } from './scratch-read-models.js';

/** Options of {@link AsOfViews}. */
export interface AsOfViewsOptions {
  /** Save a snapshot of the read models at every multiple of this many positions (default 10,000; 0: none). */
  snapshotEvery?: number;
  /** How many scratch read models to keep, most recently used first (default 4). */
  cacheSize?: number;
}

/**
 * The read models as they stood at past global positions, for `asOf` queries: builds them with
 * {@link buildReadModelsAsOf} (snapshots in the live database, saved as replays pass them) and keeps
 * the last `cacheSize` built in memory (LRU; a request for a position being built waits for it).
 * Positions ≤ the store's head never change (the store never commits below its head), so a cached
 * view never goes stale.
 */
export class AsOfViews {
  private readonly cache = new Map<string, Promise<AsOfReadModelsAt>>();
  private readonly snapshotEvery: number;
  private readonly cacheSize: number;
  /** Empty scratch databases, one kept ready once asOf has been used (so the next build skips PGlite's start). */
  private readonly scratch = new ScratchReadModelsPool();

  constructor(
    private readonly store: EventStore,
    private readonly live: DataSource,
    options: AsOfViewsOptions = {},
  ) {
    this.snapshotEvery = options.snapshotEvery ?? 10_000;
    this.cacheSize = Math.max(1, options.cacheSize ?? 4);
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
    view = buildReadModelsAsOf(this.store, position, { snapshots: this.live, snapshotEvery: this.snapshotEvery, scratch: () => this.scratch.take() });
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
