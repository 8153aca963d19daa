/**
 * A minimal FIFO async mutex: one holder at a time, waiters served in arrival order.
 *
 * PGlite is a single connection; this is what keeps one caller's transaction from swallowing another
 * caller's statements (see `PgliteDatabase` and `pgliteTypeormDriver`).
 */
export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();
  private holders = 0;

  /**
   * Waits until the mutex is free, then holds it.
   * @returns a release function; calling it more than once is harmless.
   */
  async acquire(): Promise<() => void> {
    let releaseNext!: () => void;
    const next = new Promise<void>((resolve) => {
      releaseNext = resolve;
    });
    const previous = this.tail;
    this.tail = previous.then(() => next);
    await previous;
    this.holders += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holders -= 1;
      releaseNext();
    };
  }

  /** Runs `work` while holding the mutex; releases it when `work` settles. */
  async runExclusive<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }

  /** Whether someone holds the mutex now (diagnostics and tests). */
  get locked(): boolean {
    return this.holders > 0;
  }
}
