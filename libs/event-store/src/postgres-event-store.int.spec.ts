import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PgliteDatabase, pgliteTypeormDriver } from '#database';
import { ensureEventStoreSchema, eventStoreSchemaSql } from './event-store.schema.js';
import type { NewEvent, RecordedEvent } from './event-store.port.js';
import { PostgresEventStore } from './postgres-event-store.js';

function event(data: Record<string, unknown> = {}): NewEvent {
  return { eventId: randomUUID(), type: 'Tested', schemaVersion: 1, data, metadata: {} };
}

describe('PostgresEventStore on PGlite (adapter specifics)', () => {
  let db: PgliteDatabase;

  beforeAll(async () => {
    db = new PgliteDatabase();
    await ensureEventStoreSchema(db);
  });

  afterAll(async () => {
    await db.close();
  });

  it('creates its schema idempotently, as plain SQL statements', async () => {
    await ensureEventStoreSchema(db);
    for (const statement of eventStoreSchemaSql) await db.query(statement);
    const { rows } = await db.query<{ relname: string }>(
      `SELECT relname FROM pg_class WHERE relname IN ('es_streams', 'es_events', 'es_position_seq') ORDER BY relname`,
    );
    expect(rows.map((r) => r.relname)).toEqual(['es_events', 'es_position_seq', 'es_streams']);
  });

  it('a subscriber of another store instance (another process) learns of appends by polling', async () => {
    const writer = new PostgresEventStore(db);
    const reader = new PostgresEventStore(db, { pollIntervalMs: 10 });
    const head = await reader.headPosition();
    const controller = new AbortController();
    const seen: RecordedEvent[] = [];
    let reachedTwo!: () => void;
    const two = new Promise<void>((resolve) => (reachedTwo = resolve));
    const done = (async () => {
      for await (const e of reader.subscribeAll({ after: head, signal: controller.signal })) {
        seen.push(e);
        if (seen.length === 2) reachedTwo();
      }
    })();
    const stream = `polled-${randomUUID()}`;
    const result = await writer.append(stream, [event(), event()], 'no_stream');
    await two;
    controller.abort();
    await done;
    expect(seen.map((e) => e.position)).toEqual(result.positions);
  });

  it('an append issued during a TypeORM transaction on the same PGlite waits for it and survives its rollback', async () => {
    await db.query(`CREATE TABLE IF NOT EXISTS read_model (id text PRIMARY KEY)`);
    const store = new PostgresEventStore(db);
    const dataSource = new DataSource({ type: 'postgres', driver: pgliteTypeormDriver(db) });
    await dataSource.initialize();
    const stream = `typeorm-${randomUUID()}`;
    let append: Promise<unknown> | undefined;
    let revisionInside: unknown = 'unset';
    try {
      await expect(
        dataSource.transaction(async (manager) => {
          await manager.query(`INSERT INTO read_model VALUES ('rolled-back')`);
          append = store.append(stream, [event()], 'no_stream');
          const rows: { revision: string }[] = await manager.query(`SELECT revision FROM es_streams WHERE stream_id = $1`, [stream]);
          revisionInside = rows[0]?.revision ?? null;
          throw new Error('roll back');
        }),
      ).rejects.toThrow('roll back');
      await append;
    } finally {
      await dataSource.destroy();
    }
    expect(revisionInside).toBeNull();
    expect(await store.streamRevision(stream)).toBe(0n);
    expect((await db.query(`SELECT id FROM read_model`)).rows).toEqual([]);
  });

  it('reports listener errors without failing the committed append', async () => {
    const errors: unknown[] = [];
    const store = new PostgresEventStore(db, { onListenerError: (error) => errors.push(error) });
    store.onAppended(() => {
      throw new Error('listener broke');
    });
    const result = await store.append(`listener-${randomUUID()}`, [event()], 'no_stream');
    expect(result.streamRevision).toBe(0n);
    expect(errors).toEqual([new Error('listener broke')]);
  });

  it('rejects malformed input before touching the database', async () => {
    const store = new PostgresEventStore(db);
    const stream = `bad-${randomUUID()}`;
    await expect(store.append('', [event()], 'any')).rejects.toThrow(TypeError);
    await expect(store.append(stream, [event()], -1n)).rejects.toThrow(RangeError);
    const twice = event();
    await expect(store.append(stream, [twice, twice], 'any')).rejects.toThrow('appears twice');
    await expect(store.append(stream, [{ ...event(), schemaVersion: 1.5 }], 'any')).rejects.toThrow(RangeError);
    await expect(store.append(stream, [{ ...event(), data: [] as unknown as Record<string, unknown> }], 'any')).rejects.toThrow(TypeError);
    await expect(store.append(stream, [event({ n: Number.NaN })], 'any')).rejects.toThrow(TypeError);
    await expect(store.readAll({ after: -1n })).rejects.toThrow(RangeError);
    await expect(store.readStream(stream, { limit: -1 })).rejects.toThrow(RangeError);
    expect(await store.streamRevision(stream)).toBeNull();
    expect(() => new PostgresEventStore(db, { pollIntervalMs: 0 })).toThrow(RangeError);
  });
});
