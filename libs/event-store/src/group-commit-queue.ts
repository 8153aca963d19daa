/**
 * A queue that hands work items to a flush function in groups: while a flush runs, new items wait,
 * and the next flush takes every item waiting (up to `maxGroupSize`). At most `maxInFlight` flushes
 * run at once. Under load the groups grow by themselves; alone, an item is flushed at once (no timer,
 * no added latency).
 */
export interface GroupCommitQueueOptions {
  /** Most items one flush takes (≥ 1). */
  maxGroupSize: number;
  /** Most flushes running at once (≥ 1). */
  maxInFlight: number;
}

/** Queue of items of type `T` flushed in groups; see the file comment. */
export class GroupCommitQueue<T> {
  private readonly waiting: T[] = [];
  private inFlight = 0;

  /**
   * @param flush settles every item of the group it is given (it must not throw: an error it lets
   *   escape is reported to `onFlushError` and its items would never settle)
   * @throws RangeError for a group size or in-flight count that is not a positive integer
   */
  constructor(
    private readonly flush: (group: T[]) => Promise<void>,
    private readonly options: GroupCommitQueueOptions,
    private readonly onFlushError: (error: unknown) => void,
  ) {
    for (const [name, value] of Object.entries(options)) {
      if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${String(value)}`);
    }
  }

  /** Adds an item; it is flushed with the next group. */
  push(item: T): void {
    this.waiting.push(item);
    this.pump();
  }

  /** How many items wait for a flush (not counting those being flushed). */
  get size(): number {
    return this.waiting.length;
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      const group = this.waiting.splice(0, this.options.maxGroupSize);
      this.inFlight += 1;
      void this.flush(group)
        .catch(this.onFlushError)
        .finally(() => {
          this.inFlight -= 1;
          this.pump();
        });
    }
  }
}
