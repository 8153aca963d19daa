/**
 * `zhiben bench`: the benchmark harness. Measures the event store against the raw database in the
 * same run, on the same connection kind, and reports each operation as a ratio of the raw rate:
 * the speed targets are these ratios, not absolute times (the machine and its load vary).
 */
import { randomUUID } from 'node:crypto';
import { Command, InvalidArgumentError } from 'commander';
import cliProgress from 'cli-progress';
import { assertTestDatabase, createDatabase, type Database } from '#database';
import { ensureEventStoreSchema, PostgresEventStore, type NewEvent } from '#event-store';
import { benchAsOf } from './bench-as-of.js';
import { err, out } from './output.js';

/** Options of {@link runBench}. */
export interface BenchOptions {
  /** Events per measured operation. */
  events: number;
  /** PostgreSQL database to measure (its name must contain `test` or `bench`); default: in-memory PGlite. */
  databaseUrl?: string;
  /** Show a progress bar on stderr (the command line does; tests do not). */
  progress?: boolean;
  /** Lectures appended for the asOf case (0: skip it; default 0 for `runBench`, 20,000 on the command line). */
  asOfEvents?: number;
  /** Positions between read-model snapshots in the asOf case (default 5,000; production: AS_OF_SNAPSHOT_EVERY, 10,000). */
  asOfSnapshotEvery?: number;
  /** Also measure the replay asOf falls back to (default true; `--no-as-of-replay` skips it: a full replay of a million events takes a quarter of an hour). */
  asOfReplay?: boolean;
  /** Lines that are not rates (projection time, history and snapshot storage) are pushed here when given. */
  notes?: string[];
}

/** One measured pair: the store's rate, the raw database's rate, and their ratio. */
export interface BenchResult {
  operation: string;
  storePerSecond: number;
  rawPerSecond: number;
  /** storePerSecond ÷ rawPerSecond. */
  ratio: number;
}

/** The `bench` sub-command. */
export function benchCommand(): Command {
  return new Command('bench')
    .description('measure the event store against the raw database in one run (append, single-event append, read, statistics asOf); prints ratios')
    .option('--events <n>', 'events per measured operation', parsePositive, 5000)
    .option('--as-of-events <n>', 'lectures in the history the asOf case replays (0 skips it; e.g. 1000000)', parseCount, 20_000)
    .option('--as-of-snapshot-every <n>', 'positions between read-model snapshots in the asOf case (production default 10000)', parsePositive, 5000)
    .option('--no-as-of-replay', 'measure asOf from the row-version history only, not the replay it falls back to')
    .option('--database-url <url>', 'a PostgreSQL database whose name contains "test" or "bench" (default: in-memory PGlite)')
    .action(async (options: BenchOptions) => {
      const notes: string[] = [];
      const results = await runBench({ ...options, progress: true, notes });
      out([formatResults(results), ...notes].join('\n'));
    });
}

/**
 * Runs the benchmark in a fresh schema (PostgreSQL) or a fresh in-memory PGlite.
 * @returns one result per operation
 * @throws Error when the database's name contains neither `test` nor `bench`
 */
export async function runBench(options: BenchOptions): Promise<BenchResult[]> {
  if (options.databaseUrl) {
    const name = new URL(options.databaseUrl).pathname.slice(1);
    if (!/bench/i.test(name)) assertTestDatabase(options.databaseUrl);
  }
  const { db, drop } = await openBenchDatabase(options.databaseUrl);
  const bar = options.progress
    ? new cliProgress.SingleBar({ format: 'bench |{bar}| {value}/{total} {step}', stream: process.stderr }, cliProgress.Presets.shades_classic)
    : null;
  const n = options.events;
  const single = Math.max(100, Math.floor(n / 10));
  const asOfEvents = options.asOfEvents ?? 0;
  bar?.start(2 * n + 2 * single + 2 + (asOfEvents > 0 ? asOfEvents + 6 : 0), 0, { step: '' });
  try {
    await ensureEventStoreSchema(db);
    await db.query('CREATE TABLE raw_events (id bigserial PRIMARY KEY, stream_id text NOT NULL, data jsonb NOT NULL)');
    const store = new PostgresEventStore(db);
    const results: BenchResult[] = [];

    bar?.update({ step: 'append, 100 events per append' });
    const raw1 = await rate(n, async () => {
      for (let i = 0; i < n; i += 100) {
        await db.query(
          'INSERT INTO raw_events (stream_id, data) SELECT $1, e FROM jsonb_array_elements($2::jsonb) AS e',
          [`raw-${i}`, JSON.stringify(Array.from({ length: Math.min(100, n - i) }, (_, k) => payload(i + k)))],
        );
        bar?.increment(Math.min(100, n - i));
      }
    });
    const store1 = await rate(n, async () => {
      for (let i = 0; i < n; i += 100) {
        await store.append(`bench-${i}`, Array.from({ length: Math.min(100, n - i) }, (_, k) => newEvent(i + k)), 'no_stream');
        bar?.increment(Math.min(100, n - i));
      }
    });
    results.push(result('append, 100 events per append', store1, raw1));

    bar?.update({ step: 'append, one event per transaction' });
    const raw2 = await rate(single, async () => {
      for (let i = 0; i < single; i++) {
        await db.transaction((tx) => tx.query('INSERT INTO raw_events (stream_id, data) VALUES ($1, $2::jsonb)', [`raw1-${i}`, JSON.stringify(payload(i))]));
        bar?.increment();
      }
    });
    const store2 = await rate(single, async () => {
      for (let i = 0; i < single; i++) {
        await store.append(`bench1-${i}`, [newEvent(i)], 'no_stream');
        bar?.increment();
      }
    });
    results.push(result('append, one event per transaction', store2, raw2));

    bar?.update({ step: 'read the global order, 1,000 per batch' });
    const total = n + single;
    const raw3 = await rate(total, async () => {
      for (let after = 0; ; ) {
        const { rows } = await db.query<{ id: string }>('SELECT id, stream_id, data FROM raw_events WHERE id > $1 ORDER BY id LIMIT 1000', [after]);
        if (rows.length === 0) break;
        after = Number(rows[rows.length - 1]!.id);
      }
    });
    bar?.increment();
    const store3 = await rate(total, async () => {
      for (let after = 0n; ; ) {
        const events = await store.readAll({ after, limit: 1000 });
        if (events.length === 0) break;
        after = events[events.length - 1]!.position;
      }
    });
    bar?.increment();
    results.push(result('read the global order, 1,000 per batch', store3, raw3));

    if (asOfEvents > 0) {
      bar?.update({ step: 'statistics asOf' });
      // A store of its own: the read models' projections must see only real domain events.
      const second = await openBenchDatabase(options.databaseUrl);
      let asOf;
      try {
        await ensureEventStoreSchema(second.db);
        asOf = await benchAsOf(second.db, new PostgresEventStore(second.db), {
          events: asOfEvents,
          snapshotEvery: options.asOfSnapshotEvery ?? 5000,
          databaseUrl: second.url,
          replay: options.asOfReplay ?? true,
          progress: (k) => bar?.increment(k),
          ...(options.notes ? { notes: options.notes } : {}),
        });
        options.notes?.push(await snapshotStorage(second.db));
      } finally {
        await second.drop();
      }
      // Rates in events reflected per second: the history up to the position, over the time to answer.
      for (const r of asOf) {
        const events = Number(r.position);
        results.push(result(`${r.operation} (P=${r.position})`, events / r.asOfSeconds, events / r.rawSeconds));
      }
    }
    return results;
  } finally {
    bar?.stop();
    await drop();
  }
}

/**
 * A fresh schema `zhiben_bench_<random>` on PostgreSQL (with the URL of a pool in it), or a fresh
 * in-memory PGlite; `drop` drops the schema and closes the database.
 */
async function openBenchDatabase(databaseUrl: string | undefined): Promise<{ db: Database; url: string | undefined; drop(): Promise<void> }> {
  if (!databaseUrl) {
    const db = createDatabase({ dataDir: 'memory://' });
    return { db, url: undefined, drop: () => db.close() };
  }
  const schema = `zhiben_bench_${randomUUID().replace(/-/g, '').slice(0, 8)}`;
  const admin = createDatabase({ databaseUrl });
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.close();
  const db = createDatabase({ databaseUrl, pg: { searchPath: schema } });
  return {
    db,
    url: withSearchPath(databaseUrl, schema),
    drop: async () => {
      await db.query(`DROP SCHEMA ${schema} CASCADE`).catch((e: unknown) => err(`could not drop ${schema}: ${String(e)}`));
      await db.query(`DROP SCHEMA IF EXISTS ${schema}_as_of CASCADE`).catch((e: unknown) => err(`could not drop ${schema}_as_of: ${String(e)}`));
      await db.close();
    },
  };
}

function payload(i: number): Record<string, unknown> {
  return { hazardId: randomUUID(), grade: i % 30 === 0 ? 'major' : 'general', title: `隐患 ${i}`, discoveredAt: '2025-03-01T09:00:00+08:00' };
}

function newEvent(i: number): NewEvent {
  return { eventId: randomUUID(), type: 'HazardReported', schemaVersion: 1, data: payload(i), metadata: { bench: true } };
}

async function rate(count: number, work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return count / ((performance.now() - started) / 1000);
}

function result(operation: string, storePerSecond: number, rawPerSecond: number): BenchResult {
  return { operation, storePerSecond, rawPerSecond, ratio: storePerSecond / rawPerSecond };
}

/** A plain-text table of the results: operation, store events/s, raw rows/s, ratio. */
export function formatResults(results: BenchResult[]): string {
  const width = Math.max(40, ...results.map((r) => r.operation.length));
  const lines = [`${'operation'.padEnd(width)}   store/s      raw/s   store ÷ raw`];
  for (const r of results) {
    lines.push(
      `${r.operation.padEnd(width)} ${r.storePerSecond.toFixed(0).padStart(9)} ${r.rawPerSecond.toFixed(0).padStart(10)}   ${r.ratio.toFixed(r.ratio < 0.01 ? 4 : 2).padStart(11)}`,
    );
  }
  return lines.join('\n');
}

/** The asOf case's snapshots: how many, their rows' chunks, and the bytes the two tables take (with indexes and TOAST). */
async function snapshotStorage(db: Database): Promise<string> {
  const { rows } = await db.query<{ snapshots: string; chunks: string; bytes: string }>(
    `SELECT (SELECT count(*) FROM read_model_snapshots) AS snapshots, (SELECT count(*) FROM read_model_snapshot_rows) AS chunks,
            pg_total_relation_size('read_model_snapshots') + pg_total_relation_size('read_model_snapshot_rows') AS bytes`,
  );
  const r = rows[0]!;
  return `asOf snapshots: ${r.snapshots} snapshot(s), ${r.chunks} chunk(s), ${(Number(r.bytes) / 1048576).toFixed(1)} MB`;
}

/** `url` with `options=-c search_path=<schema>`, so a second pool (the read models') works in the bench schema. */
function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('must be a non-negative integer');
  return n;
}

function parsePositive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 100) throw new InvalidArgumentError('must be an integer ≥ 100');
  return n;
}

