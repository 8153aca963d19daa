/**
 * A small seeded pseudo-random number generator for the demo workload: the same seed gives the same
 * workload on every machine and every run (no `Math.random`, no clock).
 */

/**
 * Mixes a seed and labels into a 32-bit seed (FNV-1a over the text, then a murmur3 finaliser), so
 * that each part of the workload draws from its own stream: the enterprises do not change when the
 * number of hazards per enterprise does.
 *
 * @param seed any integer (only its low 32 bits count)
 * @param labels strings or numbers naming the sub-stream, e.g. `('hazards', 17)`
 * @returns an unsigned 32-bit integer
 */
export function deriveSeed(seed: number, ...labels: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of `${seed >>> 0}|${labels.join('|')}`) {
    h ^= ch.codePointAt(0)!;
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * mulberry32: a 32-bit state, period 2^32, good enough for synthetic data (not for cryptography).
 * Every helper below draws from `next()` only, so a sequence of calls is reproducible.
 */
export class Prng {
  private state: number;

  /** @param seed any integer; equal seeds give equal sequences */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p` (0 ≤ p ≤ 1). */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list, uniformly. @throws RangeError on an empty list */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /**
   * One value of `[value, weight]` pairs, with probability proportional to its weight (weights ≥ 0).
   * @throws RangeError when no weight is positive
   */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const total = entries.reduce((sum, [, w]) => sum + Math.max(0, w), 0);
    if (!(total > 0)) throw new RangeError('weighted pick needs a positive weight');
    let r = this.next() * total;
    for (const [value, w] of entries) {
      if (w <= 0) continue;
      r -= w;
      if (r < 0) return value;
    }
    // Rounding can leave r at 0 after the last positive weight: that entry is the answer.
    return [...entries].reverse().find(([, w]) => w > 0)![0];
  }

  /** A Poisson-distributed count with mean `lambda` (Knuth's method; fine for lambda up to ~30). */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** A version-4-shaped UUID (lower case) made of this generator's bits. */
  uuid(): string {
    const hex = (n: number) => Math.floor(n).toString(16).padStart(8, '0');
    const a = hex(this.next() * 2 ** 32);
    const b = hex(this.next() * 2 ** 32);
    const c = hex(this.next() * 2 ** 32);
    const d = hex(this.next() * 2 ** 32);
    const variant = ((parseInt(c[0]!, 16) & 0x3) | 0x8).toString(16);
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${c.slice(1, 4)}-${c.slice(4, 8)}${d}`;
  }
}
