/**
 * Planning a group commit: several appends, arriving concurrently, decided together against the
 * streams and stored event ids read once for the whole group, so that they can be inserted by one
 * statement and committed by one transaction (one WAL flush for all of them).
 *
 * Pure: no I/O. `planAppendGroup` gives each append its own outcome — appended, an idempotent retry
 * (its original result, or the result of an identical append earlier in the same group), or its own
 * error — exactly as if the appends had run one after another in arrival order.
 */
import { DuplicateEventError, WrongExpectedRevisionError } from './errors.js';
import { hashEvent } from './event-hash.js';
import type { AppendResult, ExpectedRevision, NewEvent } from './event-store.port.js';

/** One append waiting in a group (events validated and canonicalised, ids in lower case). */
export interface PendingAppend {
  streamId: string;
  events: NewEvent[];
  expectedRevision: ExpectedRevision;
}

/** A stream's row as locked for the group: its revision and the hash of its last event. */
export interface StreamHead {
  revision: bigint;
  lastHash: string;
}

/** An already stored event, by id, as the idempotency check reads it. */
export interface StoredEventRef {
  streamId: string;
  revision: bigint;
  position: bigint;
}

/**
 * An event row to insert, in group order (row i gets the group's first position + i). `hash` and
 * `previousHash` are filled by {@link hashGroupRows} once the group's recording instant is known.
 */
export interface PlannedRow extends NewEvent {
  streamId: string;
  revision: string;
  hash: string;
  previousHash: string | null;
}

/** What the group decided for one append. */
export type AppendOutcome =
  /** Inserted: its rows are `rows.slice(firstRow, firstRow + count)`. */
  | { kind: 'appended'; streamId: string; firstRow: number; count: number; streamRevision: bigint }
  /** A retry whose events are all stored already: its original result. */
  | { kind: 'stored'; result: AppendResult }
  /** A retry of appends earlier in this group (all its ids appended to its stream by them): their rows, in this append's id order. */
  | { kind: 'retry-in-group'; streamId: string; rowIndexes: number[]; streamRevision: bigint }
  | { kind: 'failed'; error: Error };

/** The whole group's plan: each append's outcome, the rows to insert in order, and the stream rows to write. */
export interface AppendGroupPlan {
  outcomes: AppendOutcome[];
  rows: PlannedRow[];
  /** Streams that do not exist yet and get a row (claimed before the append lock). */
  newStreams: string[];
  /** Every stream with appended events: its new revision and (after {@link hashGroupRows}) last hash. */
  streamUpdates: { streamId: string; revision: string; lastHash: string }[];
  /** The hash each touched stream's chain continues from (its last stored event's; null for a new stream). */
  chainStarts: Map<string, string | null>;
}

/**
 * Decides a group of appends in arrival order against the locked stream heads and the stored ids.
 * Appends to the same stream chain (the second sees the first's revision and hash); an append whose
 * ids were all appended by an earlier append of the group to the same stream is that append's retry.
 *
 * @param pending the appends, in arrival order
 * @param heads the locked rows of every existing stream the group names
 * @param stored the stored events among every id the group names
 * @returns the plan; its rows are not hashed yet (call {@link hashGroupRows})
 */
export function planAppendGroup(
  pending: readonly PendingAppend[],
  heads: ReadonlyMap<string, StreamHead>,
  stored: ReadonlyMap<string, StoredEventRef>,
): AppendGroupPlan {
  const current = new Map<string, { revision: bigint | null }>();
  const chainStarts = new Map<string, string | null>();
  const headOf = (streamId: string) => {
    let head = current.get(streamId);
    if (!head) {
      const locked = heads.get(streamId);
      head = { revision: locked ? locked.revision : null };
      current.set(streamId, head);
    }
    return head;
  };
  /** Ids appended by this group so far → the append (index), its stream and the id's row. */
  const inGroup = new Map<string, { index: number; streamId: string; row: number; revision: bigint }>();
  const outcomes: AppendOutcome[] = [];
  const rows: PlannedRow[] = [];
  const newStreams: string[] = [];
  const touched = new Set<string>();

  pending.forEach((append, index) => {
    const { streamId, events, expectedRevision } = append;
    const ids = events.map((event) => event.eventId);
    const head = headOf(streamId);

    // Idempotency against what is stored, then against what this group appends; one rule for both:
    // every id already appended to this stream is a retry, some (or another stream's) a duplicate.
    const storedHits = hitsIn(stored, ids);
    const groupHits = storedHits.length > 0 ? [] : hitsIn(inGroup, ids);
    const hits = storedHits.length > 0 ? storedHits : groupHits;
    if (hits.length > 0) {
      if (hits.length !== ids.length || hits.some((hit) => hit.streamId !== streamId)) {
        outcomes.push({ kind: 'failed', error: new DuplicateEventError(hits.map((hit) => hit.id)) });
        return;
      }
      const streamRevision = hits.reduce((max, hit) => (hit.revision > max ? hit.revision : max), -1n);
      if (storedHits.length > 0) {
        const positions = storedHits.map((hit) => hit.position);
        outcomes.push({ kind: 'stored', result: { streamId, streamRevision, positions, position: positions[positions.length - 1]! } });
      } else {
        outcomes.push({ kind: 'retry-in-group', streamId, rowIndexes: groupHits.map((hit) => hit.row), streamRevision });
      }
      return;
    }

    // Optimistic concurrency, against the stream as the earlier appends of the group leave it.
    if (
      (expectedRevision === 'no_stream' && head.revision !== null) ||
      (typeof expectedRevision === 'bigint' && head.revision !== expectedRevision)
    ) {
      outcomes.push({ kind: 'failed', error: new WrongExpectedRevisionError(streamId, expectedRevision, head.revision) });
      return;
    }

    if (head.revision === null && !heads.has(streamId) && !newStreams.includes(streamId)) newStreams.push(streamId);
    const firstRevision = head.revision === null ? 0n : head.revision + 1n;
    const firstRow = rows.length;
    if (!chainStarts.has(streamId)) chainStarts.set(streamId, heads.get(streamId)?.lastHash ?? null);
    events.forEach((event, offset) => {
      const revision = firstRevision + BigInt(offset);
      rows.push({ ...event, streamId, revision: revision.toString(), hash: '', previousHash: null });
      inGroup.set(event.eventId, { index, streamId, row: rows.length - 1, revision });
    });
    head.revision = firstRevision + BigInt(events.length) - 1n;
    touched.add(streamId);
    outcomes.push({ kind: 'appended', streamId, firstRow, count: events.length, streamRevision: head.revision });
  });

  const streamUpdates = [...touched].map((streamId) => ({ streamId, revision: current.get(streamId)!.revision!.toString(), lastHash: '' }));
  return { outcomes, rows, newStreams, streamUpdates, chainStarts };
}

/**
 * Hashes the plan's rows in place, chaining each stream's rows from its last stored hash, with the
 * group's one recording instant (taken under the append lock, so that recording times follow
 * positions), and sets each stream update's last hash.
 */
export function hashGroupRows(plan: AppendGroupPlan, recordedAt: Date): void {
  const last = new Map(plan.chainStarts);
  for (const row of plan.rows) {
    const previousHash = last.get(row.streamId) ?? null;
    row.previousHash = previousHash;
    row.hash = hashEvent(previousHash, { ...row, revision: BigInt(row.revision), recordedAt });
    last.set(row.streamId, row.hash);
  }
  for (const update of plan.streamUpdates) update.lastHash = last.get(update.streamId)!;
}

/** The entries of `ids` found in `known`, in `ids` order, each with its id. */
function hitsIn<T extends { streamId: string; revision: bigint }>(known: ReadonlyMap<string, T>, ids: readonly string[]): (T & { id: string })[] {
  return ids.flatMap((id) => {
    const hit = known.get(id);
    return hit ? [{ id, ...hit }] : [];
  });
}

/**
 * Each append's result once the group's rows are inserted: row `i` (0-based) has position
 * `firstPosition + i`.
 * @returns per append, its result or its error
 */
export function groupResults(plan: AppendGroupPlan, firstPosition: bigint): (AppendResult | Error)[] {
  const results: (AppendResult | Error)[] = [];
  plan.outcomes.forEach((outcome) => {
    switch (outcome.kind) {
      case 'appended': {
        const positions = Array.from({ length: outcome.count }, (_, offset) => firstPosition + BigInt(outcome.firstRow + offset));
        results.push({ streamId: outcome.streamId, streamRevision: outcome.streamRevision, positions, position: positions[positions.length - 1]! });
        break;
      }
      case 'stored':
        results.push(outcome.result);
        break;
      case 'retry-in-group': {
        const positions = outcome.rowIndexes.map((row) => firstPosition + BigInt(row));
        results.push({ streamId: outcome.streamId, streamRevision: outcome.streamRevision, positions, position: positions[positions.length - 1]! });
        break;
      }
      case 'failed':
        results.push(outcome.error);
        break;
    }
  });
  return results;
}
