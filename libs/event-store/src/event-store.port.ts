/**
 * The event store port: the only source of truth of Zhiben.
 *
 * Positions and revisions are `bigint` end to end (decimal strings only on the wire).
 * A stream's first event has revision 0n; global positions start at 1n and only grow, with possible
 * gaps (a rolled-back append burns its positions) but never out of commit order.
 */

/** What the caller expects of the stream before the append. */
export type ExpectedRevision = 'no_stream' | 'any' | bigint;

/** An event as the caller hands it to `append`. `eventId` is a UUID; `data` and `metadata` are JSON. */
export interface NewEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

/** An event as stored: the caller's fields plus what the store assigned. */
export interface RecordedEvent extends NewEvent {
  streamId: string;
  /** 0-based position of the event in its stream. */
  revision: bigint;
  /** Position in the global order (≥ 1). */
  position: bigint;
  /** When the store recorded it (not when it happened in the world: that is `metadata.occurredAt`). */
  recordedAt: Date;
  /** sha256 hex of `previousHash ‖ canonical JSON of the event` (see `hashEvent`). */
  hash: string;
  /** The hash of the previous event of the same stream; `null` for revision 0. */
  previousHash: string | null;
}

/** What an append returns; for an idempotent retry, the original append's result. */
export interface AppendResult {
  streamId: string;
  /** Revision of the last event appended (the stream's revision after the append). */
  streamRevision: bigint;
  /** Global positions of the appended events, in order. */
  positions: bigint[];
  /** The global position of the last appended event. */
  position: bigint;
}

export interface ReadStreamOptions {
  /** Inclusive start revision (forwards) or end revision (backwards). Default: the stream's start or end. */
  fromRevision?: bigint;
  direction?: 'forwards' | 'backwards';
  /** At most this many events. Default: all. */
  limit?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events with a position strictly greater than this. `0n` reads from the beginning. */
  after: bigint;
  /** At most this many events (default 1000). */
  limit?: number;
}

export interface SubscribeAllOptions {
  /** Exclusive start position, as `ReadAllOptions.after`. */
  after: bigint;
  /** Stops the subscription; the iterator then ends. */
  signal?: AbortSignal;
  /** Events read per catch-up batch (default 500). */
  batchSize?: number;
}

/** Port implemented by the PostgreSQL/PGlite adapter (and the EventStoreDB adapter where a server runs). */
export interface EventStore {
  /**
   * Appends events to a stream atomically.
   * @throws WrongExpectedRevisionError when `expectedRevision` does not hold.
   * @throws DuplicateEventError when some but not all of the event ids are already stored.
   * An append whose every `eventId` is already stored appends nothing and returns the original result.
   */
  append(streamId: string, events: NewEvent[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  /** Reads one stream in revision order; an unknown stream reads as `[]`. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /**
   * Reads several whole streams at once (one round trip), each in revision order; `result[i]` is the
   * stream `streamIds[i]` (an unknown stream reads as `[]`; a repeated id gets the same events).
   */
  readStreams(streamIds: readonly string[]): Promise<RecordedEvent[][]>;
  /** Reads the global order after a position, never beyond what every earlier append has committed. */
  readAll(options: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catch-up then live subscription to the global order; each committed event exactly once, in order. */
  subscribeAll(options: SubscribeAllOptions): AsyncIterable<RecordedEvent>;
  /** The stream's current revision, or `null` when it does not exist. */
  streamRevision(streamId: string): Promise<bigint | null>;
  /** The highest committed global position (`0n` when the store is empty). */
  headPosition(): Promise<bigint>;
  /** Registers a callback called after each local append commits (wakes projections without polling). */
  onAppended(listener: (position: bigint) => void): () => void;
}
