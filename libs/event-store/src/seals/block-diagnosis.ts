import { eventsHash, type Seal, type SealEntry } from './seal-hash.js';
import type { VerificationProblem } from './verification.js';

/** A block's event as the verifier saw it: its seal entry and when it was recorded. */
export interface BlockEvent extends SealEntry {
  recordedAt: Date;
}

/**
 * Explains a sealed block whose stored events do not hash to its seal, when the per-stream chains
 * found nothing inside it:
 * - one event more than sealed: the event whose removal makes the hash match is `event_inserted`;
 * - as many as sealed: tries the swap that the recording times point at (events are recorded in
 *   position order); if swapping those two positions back makes the hash match, `order_changed`;
 * - fewer than sealed: `event_missing` in the block (which one the chains could not tell);
 * - otherwise `seal_broken`.
 * Costs O(n²) hashing of the block's n entry lines in the worst case (only for a broken block).
 */
export function diagnoseBlock(seal: Seal, events: BlockEvent[]): VerificationProblem {
  const at = { blockNo: seal.blockNo };
  if (events.length === seal.eventCount + 1) {
    for (let i = 0; i < events.length; i += 1) {
      if (eventsHash(events.filter((_, j) => j !== i)) === seal.eventsHash) {
        const e = events[i]!;
        return {
          kind: 'event_inserted',
          message: `block ${seal.blockNo}: the event at position ${e.position} (stream ${e.streamId}, revision ${e.revision}) was not there when the block was sealed`,
          ...locate(e),
          ...at,
        };
      }
    }
  }
  if (events.length === seal.eventCount) {
    const swap = swappedPair(events);
    if (swap !== null && eventsHash(swapPositions(events, swap[0], swap[1])) === seal.eventsHash) {
      const a = events[swap[0]]!;
      const b = events[swap[1]]!;
      return {
        kind: 'order_changed',
        message: `block ${seal.blockNo}: the events at positions ${a.position} and ${b.position} swapped places since the block was sealed`,
        ...locate(a),
        otherPosition: b.position.toString(),
        ...at,
      };
    }
  }
  if (events.length < seal.eventCount) {
    return {
      kind: 'event_missing',
      message: `block ${seal.blockNo} (positions ${seal.fromPosition}–${seal.toPosition}) holds ${events.length} events, sealed with ${seal.eventCount}`,
      position: seal.fromPosition.toString(),
      ...at,
    };
  }
  return {
    kind: 'seal_broken',
    message: `block ${seal.blockNo} (positions ${seal.fromPosition}–${seal.toPosition}): its ${events.length} stored events do not match the seal (${seal.eventCount} events)`,
    position: seal.fromPosition.toString(),
    ...at,
  };
}

function locate(e: SealEntry): Pick<VerificationProblem, 'streamId' | 'revision' | 'position' | 'eventId'> {
  return { streamId: e.streamId, revision: e.revision.toString(), position: e.position.toString(), eventId: e.eventId };
}

/** The two indexes the recording times point at: the first event recorded after its successor, and the last recorded before its predecessor. */
function swappedPair(events: BlockEvent[]): [number, number] | null {
  let first = -1;
  let last = -1;
  for (let i = 0; i + 1 < events.length; i += 1) {
    if (events[i]!.recordedAt.getTime() > events[i + 1]!.recordedAt.getTime()) {
      if (first < 0) first = i;
      last = i + 1;
    }
  }
  return first < 0 ? null : [first, last];
}

/** The block as it was if the events at indexes i and j exchange positions back. */
function swapPositions(events: BlockEvent[], i: number, j: number): SealEntry[] {
  const moved = events.map((e) => ({ ...e }));
  const pi = moved[i]!.position;
  moved[i]!.position = moved[j]!.position;
  moved[j]!.position = pi;
  return moved.sort((a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0));
}
