/**
 * Fills a store to a size: the seed's events (made by the real command path from the demo workload)
 * appended again and again, each copy a new set of entities — every UUID, USCC and per-unit reference
 * rewritten consistently within the copy, so hazards, enterprises, accidents… are new ones with the
 * same life — through the event store's own append (hashes, revisions and positions as in production).
 */
import { randomUUID } from 'node:crypto';
import { v5 as uuidV5 } from 'uuid';
import { usccCheckCharacter } from '#domain';
import type { EventStore, NewEvent, RecordedEvent } from '#event-store';

/** Options of {@link fillStore}. */
export interface FillOptions {
  /** The head position to reach (at least: whole windows are appended). */
  target: bigint;
  /** The seed: events at positions 1..seedHead are copied. */
  seedHead: bigint;
  /** Positions per window: a copy appends, window by window, each stream's events of the window as one append (default 250). */
  window?: number;
  /** Appends in flight at once within a window (default 16). */
  concurrency?: number;
  onProgress?: (appended: number) => void;
}

const NAMESPACE = '6f1c8a52-4b1e-4c55-9f2b-3a7c1d2e9b10';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const USCC = /\b(9[0-9A-HJ-NPQRTUWXY]\d{6})([0-9A-HJ-NPQRTUWXY]{9})[0-9A-HJ-NPQRTUWXY]\b/g;
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** Free-text references that name one unit or person: suffixed per copy so copies count as new ones. */
const UNIT_FIELDS = ['unitRef', 'personRef', 'documentNumber'];

/**
 * Appends copies of the seed's events until the head reaches `target`; returns the events appended.
 * Global order is kept window by window (250 positions): within a window, streams may interleave.
 */
export async function fillStore(store: EventStore, options: FillOptions): Promise<number> {
  const seed: RecordedEvent[] = [];
  for (let after = 0n; after < options.seedHead; ) {
    const batch = await store.readAll({ after, limit: 1000 });
    if (batch.length === 0) break;
    seed.push(...batch.filter((e) => e.position <= options.seedHead));
    after = batch[batch.length - 1]!.position;
  }
  if (seed.length === 0) throw new Error('fillStore: the seed holds no events');
  const window = options.window ?? 250;
  const windows: RecordedEvent[][][] = [];
  for (let i = 0; i < seed.length; i += window) windows.push(groupByStream(seed.slice(i, i + window)));
  let appended = 0;
  const concurrency = options.concurrency ?? 16;
  for (let copy = 1; (await store.headPosition()) < options.target; copy++) {
    const c = new Copy(copy);
    for (const [w, groups] of windows.entries()) {
      if (w > 0 && (await store.headPosition()) >= options.target) break;
      // A window's streams are appended side by side (the store may commit them together); windows in order.
      for (let i = 0; i < groups.length; i += concurrency) {
        await Promise.all(
          groups.slice(i, i + concurrency).map(async (events) => {
            await store.append(c.stream(events[0]!.streamId), events.map((e) => c.event(e)), 'any');
            appended += events.length;
            options.onProgress?.(events.length);
          }),
        );
      }
    }
  }
  return appended;
}

/** A window's events grouped by stream, groups in order of their first event. */
function groupByStream(events: RecordedEvent[]): RecordedEvent[][] {
  const groups = new Map<string, RecordedEvent[]>();
  for (const e of events) {
    const g = groups.get(e.streamId);
    if (g) g.push(e);
    else groups.set(e.streamId, [e]);
  }
  return [...groups.values()];
}

/** The rewriting of one copy: the same UUID or USCC always maps to the same new one within it. */
class Copy {
  private readonly uuids = new Map<string, string>();
  private readonly usccs = new Map<string, string>();

  constructor(private readonly n: number) {}

  stream(streamId: string): string {
    return this.rewrite(streamId);
  }

  event(e: RecordedEvent): NewEvent {
    const data = JSON.parse(this.rewrite(JSON.stringify(e.data))) as Record<string, unknown>;
    for (const field of UNIT_FIELDS) if (typeof data[field] === 'string') data[field] = `${data[field] as string}~${this.n}`;
    const metadata = JSON.parse(this.rewrite(JSON.stringify(e.metadata))) as Record<string, unknown>;
    return { eventId: randomUUID(), type: e.type, schemaVersion: e.schemaVersion, data, metadata };
  }

  private rewrite(text: string): string {
    return text.replace(UUID, (u) => this.uuid(u)).replace(USCC, (_, head: string, org: string) => this.uscc(head, org));
  }

  private uuid(u: string): string {
    let v = this.uuids.get(u);
    if (!v) this.uuids.set(u, (v = uuidV5(`${u}:${this.n}`, NAMESPACE)));
    return v;
  }

  /** Same registration authority and district (the first 8 characters), a new organisation code, a valid check character. */
  private uscc(head: string, org: string): string {
    const key = head + org;
    let v = this.usccs.get(key);
    if (!v) {
      const hex = uuidV5(`${key}:${this.n}`, NAMESPACE).replace(/-/g, '');
      let code = '';
      for (let i = 0; i < 9; i++) code += ALPHABET[parseInt(hex.slice(2 * i, 2 * i + 2), 16) % ALPHABET.length];
      const first17 = head + code;
      this.usccs.set(key, (v = first17 + usccCheckCharacter(first17)));
    }
    return v;
  }
}
