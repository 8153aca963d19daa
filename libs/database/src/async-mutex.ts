import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Who waits for a mutex: `foreground` work (a request's statements: commands, reads) is served
 * before `background` work (the in-process projection runner), which is served when no foreground
 * work waits, or once it has waited `backgroundMaxWaitMs` (so it is never starved for good).
 */
export type WorkPriority = 'foreground' | 'background';

const priorityOfWork = new AsyncLocalStorage<WorkPriority>();

/**
 * Runs `work` as background work: every mutex it (and everything it awaits) acquires without an
 * explicit priority is acquired as `background` (see {@link AsyncMutex}). On PGlite this is what lets
 * a command's statement go before the next projection batch; on a server pool it changes nothing.
 */
export function runInBackground<T>(work: () => Promise<T>): Promise<T> {
  return priorityOfWork.run('background', work);
}

/** The priority of the calling async context: `background` inside {@link runInBackground}, else `foreground`. */
export function currentWorkPriority(): WorkPriority {
  return priorityOfWork.getStore() ?? 'foreground';
}

/** Options of an {@link AsyncMutex}. */
export interface AsyncMutexOptions {
  /**
   * Longest a background waiter waits while foreground waiters keep coming, in ms (default 100):
   * then it goes next, ahead of them.
   */
  backgroundMaxWaitMs?: number;
  /**
   * Longest the mutex is handed from holder to holder without letting the event loop run I/O, in ms
   * (default 5). Hand-overs are promise resolutions (microtasks): a queue of waiters whose work is
   * synchronous (PGlite runs its statements on this thread) would otherwise keep the loop from
   * accepting connections and reading requests until the queue is empty. Past this slice the next
   * hand-over waits for `setImmediate`, after the loop's I/O phase. 0 yields at every hand-over.
   */
  yieldAfterMs?: number;
}

const DEFAULT_BACKGROUND_MAX_WAIT_MS = 100;
const DEFAULT_YIELD_AFTER_MS = 5;

interface Waiter {
  grant: () => void;
  since: number;
}

/**
 * An async mutex: one holder at a time. Waiters of one priority are served in arrival order;
 * foreground waiters before background ones (see {@link WorkPriority}); a background waiter that has
 * waited `backgroundMaxWaitMs` goes next. The mutex is held from one holder to the next (nobody can
 * slip in between), and every `yieldAfterMs` of continuous hand-overs the next one waits for the
 * event loop's I/O phase.
 *
 * PGlite is a single connection; this is what keeps one caller's transaction from swallowing another
 * caller's statements (see `PgliteDatabase` and `pgliteTypeormDriver`).
 */
export class AsyncMutex {
  private held = false;
  private readonly foreground: Waiter[] = [];
  private readonly background: Waiter[] = [];
  private readonly backgroundMaxWaitMs: number;
  private readonly yieldAfterMs: number;
  /** When the current run of hand-overs without an I/O phase began (performance.now() ms). */
  private sliceStart = 0;
  private servedForeground = 0;
  private servedBackground = 0;

  /** @throws RangeError for a negative or non-finite option */
  constructor(options: AsyncMutexOptions = {}) {
    this.backgroundMaxWaitMs = options.backgroundMaxWaitMs ?? DEFAULT_BACKGROUND_MAX_WAIT_MS;
    this.yieldAfterMs = options.yieldAfterMs ?? DEFAULT_YIELD_AFTER_MS;
    for (const [name, value] of Object.entries({ backgroundMaxWaitMs: this.backgroundMaxWaitMs, yieldAfterMs: this.yieldAfterMs })) {
      if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a non-negative number of ms, got ${String(value)}`);
    }
  }

  /**
   * Waits until the mutex is granted, then holds it.
   * @param priority default: the calling context's ({@link runInBackground} makes it `background`)
   * @returns a release function; calling it more than once is harmless.
   */
  async acquire(priority: WorkPriority = currentWorkPriority()): Promise<() => void> {
    if (!this.held) {
      this.held = true;
      this.sliceStart = performance.now();
    } else {
      await new Promise<void>((grant) => (priority === 'background' ? this.background : this.foreground).push({ grant, since: performance.now() }));
    }
    if (priority === 'background') this.servedBackground += 1;
    else this.servedForeground += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.handOver();
    };
  }

  /** Runs `work` while holding the mutex; releases it when `work` settles. */
  async runExclusive<T>(work: () => Promise<T>, priority?: WorkPriority): Promise<T> {
    const release = await this.acquire(priority);
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** Whether someone holds the mutex now (diagnostics and tests). */
  get locked(): boolean {
    return this.held;
  }

  /** How many waiters of each priority wait now, and how many grants each got so far (diagnostics and tests). */
  get stats(): { waitingForeground: number; waitingBackground: number; servedForeground: number; servedBackground: number } {
    return {
      waitingForeground: this.foreground.length,
      waitingBackground: this.background.length,
      servedForeground: this.servedForeground,
      servedBackground: this.servedBackground,
    };
  }

  /**
   * How long the current holder has run since the event loop last had an I/O phase (ms): a holder
   * that runs many synchronous steps may `await` {@link yieldToEventLoop} when this passes `yieldAfterMs`.
   */
  get sliceMs(): number {
    return performance.now() - this.sliceStart;
  }

  /** Whether the holder has run past its slice without an I/O phase (see `yieldAfterMs`). */
  get shouldYield(): boolean {
    return this.sliceMs >= this.yieldAfterMs;
  }

  /** Lets the event loop run its I/O phase (setImmediate), then starts a new slice. The mutex stays held. */
  async yieldToEventLoop(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.sliceStart = performance.now();
  }

  private handOver(): void {
    if (this.foreground.length === 0 && this.background.length === 0) {
      this.held = false;
      return;
    }
    if (this.shouldYield) {
      // Still held: whoever arrives during the I/O phase queues, and is chosen by priority then.
      setImmediate(() => {
        this.sliceStart = performance.now();
        this.grantNext();
      });
    } else {
      this.grantNext();
    }
  }

  private grantNext(): void {
    const bg = this.background[0];
    const takeBackground = bg !== undefined && (this.foreground.length === 0 || performance.now() - bg.since >= this.backgroundMaxWaitMs);
    const next = takeBackground ? this.background.shift() : this.foreground.shift();
    if (next === undefined) {
      this.held = false;
      return;
    }
    next.grant();
  }
}
