import { EventEmitter, setMaxListeners } from 'node:events';
import type { DataSource, EntityManager } from 'typeorm';
import { runInBackground } from '#database';
import type { EventStore, RecordedEvent } from '#event-store';
import { parkEvent, parkedErrorText } from '../parked-events/park-event.js';
import { applyOrSetAside } from './apply-or-set-aside.js';
import type { Projection } from './projection.js';

/** Logger shape the runner needs (Nest's Logger fits). */
export interface RunnerLogger {
  log(message: string): void;
  error(message: string, stack?: string): void;
}

export interface ProjectionRunnerOptions {
  /** Events read per batch (default 500). */
  batchSize?: number;
  /** How often an idle projection looks for appends made by other processes, in ms (default 250). */
  pollIntervalMs?: number;
  /** Back-off after a failed batch, in ms (default 1000). */
  retryDelayMs?: number;
  /**
   * After being woken by an append, how long to let more appends gather before reading, in ms
   * (default 10): one transaction per batch instead of one per event when commands stream in.
   */
  gatherMs?: number;
  /**
   * A check made before an event is applied: a reason not to count it (e.g. a reference code the
   * reference data does not know: parked-events/reference-check.ts), or null. An event with a reason
   * is parked with it instead of applied, for every projection that reads it.
   */
  check?: (event: RecordedEvent) => string | null;
}

/** A projection's progress, for /health. */
export interface ProjectionStatus {
  name: string;
  position: bigint;
  lastError: string | null;
}

/**
 * Runs projections. One reader reads the store's global order in batches and fans each batch out
 * to every projection: each applies the events after its own checkpoint and commits its read-model
 * writes with its new checkpoint in one transaction, so a crash anywhere re-applies nothing twice and
 * loses nothing. A projection whose checkpoint lags (new, rebuilt) is served from its own position,
 * one batch per round like every other, so it catches up without holding the others back. Several
 * runners (workers) may run at once: the checkpoint row is locked `FOR UPDATE` and compared inside
 * the transaction, so a batch another runner already committed is dropped, never applied twice.
 *
 * A batched projection ({@link Projection.batched}) gets the whole batch at once and writes its own
 * row versions; any other gets one event at a time with `zhiben.position` set to its global position
 * (transaction-local), which the read models' versioning triggers record.
 *
 * Poison events: when a batch throws an error that is the events' fault (a projector's own throw, a
 * value the database refuses: SQLSTATE classes 22 and 23), its events are applied again one by one
 * under savepoints; each one that throws on its own is parked (parked-events/park-event.ts) with its
 * projection, position, event id, type and error, in the same transaction, and named in one log
 * line; the rest are applied and the checkpoint passes them all. Any other error (the connection,
 * a missing table, a serialization failure) fails the batch, which commits nothing and is retried.
 * An event the `check` option gives a reason against (an unknown reference code) is parked with that
 * reason without being applied.
 *
 * The running loop (`start`) is background work (`runInBackground`): on PGlite, where the api's
 * requests and this runner share one connection, a request's statement waiting for the connection
 * goes before the runner's next statement (batches wait up to 100 ms for a gap), so a command waits
 * for at most the batch in progress, and batches grow while commands stream in.
 */
export class ProjectionRunner {
  private readonly wake = new EventEmitter();
  private readonly committed = new EventEmitter();
  private readonly errors = new Map<string, string>();
  /** When a projection whose batch failed may be tried again (performance.now() ms). */
  private readonly retryAt = new Map<string, number>();
  /** The checkpoints this runner last committed or read: saves a query per batch (re-checked in each transaction). */
  private readonly known = new Map<string, bigint>();
  private abort: AbortController | null = null;
  private loops: Promise<void>[] = [];
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    readonly projections: readonly Projection[],
    private readonly logger: RunnerLogger,
    private readonly options: ProjectionRunnerOptions = {},
  ) {
    this.wake.setMaxListeners(0);
    this.committed.setMaxListeners(0);
  }

  /** Registers every projection's checkpoint row (position 0 when new). Idempotent. */
  async registerCheckpoints(): Promise<void> {
    await this.dataSource.query(
      'INSERT INTO projection_checkpoints (name, position) SELECT unnest($1::text[]), 0 ON CONFLICT (name) DO NOTHING',
      [this.projections.map((p) => p.name)],
    );
  }

  /** Starts the reader loop; it runs until `stop`. */
  async start(): Promise<void> {
    if (this.abort) return;
    await this.registerCheckpoints();
    this.abort = new AbortController();
    setMaxListeners(0, this.abort.signal);
    this.unsubscribe = this.store.onAppended(() => this.wake.emit('wake'));
    // Background work: on PGlite (one connection) a request's statement goes before the next batch.
    const signal = this.abort.signal;
    this.loops = [runInBackground(() => this.loop(signal))];
  }

  /** Stops the loop and waits for the batch in flight to finish. */
  async stop(): Promise<void> {
    if (!this.abort) return;
    this.abort.abort();
    this.wake.emit('wake');
    this.unsubscribe?.();
    await Promise.all(this.loops);
    this.abort = null;
    this.loops = [];
  }

  /**
   * Applies every event up to the store's current head to every projection, then returns.
   * For the CLI and tests; `start` is what a running worker uses.
   * @throws the first batch error that is not an event's fault (that batch commits nothing)
   */
  async catchUp(): Promise<void> {
    await this.registerCheckpoints();
    this.known.clear();
    while ((await this.round(this.projections, true)) > 0) {
      /* keep reading until every projection reaches the head */
    }
  }

  /** The committed checkpoint of a projection (read from the database: right across processes). */
  async position(name: string): Promise<bigint> {
    const rows: { position: string }[] = await this.dataSource.query(
      'SELECT position FROM projection_checkpoints WHERE name = $1',
      [name],
    );
    return rows.length === 0 ? 0n : BigInt(rows[0]!.position);
  }

  /** Every projection's checkpoint and last error. */
  async status(): Promise<ProjectionStatus[]> {
    const out: ProjectionStatus[] = [];
    for (const p of this.projections) {
      out.push({ name: p.name, position: await this.position(p.name), lastError: this.errors.get(p.name) ?? null });
    }
    return out;
  }

  /**
   * Waits until every named projection's checkpoint is ≥ `position`, or `timeoutMs` passes.
   * @returns true when reached, false on time-out
   */
  async waitFor(names: readonly string[], position: bigint, timeoutMs: number): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      let reached = true;
      for (const name of names) if ((await this.position(name)) < position) reached = false;
      if (reached) return true;
      const left = deadline - performance.now();
      if (left <= 0) return false;
      await this.sleep(Math.min(left, this.options.pollIntervalMs ?? 250), this.committed);
    }
  }

  private async loop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const now = performance.now();
      const ready = this.projections.filter((p) => (this.retryAt.get(p.name) ?? 0) <= now);
      let applied = 0;
      try {
        applied = await this.round(ready, false);
      } catch (error) {
        // Reading the store failed (or the checkpoints): nothing was applied; try again later.
        const e = error instanceof Error ? error : new Error(String(error));
        this.logger.error(`projections: reading the global order failed, retrying: ${e.message}`, e.stack);
        await this.sleep(this.options.retryDelayMs ?? 1000, null, signal);
        continue;
      }
      if (applied === 0) {
        // Idle: forget the cached checkpoints, so a reset made elsewhere (a rebuild) is seen.
        this.known.clear();
        const waitMs = this.retryAt.size > 0 ? Math.min(this.options.pollIntervalMs ?? 250, this.options.retryDelayMs ?? 1000) : (this.options.pollIntervalMs ?? 250);
        await this.sleep(waitMs, this.wake, signal);
        const gather = this.options.gatherMs ?? 10;
        if (gather > 0 && !signal.aborted) await this.sleep(gather, null, signal);
      }
    }
  }

  /**
   * One round: reads the global order from the lowest checkpoint among `candidates` and hands the
   * batch to every candidate it reaches past; then, for the candidates still ahead of that batch,
   * reads again from the lowest of theirs, and so on: each candidate gets at most one batch.
   * A failed batch is logged and its projection rested for `retryDelayMs` (or, with `rethrow`, thrown).
   * @returns how many projections were handed a batch
   */
  private async round(candidates: readonly Projection[], rethrow: boolean): Promise<number> {
    // This round's view of the checkpoints (the cache may change under a concurrent catchUp).
    const positions = new Map<string, bigint>();
    const missing: string[] = [];
    for (const p of candidates) {
      const k = this.known.get(p.name);
      if (k === undefined) missing.push(p.name);
      else positions.set(p.name, k);
    }
    if (missing.length > 0) {
      const rows: { name: string; position: string }[] = await this.dataSource.query(
        'SELECT name, position FROM projection_checkpoints WHERE name = ANY ($1)',
        [missing],
      );
      for (const name of missing) positions.set(name, 0n);
      for (const r of rows) positions.set(r.name, BigInt(r.position));
      for (const name of missing) this.known.set(name, positions.get(name)!);
    }
    const unserved = new Set(candidates);
    let served = 0;
    while (unserved.size > 0) {
      let from: bigint | null = null;
      for (const p of unserved) {
        const at = positions.get(p.name)!;
        if (from === null || at < from) from = at;
      }
      // Read outside the write transactions: on PGlite a transaction holds the only connection.
      const events = await this.store.readAll({ after: from!, limit: this.options.batchSize ?? 500 });
      if (events.length === 0) break;
      const last = events[events.length - 1]!.position;
      const passing: { projection: Projection; at: bigint }[] = [];
      for (const p of [...unserved]) {
        const at = positions.get(p.name)!;
        if (at >= last) continue;
        unserved.delete(p);
        served++;
        const mine = at === from ? events : events.filter((e) => e.position > at);
        if (!mine.some((e) => p.eventTypes.has(e.type))) {
          passing.push({ projection: p, at });
          continue;
        }
        try {
          if (await this.runBatch(p, at, mine, last)) positions.set(p.name, last);
          this.errors.delete(p.name);
          this.retryAt.delete(p.name);
        } catch (error) {
          this.known.delete(p.name);
          if (rethrow) throw error;
          const e = error instanceof Error ? error : new Error(String(error));
          this.errors.set(p.name, e.message);
          this.retryAt.set(p.name, performance.now() + (this.options.retryDelayMs ?? 1000));
          this.logger.error(`projection ${p.name}: batch failed, retrying: ${e.message}`, e.stack);
        }
      }
      if (passing.length > 0) await this.pass(passing, last);
    }
    return served;
  }

  /**
   * Moves the checkpoints of projections that read none of a batch's events past it, in one
   * statement: each row moves only if it still holds the position this round read (the UPDATE
   * locks the row and re-checks that on the latest version), so a checkpoint another runner (or a
   * rebuild) moved meanwhile is left alone and read afresh.
   */
  private async pass(passing: readonly { projection: Projection; at: bigint }[], last: bigint): Promise<void> {
    const moved: { name: string }[] = await this.dataSource.query(
      `WITH moved AS (
         UPDATE projection_checkpoints c SET position = $3, updated_at = now()
           FROM unnest($1::text[], $2::bigint[]) AS k(name, at)
          WHERE c.name = k.name AND c.position = k.at
          RETURNING c.name)
       SELECT name FROM moved`,
      [passing.map((x) => x.projection.name), passing.map((x) => x.at.toString()), last.toString()],
    );
    const done = new Set(moved.map((r) => r.name));
    for (const { projection } of passing) {
      if (done.has(projection.name)) {
        this.known.set(projection.name, last);
        this.errors.delete(projection.name);
        this.retryAt.delete(projection.name);
      } else {
        this.known.delete(projection.name);
      }
    }
    if (done.size > 0) this.committed.emit('committed');
  }

  /** Applies `events` (those after `from`, up to `last`) to one projection and commits its checkpoint `last`; false when another runner moved it first. */
  private async runBatch(projection: Projection, from: bigint, events: readonly RecordedEvent[], last: bigint): Promise<boolean> {
    const relevant = events.filter((e) => projection.eventTypes.has(e.type));
    const applied = await this.dataSource.transaction(async (em) => {
      // The batch commits without waiting for its own WAL flush (decision 0005): read-model rows and
      // checkpoint are one transaction, so a database crash loses both or neither, and the events are
      // projected again; only commands' appends (the acknowledged facts) wait for the disk.
      const rows: { position: string }[] = await em.query(
        `SELECT position, set_config('synchronous_commit', 'off', true) FROM projection_checkpoints WHERE name = $1 FOR UPDATE`,
        [projection.name],
      );
      if (rows.length === 0 || BigInt(rows[0]!.position) !== from) {
        this.known.delete(projection.name); // another runner (or a rebuild) moved it: read it afresh
        return false;
      }
      const accepted: RecordedEvent[] = [];
      for (const event of relevant) {
        const refused = this.options.check?.(event) ?? null;
        if (refused === null) accepted.push(event);
        else await this.park(projection, event, refused, em);
      }
      if (accepted.length > 0) await this.applyOrPark(projection, accepted, em);
      await em.query('UPDATE projection_checkpoints SET position = $2, updated_at = now() WHERE name = $1', [
        projection.name,
        last.toString(),
      ]);
      return true;
    });
    if (applied) {
      this.known.set(projection.name, last);
      this.committed.emit('committed');
    }
    return applied;
  }

  /** Applies the batch; each event that throws on its own is parked (apply-or-set-aside.ts). */
  private applyOrPark(projection: Projection, events: RecordedEvent[], em: EntityManager): Promise<void> {
    return applyOrSetAside(projection, events, em, (event, error) => this.park(projection, event, error, em));
  }

  private async park(projection: Projection, event: RecordedEvent, error: unknown, em: EntityManager): Promise<void> {
    const text = typeof error === 'string' ? error : parkedErrorText(error);
    await parkEvent(em, { projection: projection.name, position: event.position, eventId: event.eventId, eventType: event.type, error: text });
    this.logger.error(`projection ${projection.name}: parked event at position ${event.position} (id ${event.eventId}, type ${event.type}): ${text}`);
  }

  private sleep(ms: number, wakeOn: EventEmitter | null, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wakeOn?.off('wake', done).off('committed', done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakeOn?.once('wake', done).once('committed', done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}

export { isEventsFault } from './apply-or-set-aside.js';
