/**
 * Verifies the whole store without trusting its stored hashes: every stream's hash chain is recomputed
 * from the stored data and metadata, every block's events hash from the stored events, every seal's
 * hash from its fields, and the stream heads (`es_streams`) are compared with what the chains end at.
 *
 * One pass over the global order in batches (`readAll`), so memory holds one batch, the current
 * block's entries and one small record per stream — not the events. The first problem reported is the
 * earliest in the global order (a problem inside a sealed block before that block's own seal mismatch,
 * which it explains).
 */
import type { SqlExecutor } from '#database';
import { hashEvent } from '../event-hash.js';
import type { EventStore, RecordedEvent } from '../event-store.port.js';
import { diagnoseBlock, type BlockEvent } from './block-diagnosis.js';
import { EventsHasher, hashSeal, type Seal } from './seal-hash.js';
import { readSeals } from './seal-repository.js';
import type { VerificationProblem } from './verification.js';

/** Options of `verifyStore`. */
export interface VerifyStoreOptions {
  /** Events read per `readAll` batch (default 2 000). */
  batchSize?: number;
  /** Called after each batch with the last position checked and the head (progress bars). */
  onProgress?: (position: bigint, head: bigint) => void;
  /** Problems kept in `problems` (default 100; the first is always kept). */
  maxProblems?: number;
}

/** The result of `verifyStore`. Positions are decimal strings (it is sent as JSON as is). */
export interface StoreVerification {
  ok: boolean;
  /** The first problem in the global order, or `null` when everything verifies. */
  problem: VerificationProblem | null;
  /** Every problem found, in the global order (at most `maxProblems`). */
  problems: VerificationProblem[];
  eventsChecked: number;
  streamsChecked: number;
  blocksChecked: number;
  /** The head position when the verification started. */
  headPosition: string;
  /** The last sealed position ('0' when nothing is sealed): events after it are covered by their chains only. */
  sealedThrough: string;
  /** The last seal (an auditor compares its hash with one taken earlier, e.g. from an export), or `null`. */
  lastSeal: { blockNo: number; toPosition: string; sealHash: string } | null;
  startedAt: string;
  finishedAt: string;
}

interface StreamState {
  firstPosition: bigint;
  /** Highest revision seen, its stored hash and position. */
  revision: bigint;
  hash: string;
  position: bigint;
  /** Revisions skipped so far → where the gap is (resolved as order_changed if they turn up later). */
  gaps: Map<bigint, { afterPosition: bigint | null; beforePosition: bigint; laterRevision: bigint }>;
  inHeads: boolean;
}

/**
 * A problem with the position that orders it, and its level: an event's, a block's events against
 * their seal (explained away by an event's problem inside the block), or a seal record's own.
 */
interface Found {
  key: bigint;
  blockLevel: boolean;
  sealRecord?: boolean;
  problem: VerificationProblem;
}

/**
 * Verifies the store on `db` (reading events through `store.readAll`).
 * @returns the verification; `ok` is false when any problem was found
 * @throws the database's error when a read fails
 */
export async function verifyStore(
  db: SqlExecutor,
  store: Pick<EventStore, 'readAll' | 'headPosition'>,
  options: VerifyStoreOptions = {},
): Promise<StoreVerification> {
  const startedAt = new Date();
  const batchSize = options.batchSize ?? 2000;
  const head = await store.headPosition();
  const found: Found[] = [];

  const seals = await loadSeals(db);
  checkSealChain(seals, found);
  const sealedThrough = seals.length === 0 ? 0n : seals[seals.length - 1]!.toPosition;

  const streams = new Map<string, StreamState>();
  let sealIndex = 0;
  let blockEvents: BlockEvent[] = [];
  let blockHasher = new EventsHasher();
  let blocksChecked = 0;
  const finishBlock = () => {
    const seal = seals[sealIndex]!;
    const digest = blockHasher.digest();
    if (digest !== seal.eventsHash || blockHasher.count !== seal.eventCount) {
      const problem = diagnoseBlock(seal, blockEvents);
      found.push({ key: problem.position === undefined ? seal.fromPosition : BigInt(problem.position), blockLevel: true, problem });
    }
    blocksChecked += 1;
    sealIndex += 1;
    blockEvents = [];
    blockHasher = new EventsHasher();
  };

  let eventsChecked = 0;
  let cursor = 0n;
  for (;;) {
    const batch = await store.readAll({ after: cursor, limit: batchSize });
    if (batch.length === 0 || batch[0]!.position > head) break;
    for (const event of batch) {
      if (event.position > head) break;
      while (sealIndex < seals.length && seals[sealIndex]!.toPosition < event.position) finishBlock();
      if (sealIndex < seals.length && seals[sealIndex]!.fromPosition <= event.position) {
        blockHasher.update(event);
        blockEvents.push({ position: event.position, eventId: event.eventId, streamId: event.streamId, revision: event.revision, hash: event.hash, recordedAt: event.recordedAt });
      }
      checkEvent(event, streams, found);
      eventsChecked += 1;
      cursor = event.position;
    }
    options.onProgress?.(cursor, head);
    if (batch.length < batchSize || cursor >= head) break;
  }
  while (sealIndex < seals.length) finishBlock();

  for (const [streamId, state] of streams) {
    for (const [revision, gap] of state.gaps) {
      const block = deficitBlock(seals, found, gap.afterPosition, gap.beforePosition);
      found.push({
        key: block?.fromPosition ?? (gap.afterPosition ?? 0n) + 1n,
        blockLevel: false,
        problem: {
          kind: 'event_missing',
          message: `stream ${streamId}: revision ${revision} is missing (revision ${gap.laterRevision} follows at position ${gap.beforePosition})`,
          streamId,
          revision: revision.toString(),
          ...(gap.afterPosition === null ? {} : { afterPosition: gap.afterPosition.toString() }),
          beforePosition: gap.beforePosition.toString(),
          ...(block === undefined ? {} : { blockNo: block.blockNo }),
        },
      });
    }
  }
  await checkStreamHeads(db, streams, found);

  const problems = ordered(found, seals).slice(0, options.maxProblems ?? 100);
  const last = seals[seals.length - 1];
  return {
    ok: problems.length === 0,
    problem: problems[0] ?? null,
    problems,
    eventsChecked,
    streamsChecked: streams.size,
    blocksChecked,
    headPosition: head.toString(),
    sealedThrough: sealedThrough.toString(),
    lastSeal: last === undefined ? null : { blockNo: last.blockNo, toPosition: last.toPosition.toString(), sealHash: last.sealHash },
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
  };
}

async function loadSeals(db: SqlExecutor): Promise<Seal[]> {
  const seals: Seal[] = [];
  let after = 0;
  for (;;) {
    const page = await readSeals(db, after, 5000);
    seals.push(...page);
    if (page.length < 5000) return seals;
    after = page[page.length - 1]!.blockNo;
  }
}

/** Seals must number 1, 2, 3…, cover positions 1… without gap or overlap, recompute and link. */
function checkSealChain(seals: Seal[], found: Found[]): void {
  let previous: Seal | null = null;
  for (const seal of seals) {
    const expectedNo = previous === null ? 1 : previous.blockNo + 1;
    const expectedFrom = previous === null ? 1n : previous.toPosition + 1n;
    const at = { blockNo: seal.blockNo, position: seal.fromPosition.toString() };
    const broken = (message: string) => found.push({ key: seal.fromPosition, blockLevel: true, sealRecord: true, problem: { kind: 'seal_broken', message, ...at } });
    if (seal.blockNo !== expectedNo) broken(`seal ${seal.blockNo} follows seal ${expectedNo - 1}: seal ${expectedNo} is missing`);
    else if (seal.fromPosition !== expectedFrom) broken(`seal ${seal.blockNo} starts at position ${seal.fromPosition}, not ${expectedFrom}`);
    else if (hashSeal(seal.previousSealHash, seal) !== seal.sealHash) broken(`seal ${seal.blockNo} does not match its hash (a field of the seal changed)`);
    else if (seal.previousSealHash !== (previous === null ? null : previous.sealHash)) {
      broken(`seal ${seal.blockNo} does not link to seal ${expectedNo - 1} (one of them was rewritten)`);
    }
    previous = seal;
  }
}

function checkEvent(event: RecordedEvent, streams: Map<string, StreamState>, found: Found[]): void {
  const at = { streamId: event.streamId, revision: event.revision.toString(), position: event.position.toString(), eventId: event.eventId };
  const selfConsistent = hashEvent(event.previousHash, event) === event.hash;
  if (!selfConsistent) {
    found.push({ key: event.position, blockLevel: false, problem: { kind: 'data_changed', message: `stream ${event.streamId} revision ${event.revision}: the stored event does not match its hash`, ...at } });
  }
  const state = streams.get(event.streamId);
  if (state === undefined) {
    streams.set(event.streamId, {
      firstPosition: event.position,
      revision: event.revision,
      hash: event.hash,
      position: event.position,
      gaps: gapsBefore(0n, event, null),
      inHeads: false,
    });
    if (selfConsistent && event.revision === 0n && event.previousHash !== null) {
      found.push({ key: event.position, blockLevel: false, problem: { kind: 'data_changed', message: `stream ${event.streamId}: revision 0 names a previous hash`, ...at } });
    }
    return;
  }
  const expected = state.revision + 1n;
  if (event.revision < expected) {
    const gap = state.gaps.get(event.revision);
    state.gaps.delete(event.revision);
    const earlier = gap?.beforePosition ?? state.position;
    found.push({
      key: earlier,
      blockLevel: false,
      problem: {
        kind: 'order_changed',
        message: `stream ${event.streamId}: revision ${event.revision} at position ${event.position} comes after revision ${gap?.laterRevision ?? state.revision} at position ${earlier}`,
        ...at,
        otherPosition: earlier.toString(),
      },
    });
    return;
  }
  if (event.revision > expected) {
    for (const [revision, gap] of gapsBefore(expected, event, state.position)) state.gaps.set(revision, gap);
  } else if (selfConsistent && event.previousHash !== state.hash) {
    // This event is intact and links to another hash: the previous revision's hash was rewritten.
    found.push({
      key: state.position,
      blockLevel: false,
      problem: {
        kind: 'data_changed',
        message: `stream ${event.streamId} revision ${state.revision}: its hash was rewritten (revision ${event.revision} links to the original)`,
        streamId: event.streamId,
        revision: state.revision.toString(),
        position: state.position.toString(),
      },
    });
  }
  state.revision = event.revision;
  state.hash = event.hash;
  state.position = event.position;
}

function gapsBefore(from: bigint, event: RecordedEvent, afterPosition: bigint | null): StreamState['gaps'] {
  const gaps: StreamState['gaps'] = new Map();
  // A stream cannot skip more revisions than it has events; cap what is remembered for a forged revision.
  for (let revision = from; revision < event.revision && gaps.size < 1000; revision += 1n) {
    gaps.set(revision, { afterPosition, beforePosition: event.position, laterRevision: event.revision });
  }
  return gaps;
}

/** The first block holding fewer events than sealed between two positions (where a deleted event was). */
function deficitBlock(seals: Seal[], found: Found[], after: bigint | null, before: bigint): Seal | undefined {
  return seals.find(
    (seal) =>
      seal.toPosition > (after ?? 0n) &&
      seal.fromPosition < before &&
      found.some((f) => f.blockLevel && f.problem.blockNo === seal.blockNo && f.problem.kind === 'event_missing'),
  );
}

/** Compares `es_streams` (revision, last hash) with where each chain ended. */
async function checkStreamHeads(db: SqlExecutor, streams: Map<string, StreamState>, found: Found[]): Promise<void> {
  let after = '';
  for (;;) {
    const { rows } = await db.query<{ stream_id: string; revision: string; last_hash: string }>(
      `SELECT stream_id, revision, last_hash FROM es_streams WHERE stream_id > $1 ORDER BY stream_id COLLATE "C" LIMIT 5000`,
      [after],
    );
    for (const row of rows) {
      const state = streams.get(row.stream_id);
      const revision = BigInt(row.revision);
      if (state === undefined) {
        found.push({ key: 0n, blockLevel: false, problem: { kind: 'event_missing', message: `stream ${row.stream_id} (revision ${revision}) has no events left`, streamId: row.stream_id, revision: '0' } });
        continue;
      }
      state.inHeads = true;
      const at = { streamId: row.stream_id, position: state.position.toString() };
      if (revision > state.revision) {
        found.push({ key: state.position + 1n, blockLevel: false, problem: { kind: 'event_missing', message: `stream ${row.stream_id}: revisions ${state.revision + 1n}–${revision} are missing at its end`, streamId: row.stream_id, revision: (state.revision + 1n).toString(), afterPosition: state.position.toString() } });
      } else if (revision < state.revision) {
        found.push({ key: state.position, blockLevel: false, problem: { kind: 'event_inserted', message: `stream ${row.stream_id}: revision ${state.revision} at position ${state.position} is beyond the stream's recorded revision ${revision}`, ...at, revision: state.revision.toString() } });
      } else if (row.last_hash !== state.hash) {
        found.push({ key: state.position, blockLevel: false, problem: { kind: 'data_changed', message: `stream ${row.stream_id} revision ${revision}: its hash was rewritten (the stream's head holds the original)`, ...at, revision: revision.toString() } });
      }
    }
    if (rows.length < 5000) break;
    after = rows[rows.length - 1]!.stream_id;
  }
  for (const [streamId, state] of streams) {
    if (!state.inHeads) {
      found.push({ key: state.firstPosition, blockLevel: false, problem: { kind: 'event_inserted', message: `stream ${streamId} is not a stream of the store (no head)`, streamId, revision: '0', position: state.firstPosition.toString() } });
    }
  }
}

/**
 * The problems in the global order; a block-level problem of a block in which an event-level problem
 * lies is left out (the event-level one explains it), as is a second problem of the same event.
 */
function ordered(found: Found[], seals: Seal[]): VerificationProblem[] {
  const eventLevel = found.filter((f) => !f.blockLevel);
  const kept = found.filter((f) => {
    if (!f.blockLevel || f.sealRecord === true) return true;
    const seal = seals.find((s) => s.blockNo === f.problem.blockNo);
    if (seal === undefined) return true;
    return !eventLevel.some((e) => e.key >= seal.fromPosition && e.key <= seal.toPosition);
  });
  kept.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : Number(a.blockLevel) - Number(b.blockLevel)));
  const seen = new Set<string>();
  return kept
    .filter((f) => {
      const id = `${f.problem.kind}|${f.problem.streamId ?? ''}|${f.problem.revision ?? ''}|${f.problem.position ?? ''}|${f.problem.blockNo ?? ''}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .map((f) => f.problem);
}
