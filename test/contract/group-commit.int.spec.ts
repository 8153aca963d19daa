/**
 * Group commit, on PGlite and (with TEST_DATABASE_URL) PostgreSQL: concurrent appends of one store
 * share transactions, and each keeps its own outcome — a conflicting append fails alone with its own
 * error, a row the database refuses fails alone, an identical retry in the same group gets the
 * original result — while the others commit.
 */
import { randomUUID } from 'node:crypto';
import { PgliteDatabase, type Database, type SqlExecutor } from '#database';
import {
  DuplicateEventError,
  ensureEventStoreSchema,
  hashEvent,
  PostgresEventStore,
  WrongExpectedRevisionError,
  type NewEvent,
  type RecordedEvent,
} from '#event-store';
import { createTestSchema } from './postgres-test-schema.js';

/**
 * A `Database` that counts the transactions run through it, and refuses (as the database would a row
 * it cannot store) the insert of any group holding an event marked `"refuse": true`.
 */
class CountingDatabase implements Database {
  readonly kind: Database['kind'];
  transactions = 0;

  constructor(private readonly inner: Database) {
    this.kind = inner.kind;
  }

  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]) {
    return this.inner.query<Row>(sql, params);
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    this.transactions += 1;
    return this.inner.transaction((tx) =>
      work({
        query: async <Row = Record<string, unknown>>(sql: string, params?: unknown[]) => {
          if (sql.includes('INSERT INTO es_events') && (params ?? []).some((p) => typeof p === 'string' && p.includes('"refuse":true'))) {
            throw Object.assign(new Error('refused row (injected)'), { code: '22P05' });
          }
          return tx.query<Row>(sql, params);
        },
      }),
    );
  }

  close() {
    return this.inner.close();
  }
}

function event(data: Record<string, unknown> = {}): NewEvent {
  return { eventId: randomUUID(), type: 'GroupTested', schemaVersion: 1, data, metadata: { source: 'group-commit' } };
}

/** Every event of the store in global order. */
async function everything(store: PostgresEventStore): Promise<RecordedEvent[]> {
  const all: RecordedEvent[] = [];
  for (let batch = await store.readAll({ after: 0n }); batch.length > 0; batch = await store.readAll({ after: batch[batch.length - 1]!.position })) {
    all.push(...batch);
  }
  return all;
}

const backends: [string, () => Promise<{ db: Database; drop: () => Promise<void> }>][] = [
  ['PGlite', async () => {
    const db = new PgliteDatabase();
    return { db, drop: async () => undefined };
  }],
];
const url = process.env.TEST_DATABASE_URL;
if (url) {
  backends.push(['PostgreSQL', async () => {
    const schema = await createTestSchema(url, 'group');
    return { db: schema.open({ poolSize: 4 }), drop: () => schema.drop() };
  }]);
}

describe.each(backends)('group commit on %s', (_name, open) => {
  let db: CountingDatabase;
  let store: PostgresEventStore;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const opened = await open();
    db = new CountingDatabase(opened.db);
    drop = opened.drop;
    await ensureEventStoreSchema(db);
    store = new PostgresEventStore(db);
  });

  afterAll(async () => {
    await db.close();
    await drop();
  });

  it('commits 200 concurrent appends in far fewer transactions, each with its own contiguous positions', async () => {
    const before = db.transactions;
    const batches = Array.from({ length: 200 }, (_, i) => [event({ i }), event({ i, second: true })]);
    const results = await Promise.all(batches.map((batch, i) => store.append(`grouped-${i}-${randomUUID()}`, batch, 'no_stream')));
    const used = db.transactions - before;
    expect(used).toBeLessThan(50);
    const positions = results.flatMap((r) => r.positions);
    expect(new Set(positions).size).toBe(400);
    for (const r of results) {
      expect(r.streamRevision).toBe(1n);
      expect(r.positions[1]! - r.positions[0]!).toBe(1n);
      expect(r.position).toBe(r.positions[1]);
    }
    const stored = new Map((await everything(store)).map((e) => [e.eventId, e.position]));
    batches.forEach((batch, i) => batch.forEach((e, j) => expect(stored.get(e.eventId)).toBe(results[i]!.positions[j])));
  });

  it('a conflicting append fails alone with its own error while the rest of its group commits', async () => {
    const shared = `shared-${randomUUID()}`;
    await store.append(shared, [event()], 'no_stream'); // revision 0
    const good = Array.from({ length: 20 }, (_, i) => store.append(`ok-${i}-${randomUUID()}`, [event({ i })], 'no_stream'));
    const stale = store.append(shared, [event({ stale: true })], 5n);
    const exists = store.append(shared, [event({ exists: true })], 'no_stream');
    const next = store.append(shared, [event({ next: true })], 0n);
    const outcomes = await Promise.allSettled([...good, stale, exists, next]);
    expect(outcomes.slice(0, 20).every((o) => o.status === 'fulfilled')).toBe(true);
    const staleError = (outcomes[20] as PromiseRejectedResult).reason as WrongExpectedRevisionError;
    expect(staleError).toBeInstanceOf(WrongExpectedRevisionError);
    expect(staleError.expected).toBe(5n);
    const existsError = (outcomes[21] as PromiseRejectedResult).reason as WrongExpectedRevisionError;
    expect(existsError).toBeInstanceOf(WrongExpectedRevisionError);
    expect(outcomes[22]!.status).toBe('fulfilled');
    const history = await store.readStream(shared);
    expect(history.map((e) => e.data)).toEqual([{}, { next: true }]);
  });

  it('a row the database refuses fails alone, in a few transactions; its neighbours commit', async () => {
    const streams = Array.from({ length: 63 }, (_, i) => `neighbour-${i}-${randomUUID()}`);
    const refused = `refused-${randomUUID()}`;
    const before = db.transactions;
    const outcomes = await Promise.allSettled([
      ...streams.slice(0, 40).map((s) => store.append(s, [event()], 'no_stream')),
      store.append(refused, [event({ refuse: true })], 'no_stream'),
      ...streams.slice(40).map((s) => store.append(s, [event()], 'no_stream')),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(63);
    expect(((outcomes[40] as PromiseRejectedResult).reason as Error).message).toBe('refused row (injected)');
    expect(await store.streamRevision(refused)).toBeNull();
    for (const s of streams) expect(await store.streamRevision(s)).toBe(0n);
    // Halving, not one transaction per append: far fewer than 64 transactions for 64 appends.
    expect(db.transactions - before).toBeLessThan(40);
  });

  it('refuses before grouping what jsonb cannot hold (NUL, a lone surrogate), alone', async () => {
    const ok = store.append(`fine-${randomUUID()}`, [event()], 'no_stream');
    await expect(store.append(`nul-${randomUUID()}`, [event({ text: 'nul \u0000 here' })], 'no_stream')).rejects.toThrow(TypeError);
    await expect(store.append(`surrogate-${randomUUID()}`, [event({ text: 'half \ud800 pair' })], 'no_stream')).rejects.toThrow(TypeError);
    await expect(store.append(`nul-\u0000-${randomUUID()}`, [event()], 'no_stream')).rejects.toThrow(TypeError);
    await expect(store.append(`pair-${randomUUID()}`, [event({ text: 'a pair 😀 is fine' })], 'no_stream')).resolves.toMatchObject({ streamRevision: 0n });
    await expect(ok).resolves.toMatchObject({ streamRevision: 0n });
  });

  it('appends to one stream in one group chain their revisions and hashes; an identical retry in the group gets the original result', async () => {
    const stream = `chain-${randomUUID()}`;
    const first = [event({ n: 1 }), event({ n: 2 })];
    const outcomes = await Promise.all([
      store.append(stream, first, 'no_stream'),
      store.append(stream, [event({ n: 3 })], 'any'),
      store.append(stream, first, 'no_stream'), // the same ids: a retry of the first append
      store.append(stream, [event({ n: 4 })], 'any'),
    ]);
    expect(outcomes[2]).toEqual(outcomes[0]);
    const history = await store.readStream(stream);
    // Concurrent appends in different groups have no order between them; the first append's two events stay together.
    expect(history.map((e) => e.data['n']).slice(0, 2)).toEqual([1, 2]);
    expect(history.map((e) => e.data['n']).sort()).toEqual([1, 2, 3, 4]);
    expect(history.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n]);
    // The hash chain, recomputed here from the stored fields.
    let previous: string | null = null;
    for (const e of history) {
      expect(e.previousHash).toBe(previous);
      expect(e.hash).toBe(hashEvent(previous, e));
      previous = e.hash;
    }
    // Positions follow revisions, and recording times follow positions.
    for (let i = 1; i < history.length; i++) {
      expect(history[i]!.position > history[i - 1]!.position).toBe(true);
      expect(history[i]!.recordedAt.getTime()).toBeGreaterThanOrEqual(history[i - 1]!.recordedAt.getTime());
    }
  });

  it('ids of one append partly reused by another in the same group: the second fails with DuplicateEventError', async () => {
    const a = event();
    const outcomes = await Promise.allSettled([
      store.append(`dup-a-${randomUUID()}`, [a, event()], 'no_stream'),
      store.append(`dup-b-${randomUUID()}`, [a], 'no_stream'),
    ]);
    expect(outcomes[0]!.status).toBe('fulfilled');
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateEventError);
  });
});
