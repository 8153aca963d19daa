import { GroupCommitQueue } from './group-commit-queue.js';

/** A flush the test releases by hand, recording the groups it was given. */
function manualFlush() {
  const groups: number[][] = [];
  const releases: (() => void)[] = [];
  const flush = (group: number[]) => {
    groups.push(group);
    return new Promise<void>((resolve) => releases.push(resolve));
  };
  return { groups, releases, flush };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('GroupCommitQueue', () => {
  it('flushes a lone item at once, and gathers the items that arrive while flushes run', async () => {
    const { groups, releases, flush } = manualFlush();
    const queue = new GroupCommitQueue<number>(flush, { maxGroupSize: 100, maxInFlight: 1 }, (e) => { throw e; });
    queue.push(1);
    expect(groups).toEqual([[1]]);
    for (let i = 2; i <= 6; i++) queue.push(i);
    expect(queue.size).toBe(5);
    releases[0]!();
    await tick();
    expect(groups).toEqual([[1], [2, 3, 4, 5, 6]]);
    releases[1]!();
    await tick();
    expect(groups).toHaveLength(2);
  });

  it('runs at most maxInFlight flushes and at most maxGroupSize items per flush', async () => {
    const { groups, releases, flush } = manualFlush();
    const queue = new GroupCommitQueue<number>(flush, { maxGroupSize: 3, maxInFlight: 2 }, (e) => { throw e; });
    for (let i = 1; i <= 9; i++) queue.push(i);
    expect(groups).toEqual([[1], [2]]);
    releases[0]!();
    await tick();
    expect(groups).toEqual([[1], [2], [3, 4, 5]]);
    releases[1]!();
    await tick();
    expect(groups).toEqual([[1], [2], [3, 4, 5], [6, 7, 8]]);
    releases[2]!();
    await tick();
    expect(groups[4]).toEqual([9]);
  });

  it('refuses a group size or in-flight count that is not a positive integer', () => {
    expect(() => new GroupCommitQueue<number>(async () => undefined, { maxGroupSize: 0, maxInFlight: 1 }, () => undefined)).toThrow(RangeError);
    expect(() => new GroupCommitQueue<number>(async () => undefined, { maxGroupSize: 1, maxInFlight: 1.5 }, () => undefined)).toThrow(RangeError);
  });
});
