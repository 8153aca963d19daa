/**
 * The store-level pairs the bench has always measured (kept: the table's HTTP rows include the api
 * around them): appends of 100 events and of one event per transaction, and reading the global order,
 * each against the same work in raw SQL on a plain table, in a schema of their own.
 */
import { randomUUID } from 'node:crypto';
import { createDatabase } from '#database';
import { ensureEventStoreSchema, PostgresEventStore, type NewEvent } from '#event-store';
import { fmt, row, type BenchRow } from './table.js';

/**
 * @param databaseUrl the bench's database (a schema `store_<random>` is made and dropped in it)
 * @param n events per operation (≥ 100)
 */
export async function measureStoreRows(databaseUrl: string, n: number): Promise<BenchRow[]> {
  const schema = `store_${randomUUID().replace(/-/g, '').slice(0, 8)}`;
  const admin = createDatabase({ databaseUrl });
  await admin.query(`CREATE SCHEMA ${schema}`);
  const db = createDatabase({ databaseUrl, pg: { searchPath: schema } });
  try {
    await ensureEventStoreSchema(db);
    await db.query('CREATE TABLE raw_events (id bigserial PRIMARY KEY, stream_id text NOT NULL, data jsonb NOT NULL)');
    const store = new PostgresEventStore(db);
    const single = Math.max(100, Math.floor(n / 10));
    const rows: BenchRow[] = [];
    const pair = (figure: string, store: number, raw: number, rawWhat: string) =>
      rows.push(row({ figure, value: store, shown: `${fmt(store)} events/s`, raw, rawShown: `${fmt(raw)} rows/s (${rawWhat})`, goal: '— (no goal: the HTTP rows cover commands)', met: null }));

    const raw1 = await rate(n, async () => {
      for (let i = 0; i < n; i += 100) {
        const chunk = Array.from({ length: Math.min(100, n - i) }, (_, k) => payload(i + k));
        await db.query('INSERT INTO raw_events (stream_id, data) SELECT $1, e FROM jsonb_array_elements($2::jsonb) AS e', [`raw-${i}`, JSON.stringify(chunk)]);
      }
    });
    const store1 = await rate(n, async () => {
      for (let i = 0; i < n; i += 100) await store.append(`bench-${i}`, Array.from({ length: Math.min(100, n - i) }, (_, k) => newEvent(i + k)), 'no_stream');
    });
    pair(`store append, 100 events per append (${fmt(n)} events)`, store1, raw1, 'INSERT … SELECT of 100 rows');

    const raw2 = await rate(single, async () => {
      for (let i = 0; i < single; i++) await db.transaction((tx) => tx.query('INSERT INTO raw_events (stream_id, data) VALUES ($1, $2::jsonb)', [`raw1-${i}`, JSON.stringify(payload(i))]));
    });
    const store2 = await rate(single, async () => {
      for (let i = 0; i < single; i++) await store.append(`bench1-${i}`, [newEvent(i)], 'no_stream');
    });
    pair(`store append, one event per transaction (${fmt(single)} events)`, store2, raw2, 'one INSERT per transaction');

    const total = n + single;
    const raw3 = await rate(total, async () => {
      for (let after = 0; ; ) {
        const { rows: r } = await db.query<{ id: string }>('SELECT id, stream_id, data FROM raw_events WHERE id > $1 ORDER BY id LIMIT 1000', [after]);
        if (r.length === 0) break;
        after = Number(r[r.length - 1]!.id);
      }
    });
    const store3 = await rate(total, async () => {
      for (let after = 0n; ; ) {
        const events = await store.readAll({ after, limit: 1000 });
        if (events.length === 0) break;
        after = events[events.length - 1]!.position;
      }
    });
    pair(`store read of the global order, 1,000 per batch (${fmt(total)} events)`, store3, raw3, 'SELECT … ORDER BY id LIMIT 1000');
    return rows;
  } finally {
    await db.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
    await admin.close();
  }
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
