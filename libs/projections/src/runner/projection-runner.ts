import { EventEmitter, setMaxListeners } from 'node:events';
import type { DataSource } from 'typeorm';
import type { EventStore } from '#event-store';
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
}

/** A projection's progress, for /health. */
export interface ProjectionStatus {
  name: string;
  position: bigint;
  lastError: string | null;
}

/**
 * Runs projections: each reads the store's global order from its checkpoint in batches and commits
 * its read-model writes and the new checkpoint in one transaction, so a crash anywhere re-applies
 * nothing twice and loses nothing. Several runners (workers) may run at once: the checkpoint row is
 * locked `FOR UPDATE` and compared inside the transaction, so a batch another runner already
 * committed is dropped, never applied twice. Each event is applied with `zhiben.position` set to its
 * global position (transaction-local), which the read models' versioning triggers record.
 */
export class ProjectionRunner {
  private readonly wake = new EventEmitter();
  private readonly committed = new EventEmitter();
  private readonly errors = new Map<string, string>();
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
    for (const p of this.projections) {
      await this.dataSource.query(
        'INSERT INTO projection_checkpoints (name, position) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING',
        [p.name],
      );
    }
  }

  /** Starts one loop per projection; they run until `stop`. */
  async start(): Promise<void> {
    if (this.abort) return;
    await this.registerCheckpoints();
    this.abort = new AbortController();
    // Every projection's loop waits on this one signal: one listener each, not a leak.
    setMaxListeners(0, this.abort.signal);
    this.unsubscribe = this.store.onAppended(() => this.wake.emit('wake'));
    const signal = this.abort.signal;
    this.loops = this.projections.map((p) => this.loop(p, signal));
  }

  /** Stops the loops and waits for the batches in flight to finish. */
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
   */
  async catchUp(): Promise<void> {
    await this.registerCheckpoints();
    this.known.clear();
    for (const p of this.projections) {
      while ((await this.runBatch(p)) > 0) {
        /* keep reading until a batch comes back empty */
      }
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

  private async loop(projection: Projection, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let applied = 0;
      try {
        applied = await this.runBatch(projection);
        this.errors.delete(projection.name);
      } catch (error) {
        const e = error instanceof Error ? error : new Error(String(error));
        this.errors.set(projection.name, e.message);
        this.logger.error(`projection ${projection.name}: batch failed, retrying: ${e.message}`, e.stack);
        await this.sleep(this.options.retryDelayMs ?? 1000, null, signal);
        continue;
      }
      if (applied === 0) {
        // Idle: forget the cached checkpoint, so a reset made elsewhere (a rebuild) is seen.
        this.known.delete(projection.name);
        await this.sleep(this.options.pollIntervalMs ?? 250, this.wake, signal);
        const gather = this.options.gatherMs ?? 10;
        if (gather > 0 && !signal.aborted) await this.sleep(gather, null, signal);
      }
    }
  }

  /** Reads one batch after the checkpoint and commits it; returns how many events it read. */
  private async runBatch(projection: Projection): Promise<number> {
    const from = this.known.get(projection.name) ?? (await this.position(projection.name));
    // Read outside the write transaction: on PGlite the transaction holds the only connection.
    const events = await this.store.readAll({ after: from, limit: this.options.batchSize ?? 500 });
    if (events.length === 0) return 0;
    const relevant = events.filter((e) => projection.eventTypes.has(e.type));
    const last = events[events.length - 1]!.position;
    const applied = await this.dataSource.transaction(async (em) => {
      const rows: { position: string }[] = await em.query(
        'SELECT position FROM projection_checkpoints WHERE name = $1 FOR UPDATE',
        [projection.name],
      );
      if (rows.length === 0 || BigInt(rows[0]!.position) !== from) {
        this.known.delete(projection.name); // another runner (or a rebuild) moved it: read it afresh
        return false;
      }
      // One event at a time, each under its own position: the read models' row versions
      // (as-of/read-model-versioning.ts) record the position of the event that wrote them.
      for (const event of relevant) {
        await em.query(`SELECT set_config('zhiben.position', $1, true)`, [event.position.toString()]);
        await projection.apply([event], em);
      }
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
    return events.length;
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
