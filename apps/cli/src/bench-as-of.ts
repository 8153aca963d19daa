/**
 * The `asOf` case of `zhiben bench`: statistics as they stood at a past position (issue 4, part 4),
 * measured against the raw database computing the same figure straight from the same events.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '#database';
import type { LectureHeld } from '#domain';
import type { EventStore, NewEvent } from '#event-store';
import {
  allProjections,
  AsOfViews,
  buildReadModelsAsOf,
  ProjectionRunner,
  createReadModelDataSource,
  initialiseReadModels,
  migratedReadModelsImage,
  queryPublicityStatistics,
  type ReadModelReader,
} from '#projections';

/** Options of {@link benchAsOf}. */
export interface BenchAsOfOptions {
  /** Real `LectureHeld` events appended before measuring (the history asOf replays). */
  events: number;
  /** Positions between read-model snapshots (production default 10,000). */
  snapshotEvery: number;
  /** The read models' PostgreSQL URL (search_path set to the bench schema); absent on PGlite. */
  databaseUrl?: string | undefined;
  /** Also measure the replay the history falls back to (full replay, snapshot + replay, cached); default true. */
  replay?: boolean;
  /** Called as work is done (units: appended events, then one per measured step). */
  progress?: (done: number) => void;
  /** Lines that are not rates (projection time, history size) are pushed here when given. */
  notes?: string[];
}

/** One measured asOf operation: events reflected per second by asOf and by the raw aggregate, at `position`. */
export interface BenchAsOfResult {
  operation: string;
  position: bigint;
  asOfSeconds: number;
  rawSeconds: number;
}

/** Five district codes of the reference data the generated lectures are spread over. */
const DISTRICTS = ['500101', '500102', '500103', '500104', '500105'];

/**
 * Appends `events` lectures (100 per append, one district-year stream each) and projects them with
 * the worker's projections (keeping the row-version history), then measures the publicity figures
 * asOf a mid position and the head read from the row-version history — and, unless `replay` is
 * false, the replay the history falls back to: at the head with no snapshot (full replay; it saves
 * the snapshots), at a position `snapshotEvery − 1` past a snapshot (restore + the longest replay) and
 * that position again (cached) — each against a raw `GROUP BY` over the same events in `es_events`.
 * Every asOf answer is checked against the raw counts.
 * @throws Error when an asOf figure differs from the raw database's count (the bench is then wrong, not slow)
 */
export async function benchAsOf(db: Database, store: EventStore, options: BenchAsOfOptions): Promise<BenchAsOfResult[]> {
  const n = options.events;
  for (let i = 0; i < n; i += 100) {
    const district = DISTRICTS[(i / 100) % DISTRICTS.length]!;
    await store.append(`publicity-${district}-2025`, Array.from({ length: Math.min(100, n - i) }, (_, k) => lecture(district, i + k)), 'any');
    options.progress?.(Math.min(100, n - i));
  }
  const head = await store.headPosition();
  const live = createReadModelDataSource(db, options.databaseUrl);
  await initialiseReadModels(live, db.kind);
  const runner = new ProjectionRunner(store, live, allProjections(), { log: () => undefined, error: () => undefined }, { batchSize: 2000 });
  const [projectSeconds] = await timed(() => runner.catchUp());
  options.notes?.push(`asOf history: ${n} events projected with row versions in ${projectSeconds.toFixed(1)} s (${(n / projectSeconds).toFixed(0)} events/s); ${await historyStorage(db)}`);
  options.progress?.(1);
  await migratedReadModelsImage(); // once per process: not part of any query
  const views = new AsOfViews(store, live, { snapshotEvery: options.snapshotEvery });
  const replayViews = new AsOfViews(store, live, { snapshotEvery: options.snapshotEvery, history: false });
  const every = BigInt(options.snapshotEvery);
  const results: BenchAsOfResult[] = [];
  try {
    const measure = async (operation: string, position: bigint, asOf: () => Promise<Counts>) => {
      const [asOfSeconds, got] = await timed(asOf);
      const [rawSeconds, expected] = await timed(() => rawCounts(db, position));
      if (JSON.stringify(got) !== JSON.stringify(expected)) {
        throw new Error(`asOf ${position}: figures ${JSON.stringify(got)} differ from the raw count ${JSON.stringify(expected)}`);
      }
      results.push({ operation, position, asOfSeconds, rawSeconds });
      options.progress?.(1);
    };
    const fromHistory = (position: bigint) => async () => {
      const { reader, source } = await views.reader(position);
      if (source !== 'history') throw new Error(`asOf ${position} was not served from the row-version history`);
      return figures(reader);
    };
    const mid = every > 0n ? minBig(head, ((head / 2n) / every) * every + every - 1n) : head / 2n;
    await measure('asOf mid-history, row-version history', mid, fromHistory(mid));
    await measure('asOf at the head, row-version history', head, fromHistory(head));
    if (options.replay === false) return results;
    await measure('asOf at the head, full replay', head, async () => {
      const built = await buildReadModelsAsOf(store, head, { snapshots: live, snapshotEvery: options.snapshotEvery });
      try {
        return await figures(built.dataSource);
      } finally {
        await built.close();
      }
    });
    await measure('asOf mid-history, snapshot + replay', mid, async () => figures((await replayViews.reader(mid)).reader));
    await measure('asOf mid-history, replay cached', mid, async () => figures((await replayViews.reader(mid)).reader));
    return results;
  } finally {
    await views.close();
    await replayViews.close();
    await live.destroy();
  }
}

/** The row-version history's size: versions kept and the bytes of every `*__versions` table (indexes and TOAST included). */
async function historyStorage(db: Database): Promise<string> {
  const { rows } = await db.query<{ tables: string; bytes: string | null }>(
    `SELECT count(*) AS tables, sum(pg_total_relation_size(c.oid)) AS bytes FROM pg_class c
      WHERE c.relkind = 'r' AND c.relname LIKE '%\\_\\_versions' AND c.relnamespace = current_schema()::regnamespace`,
  );
  const { rows: v } = await db.query<{ n: string }>('SELECT count(*) AS n FROM publicity_figure_lectures__versions');
  return `row versions: ${v[0]!.n} lecture versions, ${rows[0]!.tables} history tables, ${(Number(rows[0]!.bytes ?? 0) / 1048576).toFixed(1)} MB`;
}

/** Lectures and audience per district code, ordered by code. */
type Counts = [string, number, number][];

async function figures(ds: ReadModelReader): Promise<Counts> {
  const groups = DISTRICTS.map((code) => ({ code, name: code }));
  const { rows } = await queryPublicityStatistics(ds, { groupBy: 'district', year: 2025, today: '2025-12-31', groups, remap: [] });
  return rows.map((r) => [r.key, r.lectures, r.lectureAudience]);
}

/** The same figure computed by the raw database straight from the stored events up to `position`. */
async function rawCounts(db: Database, position: bigint): Promise<Counts> {
  const { rows } = await db.query<{ d: string; n: string; a: string }>(
    `SELECT data->>'districtCode' AS d, count(*) AS n, sum((data->>'audienceSize')::int) AS a
       FROM es_events WHERE position <= $1 AND type = 'LectureHeld' GROUP BY 1`,
    [position.toString()],
  );
  const by = new Map(rows.map((r) => [r.d, r]));
  return DISTRICTS.map((d) => [d, Number(by.get(d)?.n ?? 0), Number(by.get(d)?.a ?? 0)]);
}

function lecture(districtCode: string, i: number): NewEvent {
  const day = new Date(Date.UTC(2025, 0, 1 + (i % 365))).toISOString().slice(0, 10);
  const event: LectureHeld = {
    type: 'LectureHeld',
    data: { lectureId: randomUUID(), districtCode, sector: null, topic: '千师万讲', audienceSize: 20 + (i % 80), heldAt: `${day}T09:00:00+08:00` },
  };
  return { eventId: randomUUID(), type: event.type, schemaVersion: 1, data: event.data, metadata: { bench: true } };
}

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const value = await work();
  return [(performance.now() - started) / 1000, value];
}

const minBig = (a: bigint, b: bigint): bigint => (a < b ? a : b);
