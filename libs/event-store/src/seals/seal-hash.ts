import { createHash, type Hash } from 'node:crypto';
import { canonicalJson } from '../event-hash.js';

/** What a block seal covers of each event in its range: where it is, which it is, and its chain hash. */
export interface SealEntry {
  position: bigint;
  eventId: string;
  streamId: string;
  revision: bigint;
  /** The event's stored hash (see `hashEvent`). */
  hash: string;
}

/** A seal's own fields (what `seal_hash` covers besides the previous seal's hash). */
export interface SealFields {
  /** 1, 2, 3, … without gaps. */
  blockNo: number;
  /** First global position of the block (inclusive); the previous block's `toPosition + 1`, 1 for block 1. */
  fromPosition: bigint;
  /** Last global position of the block (inclusive). */
  toPosition: bigint;
  /** Events present in the range (positions may have gaps: rolled-back appends). */
  eventCount: number;
  /** `eventsHash` of the block's entries. */
  eventsHash: string;
  sealedAt: Date;
}

/** A stored seal: its fields, the previous seal's hash (`null` for block 1) and its own hash. */
export interface Seal extends SealFields {
  previousSealHash: string | null;
  sealHash: string;
}

/**
 * One entry as the line the events hash reads: `canonicalJson([position, eventId, streamId, revision,
 * hash])` with position and revision as decimal strings, then `\n` (JSON strings cannot hold a raw
 * newline, so lines cannot be confused).
 */
export function sealEntryLine(entry: SealEntry): string {
  return `${canonicalJson([entry.position.toString(), entry.eventId, entry.streamId, entry.revision.toString(), entry.hash])}\n`;
}

/** The entry as the JSON array an audit export writes (`[position, eventId, streamId, revision, hash]`). */
export function sealEntryTuple(entry: SealEntry): [string, string, string, string, string] {
  return [entry.position.toString(), entry.eventId, entry.streamId, entry.revision.toString(), entry.hash];
}

/** Incremental `eventsHash`: feed entries in position order, then `digest()` once. */
export class EventsHasher {
  private readonly hash: Hash = createHash('sha256');
  /** Entries fed so far. */
  count = 0;

  update(entry: SealEntry): void {
    this.hash.update(sealEntryLine(entry), 'utf8');
    this.count += 1;
  }

  /** sha256 hex of the concatenated entry lines (of nothing: the hash of the empty string). */
  digest(): string {
    return this.hash.digest('hex');
  }
}

/**
 * The events hash of a block: sha256 hex over `sealEntryLine` of every event in the range, in position
 * order. Covers positions, so moving, inserting or removing an event in the range changes it.
 */
export function eventsHash(entries: Iterable<SealEntry>): string {
  const hasher = new EventsHasher();
  for (const entry of entries) hasher.update(entry);
  return hasher.digest();
}

/**
 * A seal's hash: `sha256hex(previousSealHash ?? '' ‖ canonicalJson({ blockNo, fromPosition, toPosition,
 * eventCount, eventsHash, sealedAt }))` with positions as decimal strings and `sealedAt` as ISO-8601 UTC
 * with milliseconds. Chains the seals: changing any seal changes every later one.
 * @throws RangeError for an invalid `sealedAt`
 */
export function hashSeal(previousSealHash: string | null, seal: SealFields): string {
  const body = canonicalJson({
    blockNo: seal.blockNo,
    fromPosition: seal.fromPosition.toString(),
    toPosition: seal.toPosition.toString(),
    eventCount: seal.eventCount,
    eventsHash: seal.eventsHash,
    sealedAt: seal.sealedAt.toISOString(),
  });
  return createHash('sha256').update(previousSealHash ?? '', 'utf8').update(body, 'utf8').digest('hex');
}
