/**
 * The sealer: closes blocks of consecutive global positions, in order, into `es_seals`.
 *
 * A block is `[from, from + blockSize - 1]`, `from` being the previous block's `toPosition + 1` (1 for
 * block 1). It is closed once the head has reached its end, or, as a partial block `[from, head]`, once
 * no event has been appended for `idleMs` (so recent events get sealed too). Positions at or below the
 * head are final (commit order is position order, see `postgres-event-store.ts`): a missing position
 * there is a rolled-back append and stays missing, so the block hash covers exactly what is stored.
 *
 * One sealer at a time: each block is closed in one transaction that first takes the advisory lock
 * `SEAL_LOCK_KEY` (PostgreSQL; PGlite runs one transaction at a time), and `block_no`/`from_position`
 * are unique, so a second sealer that slipped through fails on insert and closes nothing.
 */
import type { Database } from '#database';
import type { EventStore } from '../event-store.port.js';
import { EventsHasher, hashSeal, type Seal } from './seal-hash.js';
import { blockEntries, insertSeal, lastSeal } from './seal-repository.js';

/** Key of the transaction-level advisory lock taken while a block is closed ('zhiben' ‖ 0002). */
export const SEAL_LOCK_KEY = 0x7a686962656e0002n;

/** Options of a `Sealer`. */
export interface SealerOptions {
  /** Positions per full block (default 1000). */
  blockSize?: number;
  /** Close a partial block after this many ms without a new event (default 30 000; 0: at once). */
  idleMs?: number;
  /** How often (ms) the running sealer looks at the head (default 1 000, at most `idleMs` when positive). */
  tickMs?: number;
  /** The clock of `sealedAt` and of idleness (default `new Date()`). */
  clock?: () => Date;
  /** Receives errors of a background tick (the next tick retries). Default: a process warning. */
  onError?: (error: unknown) => void;
}

/** Closes blocks of the global order into `es_seals`; `start` runs it in the background, `sealNow` once. */
export class Sealer {
  readonly blockSize: number;
  readonly idleMs: number;
  private readonly tickMs: number;
  private readonly clock: () => Date;
  private readonly onError: (error: unknown) => void;
  private lastHead = -1n;
  private lastHeadChangedAt = 0;
  /**
   * The last position of the next full block as this sealer last saw it (undefined: not looked yet).
   * Another sealer can only move the true value up, so `head` below it means no full block is due.
   */
  private nextBlockEnd: bigint | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly db: Database,
    private readonly store: Pick<EventStore, 'headPosition' | 'onAppended'>,
    options: SealerOptions = {},
  ) {
    this.blockSize = options.blockSize ?? 1000;
    this.idleMs = options.idleMs ?? 30_000;
    this.tickMs = options.tickMs ?? (this.idleMs > 0 ? Math.min(1000, this.idleMs) : 1000);
    this.clock = options.clock ?? (() => new Date());
    this.onError = options.onError ?? ((error) => process.emitWarning(error instanceof Error ? error : String(error)));
    if (!Number.isSafeInteger(this.blockSize) || this.blockSize < 1) throw new RangeError('blockSize must be a positive integer');
    if (!Number.isSafeInteger(this.idleMs) || this.idleMs < 0) throw new RangeError('idleMs must be a non-negative integer');
    if (!(this.tickMs > 0)) throw new RangeError('tickMs must be positive');
  }

  /**
   * Closes every full block the head has reached, then, when `closePartial`, the partial block up to
   * the head (if it holds any position).
   * @returns the seals made, in block order (empty when there was nothing to seal)
   */
  async sealNow(closePartial = false): Promise<Seal[]> {
    const made: Seal[] = [];
    for (;;) {
      const seal = await this.closeBlock(false);
      if (seal === null) break;
      this.nextBlockEnd = seal.toPosition + BigInt(this.blockSize);
      made.push(seal);
    }
    if (closePartial) {
      const seal = await this.closeBlock(true);
      if (seal !== null) {
        this.nextBlockEnd = seal.toPosition + BigInt(this.blockSize);
        made.push(seal);
      }
    }
    return made;
  }

  /** Runs in the background: a tick every `tickMs`, and at once after a local append that may complete a block. Idempotent. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.lastHeadChangedAt = this.clock().getTime();
    // A local append wakes the sealer at once only when it may have completed a block (or when partial
    // blocks close at once); the periodic tick sees the rest (other processes' appends, idleness).
    this.unsubscribe = this.store.onAppended((position) => {
      if (this.idleMs === 0 || this.nextBlockEnd === undefined || position >= this.nextBlockEnd) this.schedule(0);
    });
    this.schedule(0);
  }

  /** Stops the background sealer and waits for a tick in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped || this.running !== undefined) return;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.running = this.tick()
        .catch((error: unknown) => this.onError(error))
        .finally(() => {
          this.running = undefined;
          this.schedule(this.tickMs);
        });
    }, ms);
  }

  private async tick(): Promise<void> {
    const head = await this.store.headPosition();
    const now = this.clock().getTime();
    if (head !== this.lastHead) {
      this.lastHead = head;
      this.lastHeadChangedAt = now;
    }
    const closePartial = now - this.lastHeadChangedAt >= this.idleMs;
    // Most ticks (one per local append) find no block due: skip the transaction then.
    if (!closePartial && this.nextBlockEnd !== undefined && head < this.nextBlockEnd) return;
    await this.sealNow(closePartial);
  }

  /** Closes the next block in one transaction; `null` when it is not due (or another sealer closed it). */
  private async closeBlock(partial: boolean): Promise<Seal | null> {
    return this.db.transaction(async (tx) => {
      if (this.db.kind !== 'pglite') await tx.query(`SELECT pg_advisory_xact_lock(${SEAL_LOCK_KEY.toString()})`);
      const previous = await lastSeal(tx);
      const from = previous === null ? 1n : previous.toPosition + 1n;
      this.nextBlockEnd = from + BigInt(this.blockSize) - 1n;
      const { rows } = await tx.query<{ head: string | null }>(`SELECT max(position) AS head FROM es_events`);
      const head = rows[0]?.head == null ? 0n : BigInt(rows[0].head);
      if (head < from) return null;
      let to = from + BigInt(this.blockSize) - 1n;
      if (head < to) {
        if (!partial) return null;
        to = head;
      }
      const hasher = new EventsHasher();
      for (const entry of await blockEntries(tx, from, to)) hasher.update(entry);
      const fields = {
        blockNo: previous === null ? 1 : previous.blockNo + 1,
        fromPosition: from,
        toPosition: to,
        eventCount: hasher.count,
        eventsHash: hasher.digest(),
        sealedAt: this.clock(),
      };
      const previousSealHash = previous === null ? null : previous.sealHash;
      const seal: Seal = { ...fields, previousSealHash, sealHash: hashSeal(previousSealHash, fields) };
      await insertSeal(tx, seal);
      return seal;
    });
  }
}
