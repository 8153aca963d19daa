/**
 * Gap safety of the global order under concurrent writers, on a PostgreSQL server (TEST_DATABASE_URL).
 *
 * 1. A deterministic pair: an append that has allocated its positions but not committed holds every
 *    later append back (positive), and the same interleaving without the append lock lets a reader
 *    move past a position that commits afterwards (control: what the lock prevents).
 * 2. A randomised workload: 8 writers, each on its own connection and store instance, appending
 *    thousands of events to shared, private and racing streams, with expected-revision conflicts,
 *    appends failed after allocating positions (gaps), idempotent races, and random work inside the
 *    transactions before the lock; while a subscriber on another connection (polling, as another
 *    process would) and one in a writer's process follow the global order.
 */
import { randomUUID } from 'node:crypto';
import type { Database, PgDatabase, SqlExecutor } from '#database';
import {
  hashEvent,
  PostgresEventStore,
  WrongExpectedRevisionError,
  type AppendResult,
  type NewEvent,
  type RecordedEvent,
} from '#event-store';
import { createTestSchema, type TestSchema } from './postgres-test-schema.js';

const url = process.env.TEST_DATABASE_URL;

/** Hooks into the statements an append runs inside its transaction. */
interface Hooks {
  /** Replaces the SQL of the append lock statement (the control suppresses the lock). */
  lockSql?: (sql: string) => string;
  /** Runs inside the transaction just before the append lock is requested. */
  beforeLock?: (tx: SqlExecutor) => Promise<void>;
  /** Runs after the events are inserted (positions allocated), before COMMIT; may throw to roll back. */
  afterInsert?: (tx: SqlExecutor, params: unknown[] | undefined) => Promise<void>;
}

/** A `Database` that runs hooks around the event store's statements (fault and delay injection). */
class InstrumentedDatabase implements Database {
  readonly kind: Database['kind'];

  constructor(
    private readonly inner: Database,
    private readonly hooks: Hooks,
  ) {
    this.kind = inner.kind;
  }

  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]) {
    return this.inner.query<Row>(sql, params);
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.inner.transaction((tx) =>
      work({
        query: async <Row = Record<string, unknown>>(sql: string, params?: unknown[]) => {
          if (sql.includes('pg_advisory_xact_lock')) {
            await this.hooks.beforeLock?.(tx);
            return tx.query<Row>(this.hooks.lockSql?.(sql) ?? sql, params);
          }
          const result = await tx.query<Row>(sql, params);
          if (sql.includes('INSERT INTO es_events')) await this.hooks.afterInsert?.(tx, params);
          return result;
        },
      }),
    );
  }

  close() {
    return this.inner.close();
  }
}

/** Polls `condition` until it holds (a condition, not a fixed sleep); fails after `timeoutMs`. */
async function waitUntil(condition: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await condition())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

function gate(): { reached: Promise<void>; pass: () => void; wait: () => Promise<void> } {
  let reach!: () => void;
  let pass!: () => void;
  const reached = new Promise<void>((resolve) => (reach = resolve));
  const passed = new Promise<void>((resolve) => (pass = resolve));
  return {
    reached,
    pass,
    wait: async () => {
      reach();
      await passed;
    },
  };
}

function event(data: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}): NewEvent {
  return { eventId: randomUUID(), type: 'LoadTested', schemaVersion: 1, data, metadata: { source: 'concurrent-writers', ...metadata } };
}

async function waitingAdvisoryLocks(db: PgDatabase): Promise<number> {
  const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
  return Number(rows[0].n);
}

async function waitingRowLocks(db: PgDatabase): Promise<number> {
  const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM pg_locks WHERE locktype IN ('transactionid', 'tuple') AND NOT granted`);
  return Number(rows[0].n);
}

/** A small seeded PRNG (mulberry32), so a workload is the same from run to run (its timing is not). */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

if (url !== undefined && url !== '') {
  describe('gap safety of the append lock (deterministic)', () => {
    let schema: TestSchema;
    let inspector: PgDatabase;
    const opened: Database[] = [];
    const open = (hooks: Hooks = {}) => {
      const db = new InstrumentedDatabase(schema.open({ poolSize: 1 }), hooks);
      opened.push(db);
      return new PostgresEventStore(db, { pollIntervalMs: 20 });
    };

    beforeAll(async () => {
      schema = await createTestSchema(url, 'gap');
      inspector = schema.open({ poolSize: 1 });
    });

    afterAll(async () => {
      await Promise.all(opened.map((db) => db.close()));
      await inspector?.close();
      await schema?.drop();
    });

    it('holds a later append back until an append that allocated earlier positions commits', async () => {
      const reader = open();
      const head = await reader.headPosition();
      const held = gate();
      const slow = open({ afterInsert: () => held.wait() });
      const fast = open();

      const slowAppend = slow.append(`slow-${randomUUID()}`, [event()], 'no_stream');
      await held.reached; // positions allocated and inserted, not committed, lock held
      const fastAppend = fast.append(`fast-${randomUUID()}`, [event()], 'no_stream');
      await waitUntil(async () => (await waitingAdvisoryLocks(inspector)) >= 1, 'the second append waits for the lock');
      expect(await reader.readAll({ after: head })).toEqual([]);

      held.pass();
      const [slowResult, fastResult] = await Promise.all([slowAppend, fastAppend]);
      expect(slowResult.position < fastResult.position).toBe(true);
      expect((await reader.readAll({ after: head })).map((e) => e.position)).toEqual([slowResult.position, fastResult.position]);
    });

    it('an identical retry that waited for the stream while the first append committed gets the original result, not a conflict', async () => {
      const stream = `retry-${randomUUID()}`;
      await open().append(stream, [event()], 'no_stream'); // revision 0
      const batch = [event(), event()];
      const held = gate();
      const first = open({ afterInsert: () => held.wait() });
      const retry = open();
      const firstAppend = first.append(stream, batch, 0n);
      await held.reached; // the first holds the stream's row lock, its rows inserted, not committed
      const retryAppend = retry.append(stream, batch, 0n);
      await waitUntil(async () => (await waitingRowLocks(inspector)) >= 1, 'the retry waits for the stream row');
      held.pass();
      const [original, retried] = await Promise.all([firstAppend, retryAppend]);
      expect(retried).toEqual(original);
      expect(original.streamRevision).toBe(2n);
      expect((await open().readStream(stream)).map((e) => e.eventId)).toHaveLength(3);
    });

    it('(control) without the lock, a reader passes a position that commits afterwards and misses it', async () => {
      const noLock = (sql: string) => sql.replace(/pg_advisory_xact_lock\([^)]*\)/, '1');
      const reader = open();
      const head = await reader.headPosition();
      const held = gate();
      const slow = open({ lockSql: noLock, afterInsert: () => held.wait() });
      const fast = open({ lockSql: noLock });

      const slowAppend = slow.append(`slow-${randomUUID()}`, [event()], 'no_stream');
      await held.reached;
      const fastResult = await fast.append(`fast-${randomUUID()}`, [event()], 'no_stream');

      // a reader following the global order sees the later position first and checkpoints it
      const firstRead = await reader.readAll({ after: head });
      expect(firstRead.map((e) => e.position)).toEqual([fastResult.position]);
      const checkpoint = firstRead[0].position;

      held.pass();
      const slowResult = await slowAppend;
      expect(slowResult.position < checkpoint).toBe(true);
      // the earlier position is now committed, but behind the reader's checkpoint: it is never read
      expect(await reader.readAll({ after: checkpoint })).toEqual([]);
      expect((await reader.readAll({ after: head })).map((e) => e.position)).toEqual([slowResult.position, fastResult.position]);
    });
  });

  describe('racing appends to a new stream', () => {
    let schema: TestSchema;
    const opened: Database[] = [];
    const stores = (count: number) =>
      Array.from({ length: count }, () => {
        const db = schema.open({ poolSize: 1 });
        opened.push(db);
        return new PostgresEventStore(db);
      });

    beforeAll(async () => {
      schema = await createTestSchema(url, 'race');
    });

    afterAll(async () => {
      await Promise.all(opened.map((db) => db.close()));
      await schema?.drop();
    });

    it("'no_stream': exactly one of 8 wins, the others get WrongExpectedRevisionError with its revision", async () => {
      const stream = `race-${randomUUID()}`;
      const outcomes = await Promise.allSettled(stores(8).map((store) => store.append(stream, [event(), event()], 'no_stream')));
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(7);
      for (const error of lost) {
        expect(error).toBeInstanceOf(WrongExpectedRevisionError);
        expect((error as WrongExpectedRevisionError).actual).toBe(1n);
      }
      expect(await stores(1)[0].readStream(stream)).toHaveLength(2);
    });

    it("'any': all of 8 succeed, one after another", async () => {
      const stream = `race-any-${randomUUID()}`;
      const results = await Promise.all(stores(8).map((store) => store.append(stream, [event()], 'any')));
      expect(results.map((r) => r.streamRevision).sort()).toEqual([0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n]);
    });

    it('identical appends (same event ids) racing all return the one original result', async () => {
      const stream = `race-same-${randomUUID()}`;
      const batch = [event(), event(), event()];
      const results = await Promise.all(stores(8).map((store) => store.append(stream, batch, 'no_stream')));
      results.forEach((r) => expect(r).toEqual(results[0]));
      expect(await stores(1)[0].readStream(stream)).toHaveLength(3);
    });
  });

  describe('concurrent writers and subscribers (randomised)', () => {
    const WRITERS = 8;
    const ROUNDS = 250;
    const SHARED_STREAMS = 4;
    const SEED = 20240601;
    let schema: TestSchema;
    const opened: Database[] = [];

    beforeAll(async () => {
      schema = await createTestSchema(url, 'writers');
    });

    afterAll(async () => {
      await Promise.all(opened.map((db) => db.close()));
      await schema?.drop();
    });

    it('delivers every committed event exactly once, in strictly increasing positions, equal to a final readAll', async () => {
      const committed = new Map<string, bigint>(); // eventId → position, from successful appends
      const rolledBack = new Set<string>(); // eventIds of appends failed after allocating positions
      const stats = { appends: 0, conflicts: 0, injectedFailures: 0, idempotentRaces: 0, raceWins: 0 };
      const raceStreams = new Set<string>();

      // Idempotency races: every writer appends the same batch (same ids) to the same new stream.
      const duplicateBatches = new Map<number, NewEvent[]>();
      for (let round = 0; round < ROUNDS; round += 25) duplicateBatches.set(round, [event({ round }), event({ round })]);
      const duplicateResults = new Map<number, AppendResult[]>();

      const makeWriter = (index: number) => {
        const random = prng(SEED + index);
        const db = new InstrumentedDatabase(schema.open({ poolSize: 1, applicationName: `writer-${index}` }), {
          // random work inside the transaction before the lock reshuffles who allocates next
          beforeLock: async (tx) => {
            const r = random();
            if (r < 0.2) await tx.query(`SELECT pg_sleep($1)`, [random() * 0.003]);
            else if (r < 0.4) await new Promise((resolve) => setImmediate(resolve));
          },
          // some appends fail after allocating and inserting (a gap); a few commit slowly
          afterInsert: async (tx, params) => {
            if ((params ?? []).some((p) => typeof p === 'string' && p.includes('"inject":"fail-after-insert"'))) {
              throw new Error('injected failure after allocating positions');
            }
            if (random() < 0.05) await tx.query(`SELECT pg_sleep(0.001)`);
          },
        });
        opened.push(db);
        return { index, random, store: new PostgresEventStore(db, { pollIntervalMs: 20 }) };
      };

      const record = (result: AppendResult, batch: NewEvent[]) => {
        batch.forEach((e, i) => committed.set(e.eventId, result.positions[i]));
      };

      const runWriter = async ({ index, random, store }: ReturnType<typeof makeWriter>) => {
        const privateStreams = Array.from({ length: 3 }, () => ({ id: `private-${index}-${randomUUID()}`, revision: null as bigint | null }));
        for (let round = 0; round < ROUNDS; round += 1) {
          const size = 1 + Math.floor(random() * 4);
          const batch = Array.from({ length: size }, (_, i) => event({ writer: index, round, i }));
          const duplicate = duplicateBatches.get(round);
          if (duplicate !== undefined) {
            const result = await store.append(`duplicate-${round}`, duplicate, 'any');
            duplicateResults.set(round, [...(duplicateResults.get(round) ?? []), result]);
            record(result, duplicate);
            continue;
          }
          const kind = random();
          try {
            if (kind < 0.05) {
              const failing = batch.map((e) => ({ ...e, metadata: { ...e.metadata, inject: 'fail-after-insert' } }));
              await expect(store.append(`private-fail-${index}`, failing, 'any')).rejects.toThrow('injected failure');
              failing.forEach((e) => rolledBack.add(e.eventId));
              stats.injectedFailures += 1;
              continue;
            }
            if (kind < 0.15) {
              const id = `race-${round}`;
              raceStreams.add(id);
              record(await store.append(id, batch, 'no_stream'), batch);
              stats.raceWins += 1;
            } else if (kind < 0.5) {
              const id = `shared-${Math.floor(random() * SHARED_STREAMS)}`;
              const current = await store.streamRevision(id);
              record(await store.append(id, batch, current ?? 'no_stream'), batch);
            } else if (kind < 0.6) {
              record(await store.append(`shared-${Math.floor(random() * SHARED_STREAMS)}`, batch, 'any'), batch);
            } else {
              const own = privateStreams[Math.floor(random() * privateStreams.length)];
              const result = await store.append(own.id, batch, own.revision ?? 'no_stream');
              own.revision = result.streamRevision;
              record(result, batch);
            }
            stats.appends += 1;
          } catch (error) {
            if (!(error instanceof WrongExpectedRevisionError)) throw error;
            stats.conflicts += 1;
          }
        }
      };

      const writers = Array.from({ length: WRITERS }, (_, i) => makeWriter(i));

      // Subscriber 1: its own connection and store, so it only learns of appends by polling.
      const subscriberDb = schema.open({ poolSize: 1, applicationName: 'subscriber' });
      opened.push(subscriberDb);
      const remote = new PostgresEventStore(subscriberDb, { pollIntervalMs: 10 });
      const controller = new AbortController();
      const follow = (iterable: AsyncIterable<RecordedEvent>) => {
        const seen: RecordedEvent[] = [];
        let orderViolations = 0;
        const done = (async () => {
          for await (const e of iterable) {
            if (seen.length > 0 && e.position <= seen[seen.length - 1].position) orderViolations += 1;
            seen.push(e);
          }
        })();
        return { seen, done, violations: () => orderViolations };
      };
      const polling = follow(remote.subscribeAll({ after: 0n, signal: controller.signal, batchSize: 64 }));
      // Subscriber 2: in writer 0's process, woken by its appends and by polling for the others.
      const local = follow(writers[0].store.subscribeAll({ after: 0n, signal: controller.signal, batchSize: 7 }));

      const final: RecordedEvent[] = [];
      let elapsedMs = 0;
      try {
        const started = performance.now();
        await Promise.all(writers.map(runWriter));
        elapsedMs = performance.now() - started;

        for (let batch = await remote.readAll({ after: 0n, limit: 1000 }); batch.length > 0; ) {
          final.push(...batch);
          batch = await remote.readAll({ after: batch[batch.length - 1].position, limit: 1000 });
        }
        const head = await remote.headPosition();
        const lastSeen = (s: { seen: RecordedEvent[] }) => s.seen[s.seen.length - 1]?.position ?? 0n;
        await waitUntil(async () => lastSeen(polling) >= head && lastSeen(local) >= head, 'both subscribers reach the head', 30_000);
      } finally {
        controller.abort();
        await Promise.all([polling.done, local.done]);
      }

      // the workload did what it was meant to
      expect(final.length).toBeGreaterThan(2500);
      expect(stats.conflicts).toBeGreaterThan(0);
      expect(stats.injectedFailures).toBeGreaterThan(0);
      expect(stats.raceWins).toBe(raceStreams.size);
      for (const results of duplicateResults.values()) {
        expect(results).toHaveLength(WRITERS);
        results.forEach((r) => expect(r).toEqual(results[0]));
        stats.idempotentRaces += 1;
      }
      expect(stats.idempotentRaces).toBeGreaterThan(0);

      // the final global order: strictly increasing, with gaps, exactly the committed events
      for (let i = 1; i < final.length; i += 1) expect(final[i].position > final[i - 1].position).toBe(true);
      expect(final[final.length - 1].position - final[0].position + 1n > BigInt(final.length)).toBe(true); // gaps exist
      expect(new Map(final.map((e) => [e.eventId, e.position]))).toEqual(committed);
      expect(final.filter((e) => rolledBack.has(e.eventId))).toEqual([]);

      // both subscribers saw every committed event exactly once, in order
      for (const subscriber of [polling, local]) {
        expect(subscriber.violations()).toBe(0);
        expect(new Set(subscriber.seen.map((e) => e.eventId)).size).toBe(subscriber.seen.length);
        expect(subscriber.seen.map((e) => e.position)).toEqual(final.map((e) => e.position));
        expect(subscriber.seen).toEqual(final);
      }

      // every stream: revisions 0..n-1 in position order, one append per race stream, an intact hash chain
      const byStream = new Map<string, RecordedEvent[]>();
      for (const e of final) byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e]);
      for (const [streamId, streamEvents] of byStream) {
        streamEvents.forEach((e, i) => {
          expect(e.revision).toBe(BigInt(i));
          expect(e.previousHash).toBe(i === 0 ? null : streamEvents[i - 1].hash);
          expect(hashEvent(e.previousHash, e)).toBe(e.hash);
          if (i > 0) expect(e.recordedAt.getTime()).toBeGreaterThanOrEqual(streamEvents[i - 1].recordedAt.getTime());
        });
        if (raceStreams.has(streamId)) expect(new Set(streamEvents.map((e) => e.metadata.source)).size).toBe(1);
        expect(await remote.streamRevision(streamId)).toBe(BigInt(streamEvents.length - 1));
      }
      for (const raceStream of raceStreams) {
        const events = byStream.get(raceStream) ?? [];
        expect(new Set(events.map((e) => `${String(e.data.writer)}/${String(e.data.round)}`)).size).toBe(1);
      }
      expect(elapsedMs).toBeGreaterThan(0);
    }, 180_000);
  });
} else {
  describe('concurrent writers on PostgreSQL', () => {
    it('are not run here because TEST_DATABASE_URL is not set (CI always sets it)', () => {
      expect(process.env.TEST_DATABASE_URL ?? '').toBe('');
    });
  });
}
