/**
 * The event store on PostgreSQL (server, through `pg`) or PGlite (embedded), over the `Database` port.
 *
 * ## Why appends take one advisory lock (gap safety)
 * Positions come from a sequence. Sequence values are handed out when `nextval` runs, not when the
 * transaction commits, and transactions commit in any order: writer A may take position 10, writer B
 * position 11, B commits first, and a reader that reads "position > 9" sees 11, moves its checkpoint to
 * 11 and never sees 10 when A commits a moment later. A projection or the Kafka relay would silently
 * lose that event.
 *
 * So every append takes `pg_advisory_xact_lock(APPEND_LOCK_KEY)` after its checks and immediately
 * before allocating positions and inserting, and holds it until COMMIT/ROLLBACK (a transaction-level
 * lock is released only after the commit is visible to other sessions). Position allocation, insert
 * and commit are therefore serialised: a later allocator only gets its positions after every earlier
 * allocator has committed or rolled back, so commit order = position order. A rolled-back append
 * leaves a gap (its burnt positions), never a lower position that becomes visible later, and a plain
 * `WHERE position > $after ORDER BY position` is safe for every reader. The lock is held only for the
 * allocate+insert statement and the commit; the stream lock, idempotency and revision checks run
 * before it, concurrently across writers. (The price: commits of appends cannot overlap.)
 *
 * ## Group commit (why the lock does not cap throughput at one flush per append)
 * A COMMIT waits for its WAL flush, and under the append lock commits cannot overlap: one append per
 * transaction would cap a store at one flush per append (≈100/s on these machines). So appends are
 * committed in groups: the appends that arrive while a group is committing wait in a queue
 * (`GroupCommitQueue`) and the next transaction takes all of them. One statement locks every named
 * stream (in stream-id order) and reads every named event id; each append is decided in arrival order
 * in memory (`planAppendGroup`: each keeps its own expected-revision and idempotency outcome, and a
 * conflicting one fails alone with its own error while the others commit), then inserts all their
 * events in one statement under the lock and commits once. Appends to one stream within a group
 * chain (revisions and hashes continue). If the transaction itself fails (a row the database refuses),
 * each append of the group is retried alone, so only the culprit fails. On the server two groups may
 * be in flight: the second does its locks and checks while the first waits for its flush.
 *
 * ## Concurrency per stream
 * The streams' rows in `es_streams` are locked `FOR UPDATE` before the checks. A stream's first append
 * inserts that row with its events; two first appends racing on a new stream (from two processes, or
 * two groups in flight) meet on its primary key: the loser's group fails with a unique violation and is retried
 * from the start, where it now sees the stream (→ `WrongExpectedRevisionError` for `no_stream`/exact,
 * success for `any`) or its own events (→ the idempotent result). The same retry resolves two
 * identical appends racing on `event_id`, and a deadlock between two groups (40P01).
 */
import type { Database, SqlExecutor } from '#database';
import { groupResults, hashGroupRows, planAppendGroup, type AppendGroupPlan, type PendingAppend, type StoredEventRef, type StreamHead } from './append-group.js';
import { WrongExpectedRevisionError } from './errors.js';
import { canonicalJson } from './event-hash.js';
import { GroupCommitQueue } from './group-commit-queue.js';
import type {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeAllOptions,
} from './event-store.port.js';

/** Key of the transaction-level advisory lock that serialises position allocation and commit ('zhiben' ‖ 0001). */
export const APPEND_LOCK_KEY = 0x7a686962656e0001n;

/** Options of a `PostgresEventStore`. */
export interface PostgresEventStoreOptions {
  /** How often (ms) a live `subscribeAll` polls for appends made by other processes (default 200). */
  pollIntervalMs?: number;
  /** Receives errors thrown by `onAppended` listeners (the append itself has committed). Default: a process warning. */
  onListenerError?: (error: unknown) => void;
  /** Attempts of a group that loses a unique-key race or a deadlock before its appends are tried alone (default 5). */
  maxAppendAttempts?: number;
  /** Most appends committed by one transaction (default 256). */
  maxGroupSize?: number;
  /** Most group transactions in flight at once (default 2 on a server, 1 on PGlite, which has one connection). */
  maxGroupsInFlight?: number;
}

/** An append waiting in the group-commit queue, with how to settle its caller's promise. */
interface QueuedAppend extends PendingAppend {
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UNIQUE_VIOLATION = '23505';
const DEADLOCK_DETECTED = '40P01';
const MAX_INT4 = 2_147_483_647;
const DEFAULT_READ_ALL_LIMIT = 1000;
const DEFAULT_BATCH_SIZE = 500;

/** The columns `toRecordedEvent` maps, in a SELECT list. */
export const EVENT_COLUMNS = `position, event_id, stream_id, revision, type, schema_version, data, metadata, recorded_at, hash, previous_hash`;

/** A row of `es_events` as the drivers return it. */
export interface EventRow {
  position: string;
  event_id: string;
  stream_id: string;
  revision: string;
  type: string;
  schema_version: number;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  recorded_at: Date;
  hash: string;
  previous_hash: string | null;
}

/** A stored row as a `RecordedEvent` (positions and revisions as bigint). */
export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    streamId: row.stream_id,
    revision: BigInt(row.revision),
    position: BigInt(row.position),
    recordedAt: row.recorded_at,
    hash: row.hash,
    previousHash: row.previous_hash,
  };
}

/**
 * The connection was lost (terminated by the server, reset, refused): the transaction rolled back or,
 * at COMMIT, may have committed. Running the group again is safe either way: stored ids answer as
 * idempotent retries.
 */
function isConnectionLost(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = String((error as { code?: unknown }).code ?? '');
  const message = String((error as { message?: unknown }).message ?? '');
  return (
    code.startsWith('08') ||
    ['57P01', '57P02', '57P03', 'ECONNRESET', 'EPIPE', 'ECONNREFUSED'].includes(code) ||
    /not queryable|Connection terminated/i.test(message)
  );
}

const LONE_SURROGATE_OR_NUL = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Whether a JSON value holds a string PostgreSQL's jsonb refuses: a NUL character, or a lone UTF-16 surrogate. */
function holdsUnstorableString(value: unknown): boolean {
  if (typeof value === 'string') return LONE_SURROGATE_OR_NUL.test(value);
  if (Array.isArray(value)) return value.some(holdsUnstorableString);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).some(([key, item]) => holdsUnstorableString(key) || holdsUnstorableString(item));
  }
  return false;
}

/** A race another transaction won (a new stream's key, an event id) or a deadlock: the group may simply run again. */
function isRaceLost(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return code === UNIQUE_VIOLATION || code === DEADLOCK_DETECTED;
}

function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function assertLimit(limit: number | undefined, name: string): void {
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) {
    throw new RangeError(`${name} must be a non-negative integer, got ${String(limit)}`);
  }
}

function assertPosition(position: bigint, name: string): void {
  if (typeof position !== 'bigint' || position < 0n) {
    throw new RangeError(`${name} must be a non-negative bigint, got ${String(position)}`);
  }
}

/**
 * `EventStore` on PostgreSQL or PGlite: tables `es_streams`, `es_events` and sequence
 * `es_position_seq` (create them with `ensureEventStoreSchema` first). Positions and revisions are
 * `bigint`; see the file comment for the concurrency design.
 */
export class PostgresEventStore implements EventStore {
  private readonly listeners = new Set<(position: bigint) => void>();
  private readonly pollIntervalMs: number;
  private readonly onListenerError: (error: unknown) => void;
  private readonly maxAppendAttempts: number;
  private readonly queue: GroupCommitQueue<QueuedAppend>;

  constructor(
    private readonly db: Database,
    options: PostgresEventStoreOptions = {},
  ) {
    this.pollIntervalMs = options.pollIntervalMs ?? 200;
    this.onListenerError =
      options.onListenerError ??
      ((error: unknown) => process.emitWarning(error instanceof Error ? error : String(error)));
    this.maxAppendAttempts = options.maxAppendAttempts ?? 5;
    if (!(this.pollIntervalMs > 0)) throw new RangeError('pollIntervalMs must be positive');
    if (!Number.isSafeInteger(this.maxAppendAttempts) || this.maxAppendAttempts < 1) {
      throw new RangeError('maxAppendAttempts must be a positive integer');
    }
    this.queue = new GroupCommitQueue<QueuedAppend>(
      (group) => this.commitGroup(group),
      { maxGroupSize: options.maxGroupSize ?? 256, maxInFlight: options.maxGroupsInFlight ?? (db.kind === 'pglite' ? 1 : 2) },
      this.onListenerError,
    );
  }

  /**
   * Appends `events` to `streamId` atomically; revisions continue the stream (first event: 0n),
   * positions continue the global order. Event ids are stored (and hashed) in lower case.
   * @returns the new stream revision and the events' global positions; for a retry whose every event id
   *   is already stored in this stream, the original result, appending nothing
   * @throws WrongExpectedRevisionError when `expectedRevision` does not hold (carries the actual revision)
   * @throws DuplicateEventError when some but not all ids are stored, or they are stored in another stream
   * @throws TypeError / RangeError for malformed input (no events, bad UUID, non-JSON data, negative revision)
   */
  async append(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    const normalised = this.validateAppend(streamId, events, expectedRevision);
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, events: normalised, expectedRevision, resolve, reject });
    });
  }

  /**
   * Reads one stream in revision order (`forwards`, default) or reverse order (`backwards`).
   * `fromRevision` is the inclusive first revision returned (default: the start, or the end backwards);
   * `limit` caps the count (default: all). An unknown stream reads as `[]`.
   * @throws RangeError for a negative `fromRevision` or `limit`
   */
  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const direction = options.direction ?? 'forwards';
    assertLimit(options.limit, 'limit');
    if (options.fromRevision !== undefined) assertPosition(options.fromRevision, 'fromRevision');
    const params: unknown[] = [streamId, options.limit ?? null];
    let bound = '';
    if (options.fromRevision !== undefined) {
      params.push(options.fromRevision.toString());
      bound = direction === 'forwards' ? 'AND revision >= $3::bigint' : 'AND revision <= $3::bigint';
    }
    const order = direction === 'forwards' ? 'ASC' : 'DESC';
    const { rows } = await this.db.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM es_events WHERE stream_id = $1 ${bound} ORDER BY revision ${order} LIMIT $2::bigint`,
      params,
    );
    return rows.map(toRecordedEvent);
  }

  /**
   * Reads several whole streams in one statement, each in revision order: `result[i]` holds the
   * events of `streamIds[i]` (`[]` for an unknown stream).
   * @throws TypeError when a stream id is not a non-empty string
   */
  async readStreams(streamIds: readonly string[]): Promise<RecordedEvent[][]> {
    if (!Array.isArray(streamIds) || streamIds.some((id) => typeof id !== 'string' || id.length === 0)) {
      throw new TypeError('streamIds must be non-empty strings');
    }
    if (streamIds.length === 0) return [];
    const unique = [...new Set(streamIds)];
    const { rows } = await this.db.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM es_events WHERE stream_id = ANY($1::text[]) ORDER BY stream_id, revision ASC`,
      [unique],
    );
    const byStream = new Map<string, RecordedEvent[]>(unique.map((id) => [id, []]));
    for (const row of rows) byStream.get(row.stream_id)!.push(toRecordedEvent(row));
    return streamIds.map((id) => byStream.get(id)!);
  }

  /**
   * Reads the global order: events with `position > after`, ascending, at most `limit` (default 1000).
   * Never returns an event while an earlier position may still commit (see the file comment).
   * @throws RangeError for a negative `after` or `limit`
   */
  async readAll(options: ReadAllOptions): Promise<RecordedEvent[]> {
    assertPosition(options.after, 'after');
    assertLimit(options.limit, 'limit');
    const { rows } = await this.db.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM es_events WHERE position > $1::bigint ORDER BY position ASC LIMIT $2::bigint`,
      [options.after.toString(), options.limit ?? DEFAULT_READ_ALL_LIMIT],
    );
    return rows.map(toRecordedEvent);
  }

  /**
   * Catch-up then live subscription to the global order after `after`: reads `readAll` batches of
   * `batchSize` (default 500) until it reaches the head, then waits until an append in this process
   * (`onAppended`) or the poll interval (other processes) and reads again. Yields each committed event
   * exactly once, in position order; ends (without error) when `signal` aborts. A failing read ends
   * the iteration with that error.
   */
  async *subscribeAll(options: SubscribeAllOptions): AsyncGenerator<RecordedEvent, void, undefined> {
    assertPosition(options.after, 'after');
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new RangeError('batchSize must be a positive integer');
    const { signal } = options;
    let cursor = options.after;
    const wake = new Wake();
    const unsubscribe = this.onAppended((position) => {
      if (position > cursor) wake.signal();
    });
    const onAbort = () => wake.signal();
    signal?.addEventListener('abort', onAbort);
    try {
      while (!isAborted(signal)) {
        wake.clear();
        const batch = await this.readAll({ after: cursor, limit: batchSize });
        for (const event of batch) {
          if (isAborted(signal)) return;
          cursor = event.position;
          yield event;
        }
        if (batch.length < batchSize) await wake.wait(this.pollIntervalMs);
      }
    } finally {
      unsubscribe();
      signal?.removeEventListener('abort', onAbort);
      wake.clear();
    }
  }

  /** The stream's current revision (of its last event), or `null` when the stream does not exist. */
  async streamRevision(streamId: string): Promise<bigint | null> {
    const { rows } = await this.db.query<{ revision: string }>(
      `SELECT revision FROM es_streams WHERE stream_id = $1`,
      [streamId],
    );
    return rows.length === 0 ? null : BigInt(rows[0].revision);
  }

  /** The highest committed global position, `0n` when the store is empty. */
  async headPosition(): Promise<bigint> {
    const { rows } = await this.db.query<{ head: string | null }>(`SELECT max(position) AS head FROM es_events`);
    const head = rows[0]?.head ?? null;
    return head === null ? 0n : BigInt(head);
  }

  /**
   * Calls `listener(lastPosition)` after each append of this store instance commits (not for appends
   * of other processes, not for idempotent retries). Listener errors go to `onListenerError`.
   * @returns a function that removes the listener
   */
  onAppended(listener: (position: bigint) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private notify(position: bigint): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(position);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }

  private validateAppend(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): NewEvent[] {
    if (typeof streamId !== 'string' || streamId.length === 0) throw new TypeError('streamId must be a non-empty string');
    if (holdsUnstorableString(streamId)) throw new TypeError('streamId must not hold a NUL character or a lone surrogate');
    if (expectedRevision !== 'no_stream' && expectedRevision !== 'any') {
      if (typeof expectedRevision !== 'bigint' || expectedRevision < 0n) {
        throw new RangeError(`expectedRevision must be 'no_stream', 'any' or a bigint ≥ 0n, got ${String(expectedRevision)}`);
      }
    }
    if (!Array.isArray(events) || events.length === 0) throw new TypeError('append needs at least one event');
    const seen = new Set<string>();
    return events.map((event) => {
      if (typeof event.eventId !== 'string' || !UUID.test(event.eventId)) {
        throw new TypeError(`eventId must be a UUID, got ${String(event.eventId)}`);
      }
      const eventId = event.eventId.toLowerCase();
      if (seen.has(eventId)) throw new TypeError(`eventId ${eventId} appears twice in one append`);
      seen.add(eventId);
      if (typeof event.type !== 'string' || event.type.length === 0) throw new TypeError('event type must be a non-empty string');
      if (!Number.isInteger(event.schemaVersion) || event.schemaVersion < 0 || event.schemaVersion > MAX_INT4) {
        throw new RangeError(`schemaVersion must be an integer in [0, ${MAX_INT4}], got ${String(event.schemaVersion)}`);
      }
      if (!isPlainObject(event.data) || !isPlainObject(event.metadata)) {
        throw new TypeError('event data and metadata must be JSON objects');
      }
      if (holdsUnstorableString(event.data) || holdsUnstorableString(event.metadata)) {
        // Refused here, alone, rather than failing the whole group it would join.
        throw new TypeError('event data and metadata must not hold a NUL character or a lone surrogate (jsonb refuses them)');
      }
      // Canonicalise once so that what is stored and what is hashed are the same JSON (bigint → string, …).
      return {
        eventId,
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: JSON.parse(canonicalJson(event.data)) as Record<string, unknown>,
        metadata: JSON.parse(canonicalJson(event.metadata)) as Record<string, unknown>,
      };
    });
  }

  /**
   * Commits one group (see the file comment) and settles each append's promise with its own result or
   * error. Never throws.
   */
  private async commitGroup(group: QueuedAppend[]): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      let outcome: { plan: AppendGroupPlan; firstPosition: bigint };
      try {
        outcome = await this.db.transaction((tx) => this.runGroup(tx, group));
      } catch (error) {
        if ((isRaceLost(error) || isConnectionLost(error)) && attempt < this.maxAppendAttempts) continue;
        if (group.length > 1 && !isConnectionLost(error)) {
          // Something in the group was refused: each half alone, in arrival order, so that only the
          // culprit fails (≈ 2·log2(n) transactions for one bad append among n, not n).
          const half = Math.ceil(group.length / 2);
          await this.commitGroup(group.slice(0, half));
          await this.commitGroup(group.slice(half));
        } else {
          for (const append of group) append.reject(error);
        }
        return;
      }
      const results = groupResults(outcome.plan, outcome.firstPosition);
      if (outcome.plan.rows.length > 0) this.notify(outcome.firstPosition + BigInt(outcome.plan.rows.length) - 1n);
      results.forEach((result, index) => {
        if (result instanceof Error) group[index]!.reject(result);
        else group[index]!.resolve(result);
      });
      return;
    }
  }

  /**
   * One group's transaction: lock the streams, read the named ids, decide in memory, insert every
   * appended event in one statement under the append lock.
   * @returns the plan and the position of its first row (meaningless when it has no rows)
   */
  private async runGroup(tx: SqlExecutor, group: readonly PendingAppend[]): Promise<{ plan: AppendGroupPlan; firstPosition: bigint }> {
    // 1. Lock the streams (in one order for every group: two groups never wait on each other in a
    //    cycle) and read which of the named event ids are stored, in one statement.
    const streamIds = [...new Set(group.map((append) => append.streamId))];
    const ids = group.flatMap((append) => append.events.map((event) => event.eventId));
    const found = await tx.query<{ stream_id: string; revision: string; last_hash: string | null; event_id: string | null; position: string | null }>(
      `WITH locked AS (
         SELECT stream_id, revision, last_hash FROM es_streams WHERE stream_id = ANY($1::text[]) ORDER BY stream_id FOR UPDATE
       )
       SELECT stream_id, revision::text, last_hash, NULL::uuid AS event_id, NULL::text AS position FROM locked
       UNION ALL
       SELECT stream_id, revision::text, NULL, event_id, position::text FROM es_events WHERE event_id = ANY($2::uuid[])`,
      [streamIds, ids],
    );
    const heads = new Map<string, StreamHead>();
    const stored = new Map<string, StoredEventRef>();
    for (const row of found.rows) {
      if (row.event_id === null) heads.set(row.stream_id, { revision: BigInt(row.revision), lastHash: row.last_hash ?? '' });
      else stored.set(row.event_id, { streamId: row.stream_id, revision: BigInt(row.revision), position: BigInt(row.position!) });
    }

    // 2. Decide every append in arrival order.
    let plan = planAppendGroup(group, heads, stored);
    if (plan.outcomes.some((outcome) => outcome.kind === 'failed' && outcome.error instanceof WrongExpectedRevisionError)) {
      // The ids were read in the snapshot taken before the stream locks were granted. A retry of an
      // append that committed while this group waited for its stream must get its original result,
      // not a conflict: read the ids again (a new snapshot, after the locks) and decide again.
      const fresh = await tx.query<{ event_id: string; stream_id: string; revision: string; position: string }>(
        `SELECT event_id, stream_id, revision, position FROM es_events WHERE event_id = ANY($1::uuid[])`,
        [ids],
      );
      stored.clear();
      for (const row of fresh.rows) stored.set(row.event_id, { streamId: row.stream_id, revision: BigInt(row.revision), position: BigInt(row.position) });
      plan = planAppendGroup(group, heads, stored);
    }
    if (plan.rows.length === 0) return { plan, firstPosition: 0n };

    // 3. Serialise allocation + insert + commit (see the file comment). Nothing slow after this line.
    // PGlite runs one transaction at a time (its one connection is held for the whole transaction),
    // so there commit order is position order already and the lock would only cost a statement.
    if (this.db.kind !== 'pglite') await tx.query(`SELECT pg_advisory_xact_lock(${APPEND_LOCK_KEY.toString()})`);
    const recordedAt = new Date();
    hashGroupRows(plan, recordedAt);
    // setval(nextval + n - 1) reserves a contiguous block: under the lock no one else allocates.
    // A new stream's row is inserted here too: a first append racing from another process on the
    // same stream meets it on the primary key (a unique violation: the group runs again and sees it).
    const newStreams = new Set(plan.newStreams);
    const streamRow = (u: AppendGroupPlan['streamUpdates'][number]) => ({ stream_id: u.streamId, revision: u.revision, last_hash: u.lastHash });
    const inserted = await tx.query<{ last: string }>(
      `WITH block AS (
         SELECT setval('es_position_seq', nextval('es_position_seq') + $1::bigint - 1) AS last
       ), inserted AS (
         INSERT INTO es_events (${EVENT_COLUMNS})
         SELECT block.last - $1::bigint + e.ord, (e.doc->>'eventId')::uuid, e.doc->>'streamId', (e.doc->>'revision')::bigint,
                e.doc->>'type', (e.doc->>'schemaVersion')::integer, e.doc->'data', e.doc->'metadata',
                $2::timestamptz, e.doc->>'hash', e.doc->>'previousHash'
         FROM block, jsonb_array_elements($3::jsonb) WITH ORDINALITY AS e(doc, ord)
       ), created AS (
         INSERT INTO es_streams (stream_id, revision, last_hash)
         SELECT n.stream_id, n.revision, n.last_hash FROM jsonb_to_recordset($5::jsonb) AS n(stream_id text, revision bigint, last_hash text)
       ), updated AS (
         UPDATE es_streams s SET revision = u.revision, last_hash = u.last_hash
         FROM jsonb_to_recordset($4::jsonb) AS u(stream_id text, revision bigint, last_hash text)
         WHERE s.stream_id = u.stream_id
       )
       SELECT last FROM block`,
      [
        plan.rows.length,
        recordedAt.toISOString(),
        canonicalJson(plan.rows),
        JSON.stringify(plan.streamUpdates.filter((u) => !newStreams.has(u.streamId)).map(streamRow)),
        JSON.stringify(plan.streamUpdates.filter((u) => newStreams.has(u.streamId)).map(streamRow)),
      ],
    );
    const last = BigInt(inserted.rows[0]!.last);
    return { plan, firstPosition: last - BigInt(plan.rows.length) + 1n };
  }
}

/** A one-shot wake-up flag: `signal` sets it (and resolves a pending `wait`), `clear` resets it. */
class Wake {
  private signalled = false;
  private resolve: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  signal(): void {
    this.signalled = true;
    this.settle();
  }

  clear(): void {
    this.signalled = false;
    this.settle();
  }

  /** Resolves when signalled (at once if already) or after `ms` milliseconds. */
  wait(ms: number): Promise<void> {
    if (this.signalled) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.resolve = resolve;
      this.timer = setTimeout(() => this.settle(), ms);
    });
  }

  private settle(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const resolve = this.resolve;
    this.resolve = undefined;
    resolve?.();
  }
}
