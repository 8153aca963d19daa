import { AsyncMutex, currentWorkPriority, runInBackground } from './async-mutex.js';

/** Queues one waiter per label (in this order) while `mutex` is held, and records the order they are granted in. */
async function grantOrder(mutex: AsyncMutex, waiters: { label: string; background: boolean }[]): Promise<string[]> {
  const order: string[] = [];
  const holder = await mutex.acquire('foreground');
  const done = waiters.map(async ({ label, background }) => {
    const release = await mutex.acquire(background ? 'background' : 'foreground');
    order.push(label);
    release();
  });
  holder();
  await Promise.all(done);
  return order;
}

describe('AsyncMutex', () => {
  it('grants one holder at a time, in arrival order within a priority', async () => {
    const mutex = new AsyncMutex();
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        mutex.runExclusive(async () => {
          inside += 1;
          most = Math.max(most, inside);
          order.push(i);
          await new Promise((resolve) => setImmediate(resolve));
          inside -= 1;
        }),
      ),
    );
    expect(most).toBe(1);
    expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(mutex.locked).toBe(false);
  });

  it('serves every waiting foreground waiter before a background one that has not waited long', async () => {
    const mutex = new AsyncMutex({ backgroundMaxWaitMs: 60_000 });
    const order = await grantOrder(mutex, [
      { label: 'b1', background: true },
      { label: 'f1', background: false },
      { label: 'b2', background: true },
      { label: 'f2', background: false },
    ]);
    expect(order).toEqual(['f1', 'f2', 'b1', 'b2']);
  });

  it('lets a background waiter go ahead once it has waited backgroundMaxWaitMs', async () => {
    const mutex = new AsyncMutex({ backgroundMaxWaitMs: 20 });
    const holder = await mutex.acquire('foreground');
    const order: string[] = [];
    const background = mutex.acquire('background').then((release) => {
      order.push('b');
      release();
    });
    await new Promise((resolve) => setTimeout(resolve, 40));
    const foreground = mutex.acquire('foreground').then((release) => {
      order.push('f');
      release();
    });
    holder();
    await Promise.all([background, foreground]);
    expect(order).toEqual(['b', 'f']);
  });

  it('takes the priority of the calling context: background inside runInBackground, foreground elsewhere', async () => {
    expect(currentWorkPriority()).toBe('foreground');
    const inside = await runInBackground(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      return currentWorkPriority();
    });
    expect(inside).toBe('background');
    expect(currentWorkPriority()).toBe('foreground');

    const mutex = new AsyncMutex({ backgroundMaxWaitMs: 60_000 });
    const holder = await mutex.acquire();
    const order: string[] = [];
    const background = runInBackground(async () => {
      const release = await mutex.acquire();
      order.push('projection batch');
      release();
    });
    const foreground = mutex.acquire().then((release) => {
      order.push('command');
      release();
    });
    holder();
    await Promise.all([background, foreground]);
    expect(order).toEqual(['command', 'projection batch']);
    expect(mutex.stats).toMatchObject({ servedForeground: 2, servedBackground: 1, waitingForeground: 0, waitingBackground: 0 });
  });

  it('lets the event loop run I/O between hand-overs once a slice is used up, without letting anyone in between', async () => {
    const mutex = new AsyncMutex({ yieldAfterMs: 0 });
    const events: string[] = [];
    const holder = await mutex.acquire();
    const next = mutex.acquire().then((release) => {
      events.push('granted');
      release();
    });
    setImmediate(() => events.push('immediate'));
    holder();
    // The hand-over waits for setImmediate: the mutex stays held meanwhile.
    expect(mutex.locked).toBe(true);
    await next;
    expect(events).toEqual(['immediate', 'granted']);
    expect(mutex.locked).toBe(false);
  });

  it('hands over at once (no event-loop turn) within a slice', async () => {
    const mutex = new AsyncMutex({ yieldAfterMs: 60_000 });
    const events: string[] = [];
    const holder = await mutex.acquire();
    const next = mutex.acquire().then((release) => {
      events.push('granted');
      release();
    });
    setImmediate(() => events.push('immediate'));
    holder();
    await next;
    expect(events).toEqual(['granted']);
  });

  it('refuses a negative option', () => {
    expect(() => new AsyncMutex({ yieldAfterMs: -1 })).toThrow(RangeError);
    expect(() => new AsyncMutex({ backgroundMaxWaitMs: Number.NaN })).toThrow(RangeError);
  });
});
