/**
 * The one contract every `EventStore` adapter must pass (PGlite, PostgreSQL, later EventStoreDB).
 *
 * The store is made once per suite; each test writes to its own random streams and reads the global
 * order relative to the head it saw first, so the tests do not depend on each other's data.
 */
import { randomUUID } from 'node:crypto';
import {
  DuplicateEventError,
  hashEvent,
  WrongExpectedRevisionError,
  type AppendResult,
  type EventStore,
  type NewEvent,
  type RecordedEvent,
} from '#event-store';

/** What a contract run needs: a store and a way to dispose of it. */
export interface ContractStore {
  store: EventStore;
  cleanup(): Promise<void>;
}

/** A new event with a fresh id; `data` defaults to a nested, unordered, unicode-bearing object. */
export function newEvent(type = 'ThingHappened', data: Record<string, unknown> = {}): NewEvent {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    data: { z: 1, a: { y: [1, 2.5, 'x'], b: null, t: true }, text: '治本 ✓', ...data },
    metadata: { correlationId: randomUUID(), actor: 'contract-test' },
  };
}

function events(count: number, type?: string): NewEvent[] {
  return Array.from({ length: count }, (_, index) => newEvent(type, { index }));
}

function stream(prefix = 'contract'): string {
  return `${prefix}-${randomUUID()}`;
}

async function expectRejection<E extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => E): Promise<E> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as E;
  }
  throw new Error(`expected a ${type.name}`);
}

/** Collects a subscription in the background; `until(n)` resolves once n events have arrived. */
class Collector {
  readonly events: RecordedEvent[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];
  readonly done: Promise<void>;

  constructor(iterable: AsyncIterable<RecordedEvent>) {
    this.done = (async () => {
      for await (const event of iterable) {
        this.events.push(event);
        this.waiters = this.waiters.filter((waiter) => {
          if (this.events.length < waiter.count) return true;
          waiter.resolve();
          return false;
        });
      }
    })();
  }

  until(count: number): Promise<void> {
    if (this.events.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }
}

/**
 * Registers the event store contract suite.
 * @param name suite name, e.g. 'PostgresEventStore on PGlite'
 * @param makeStore makes a store over an empty or shared database; called once for the suite
 */
export function eventStoreContract(name: string, makeStore: () => Promise<ContractStore>): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let cleanup: (() => Promise<void>) | undefined;

    beforeAll(async () => {
      const made = await makeStore();
      store = made.store;
      cleanup = made.cleanup;
    });

    afterAll(async () => {
      await cleanup?.();
    });

    describe('append and read', () => {
      it('appends to a new stream from revision 0n and reads the events back as given', async () => {
        const id = stream();
        const batch = events(3);
        const result = await store.append(id, batch, 'no_stream');

        expect(result.streamId).toBe(id);
        expect(result.streamRevision).toBe(2n);
        expect(result.positions).toHaveLength(3);
        expect(result.position).toBe(result.positions[2]);

        const read = await store.readStream(id);
        expect(read.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
        expect(read.map((e) => e.position)).toEqual(result.positions);
        read.forEach((recorded, index) => {
          expect(recorded).toMatchObject({ ...batch[index], streamId: id });
        });
        expect(await store.streamRevision(id)).toBe(2n);
      });

      it('continues revisions across appends and keeps positions strictly increasing', async () => {
        const id = stream();
        const first = await store.append(id, events(2), 'no_stream');
        const second = await store.append(id, events(3), 1n);
        expect(second.streamRevision).toBe(4n);
        const all = [...first.positions, ...second.positions];
        for (let i = 1; i < all.length; i += 1) expect(all[i] > all[i - 1]).toBe(true);
        expect((await store.readStream(id)).map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
      });

      it('uses bigint for every position and revision', async () => {
        const id = stream();
        const result = await store.append(id, events(2), 'any');
        expect(typeof result.streamRevision).toBe('bigint');
        expect(typeof result.position).toBe('bigint');
        result.positions.forEach((p) => expect(typeof p).toBe('bigint'));
        const [event] = await store.readStream(id, { limit: 1 });
        expect(typeof event.revision).toBe('bigint');
        expect(typeof event.position).toBe('bigint');
        expect(typeof (await store.headPosition())).toBe('bigint');
        expect(typeof (await store.streamRevision(id))).toBe('bigint');
      });

      it('reads an unknown stream as [] with revision null', async () => {
        const id = stream('unknown');
        expect(await store.readStream(id)).toEqual([]);
        expect(await store.readStream(id, { direction: 'backwards' })).toEqual([]);
        expect(await store.streamRevision(id)).toBeNull();
      });

      it('reports the head position as the last committed position', async () => {
        const before = await store.headPosition();
        const result = await store.append(stream(), events(2), 'no_stream');
        expect(before < result.position).toBe(true);
        expect(await store.headPosition()).toBe(result.position);
      });

      it('rejects an empty append and a malformed event id', async () => {
        await expectRejection(store.append(stream(), [], 'any'), Error);
        await expectRejection(store.append(stream(), [{ ...newEvent(), eventId: 'not-a-uuid' }], 'any'), Error);
      });
    });

    describe('expected revision', () => {
      it("'any' appends to a new and to an existing stream", async () => {
        const id = stream();
        expect((await store.append(id, events(1), 'any')).streamRevision).toBe(0n);
        expect((await store.append(id, events(1), 'any')).streamRevision).toBe(1n);
      });

      it("'no_stream' on an existing stream conflicts with the actual revision", async () => {
        const id = stream();
        await store.append(id, events(2), 'no_stream');
        const error = await expectRejection(store.append(id, events(1), 'no_stream'), WrongExpectedRevisionError);
        expect(error.streamId).toBe(id);
        expect(error.expected).toBe('no_stream');
        expect(error.actual).toBe(1n);
      });

      it('an exact revision appends when it holds', async () => {
        const id = stream();
        await store.append(id, events(1), 'no_stream');
        expect((await store.append(id, events(1), 0n)).streamRevision).toBe(1n);
        expect((await store.append(id, events(1), 1n)).streamRevision).toBe(2n);
      });

      it('an exact revision conflicts with the actual revision, or null for a missing stream', async () => {
        const id = stream();
        const missing = await expectRejection(store.append(id, events(1), 0n), WrongExpectedRevisionError);
        expect(missing.actual).toBeNull();
        expect(missing.expected).toBe(0n);

        await store.append(id, events(3), 'no_stream');
        const stale = await expectRejection(store.append(id, events(1), 1n), WrongExpectedRevisionError);
        expect(stale.actual).toBe(2n);
        const ahead = await expectRejection(store.append(id, events(1), 5n), WrongExpectedRevisionError);
        expect(ahead.actual).toBe(2n);
      });

      it('a conflicting append appends nothing', async () => {
        const id = stream();
        await store.append(id, events(2), 'no_stream');
        const head = await store.headPosition();
        const rejected = events(2);
        await expectRejection(store.append(id, rejected, 0n), WrongExpectedRevisionError);
        await expectRejection(store.append(id, events(1), 'no_stream'), WrongExpectedRevisionError);

        expect(await store.headPosition()).toBe(head);
        expect(await store.streamRevision(id)).toBe(1n);
        expect(await store.readStream(id)).toHaveLength(2);
        expect(await store.readAll({ after: head })).toEqual([]);
        // the rejected events were not stored: appending them now is a fresh append
        expect((await store.append(id, rejected, 1n)).streamRevision).toBe(3n);
      });
    });

    describe('idempotency', () => {
      it('a retry returns the original result and appends nothing, even with a stale expectation', async () => {
        const id = stream();
        const batch = events(3);
        const original = await store.append(id, batch, 'no_stream');
        await store.append(id, events(1), 2n);
        const head = await store.headPosition();

        const retry = await store.append(id, batch, 'no_stream');
        expect(retry).toEqual(original);
        const retryAny = await store.append(id, batch, 'any');
        expect(retryAny).toEqual(original);
        const retryExact = await store.append(id, batch, 0n);
        expect(retryExact).toEqual(original);

        expect(await store.headPosition()).toBe(head);
        expect(await store.readStream(id)).toHaveLength(4);
      });

      it('a retry of a single event of a longer append returns that event as it was stored', async () => {
        const id = stream();
        const batch = events(3);
        const original = await store.append(id, batch, 'no_stream');
        const retry = await store.append(id, [batch[1]], 'any');
        expect(retry).toEqual<AppendResult>({
          streamId: id,
          streamRevision: 1n,
          positions: [original.positions[1]],
          position: original.positions[1],
        });
      });

      it('treats event ids case-insensitively (stored in lower case)', async () => {
        const id = stream();
        const event = { ...newEvent(), eventId: randomUUID().toUpperCase() };
        const original = await store.append(id, [event], 'no_stream');
        const [stored] = await store.readStream(id);
        expect(stored.eventId).toBe(event.eventId.toLowerCase());
        expect(await store.append(id, [{ ...event, eventId: event.eventId.toLowerCase() }], 'no_stream')).toEqual(original);
      });

      it('a partial duplicate is a DuplicateEventError and appends nothing', async () => {
        const id = stream();
        const batch = events(2);
        await store.append(id, batch, 'no_stream');
        const head = await store.headPosition();
        const fresh = newEvent();
        const error = await expectRejection(store.append(id, [batch[1], fresh], 'any'), DuplicateEventError);
        expect(error.eventIds).toEqual([batch[1].eventId]);
        expect(await store.headPosition()).toBe(head);
        expect(await store.readStream(id)).toHaveLength(2);
      });

      it('an id already stored in another stream is a DuplicateEventError', async () => {
        const batch = events(1);
        await store.append(stream(), batch, 'no_stream');
        const other = stream();
        await expectRejection(store.append(other, batch, 'no_stream'), DuplicateEventError);
        expect(await store.streamRevision(other)).toBeNull();
      });
    });

    describe('readStream', () => {
      it('reads forwards and backwards from a revision with a limit', async () => {
        const id = stream();
        await store.append(id, events(5), 'no_stream');
        const revisions = async (options: Parameters<EventStore['readStream']>[1]) =>
          (await store.readStream(id, options)).map((e) => e.revision);

        expect(await revisions({})).toEqual([0n, 1n, 2n, 3n, 4n]);
        expect(await revisions({ direction: 'backwards' })).toEqual([4n, 3n, 2n, 1n, 0n]);
        expect(await revisions({ fromRevision: 2n })).toEqual([2n, 3n, 4n]);
        expect(await revisions({ fromRevision: 2n, limit: 2 })).toEqual([2n, 3n]);
        expect(await revisions({ direction: 'backwards', fromRevision: 2n })).toEqual([2n, 1n, 0n]);
        expect(await revisions({ direction: 'backwards', limit: 2 })).toEqual([4n, 3n]);
        expect(await revisions({ direction: 'backwards', fromRevision: 3n, limit: 2 })).toEqual([3n, 2n]);
        expect(await revisions({ fromRevision: 9n })).toEqual([]);
        expect(await revisions({ limit: 0 })).toEqual([]);
      });
    });

    describe('readStreams', () => {
      it('reads several streams in one call, each as readStream reads it, in the order asked (unknown: [])', async () => {
        const a = stream();
        const b = stream();
        const unknown = stream();
        await store.append(a, events(3), 'no_stream');
        await store.append(b, events(2), 'no_stream');
        await store.append(a, events(1), 2n);
        const [readB, readUnknown, readA, readBAgain] = await store.readStreams([b, unknown, a, b]);
        expect(readA).toEqual(await store.readStream(a));
        expect(readA!.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n]);
        expect(readB).toEqual(await store.readStream(b));
        expect(readB!.map((e) => e.revision)).toEqual([0n, 1n]);
        expect(readBAgain).toEqual(readB);
        expect(readUnknown).toEqual([]);
        expect(await store.readStreams([])).toEqual([]);
      });
    });

    describe('readAll', () => {
      it('reads the global order after a position, across streams, with a limit', async () => {
        const head = await store.headPosition();
        const a = stream('a');
        const b = stream('b');
        const r1 = await store.append(a, events(2), 'no_stream');
        const r2 = await store.append(b, events(1), 'no_stream');
        const r3 = await store.append(a, events(2), 1n);
        const expected = [...r1.positions, ...r2.positions, ...r3.positions];

        const all = await store.readAll({ after: head });
        expect(all.map((e) => e.position)).toEqual(expected);
        expect(all.map((e) => e.streamId)).toEqual([a, a, b, a, a]);
        for (let i = 1; i < all.length; i += 1) expect(all[i].position > all[i - 1].position).toBe(true);

        expect((await store.readAll({ after: head, limit: 2 })).map((e) => e.position)).toEqual(expected.slice(0, 2));
        expect((await store.readAll({ after: expected[1], limit: 2 })).map((e) => e.position)).toEqual(expected.slice(2, 4));
        expect(await store.readAll({ after: expected[4] })).toEqual([]);
      });

      it('reads from the beginning with after 0n', async () => {
        await store.append(stream(), events(1), 'no_stream');
        const [first] = await store.readAll({ after: 0n, limit: 1 });
        expect(first.position >= 1n).toBe(true);
      });

      it('returns the same events as readStream', async () => {
        const head = await store.headPosition();
        const id = stream();
        await store.append(id, events(3), 'no_stream');
        expect(await store.readAll({ after: head })).toEqual(await store.readStream(id));
      });
    });

    describe('hash chain and recordedAt', () => {
      it('links each event to the previous hash of its stream, recomputable with hashEvent', async () => {
        const id = stream();
        await store.append(id, events(2), 'no_stream');
        await store.append(id, [newEvent('OtherThing', { amountFen: 12345n, nested: { b: 2, a: 1 } })], 1n);
        await store.append(stream(), events(1), 'no_stream'); // another stream in between
        await store.append(id, events(1), 2n);
        const read = await store.readStream(id);
        expect(read).toHaveLength(4);

        expect(read[0].previousHash).toBeNull();
        for (let i = 1; i < read.length; i += 1) expect(read[i].previousHash).toBe(read[i - 1].hash);
        for (const event of read) {
          expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
          expect(hashEvent(event.previousHash, event)).toBe(event.hash);
        }
        // bigint data is stored as its decimal string, which is what the hash covered
        expect(read[2].data.amountFen).toBe('12345');
        // any change to a stored field breaks the chain
        const tampered = { ...read[1], data: { ...read[1].data, index: 99 } };
        expect(hashEvent(tampered.previousHash, tampered)).not.toBe(read[1].hash);
      });

      it('stores one recordedAt per append, round-tripping with millisecond precision', async () => {
        const id = stream();
        const before = new Date();
        await store.append(id, events(3), 'no_stream');
        const after = new Date();
        const read = await store.readStream(id);
        for (const event of read) {
          expect(event.recordedAt).toBeInstanceOf(Date);
          expect(event.recordedAt.getTime()).toBe(read[0].recordedAt.getTime());
          expect(event.recordedAt.getTime()).toBeGreaterThanOrEqual(before.getTime());
          expect(event.recordedAt.getTime()).toBeLessThanOrEqual(after.getTime());
        }
        // the hash covers recordedAt to the millisecond: it only recomputes if it round-tripped exactly
        expect(hashEvent(read[0].previousHash, read[0])).toBe(read[0].hash);
        const shifted = { ...read[0], recordedAt: new Date(read[0].recordedAt.getTime() + 1) };
        expect(hashEvent(shifted.previousHash, shifted)).not.toBe(read[0].hash);
      });
    });

    describe('onAppended and subscribeAll', () => {
      it('calls onAppended listeners with the last position after commit, until removed', async () => {
        const seen: bigint[] = [];
        const off = store.onAppended((position) => seen.push(position));
        const id = stream();
        const result = await store.append(id, events(2), 'no_stream');
        await store.append(id, events(2), 'no_stream').catch(() => undefined); // conflict: no call
        off();
        await store.append(id, events(1), 'any');
        expect(seen).toEqual([result.position]);
      });

      it('catches up in batches, goes live, and ends when the signal aborts', async () => {
        const head = await store.headPosition();
        const id = stream('subscribed');
        const caughtUp = await store.append(id, events(5), 'no_stream');

        const controller = new AbortController();
        const collector = new Collector(store.subscribeAll({ after: head, signal: controller.signal, batchSize: 2 }));
        await collector.until(5);
        expect(collector.events.map((e) => e.position)).toEqual(caughtUp.positions);

        const other = stream('subscribed-other');
        const live1 = await store.append(other, events(2), 'no_stream');
        const live2 = await store.append(id, events(1), 4n);
        await collector.until(8);
        controller.abort();
        await collector.done;

        expect(collector.events.map((e) => e.position)).toEqual([
          ...caughtUp.positions,
          ...live1.positions,
          ...live2.positions,
        ]);
        expect(new Set(collector.events.map((e) => e.eventId)).size).toBe(8);
        expect(collector.events).toEqual(await store.readAll({ after: head }));
      });

      it('starts after the given position and ends at once when the signal is already aborted', async () => {
        const id = stream();
        const result = await store.append(id, events(3), 'no_stream');
        const controller = new AbortController();
        const collector = new Collector(store.subscribeAll({ after: result.positions[1], signal: controller.signal }));
        await collector.until(1);
        controller.abort();
        await collector.done;
        expect(collector.events.map((e) => e.position)).toEqual([result.positions[2]]);

        const aborted = new AbortController();
        aborted.abort();
        const none = new Collector(store.subscribeAll({ after: 0n, signal: aborted.signal }));
        await none.done;
        expect(none.events).toEqual([]);
      });
    });
  });
}
