import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';
import type { AppendResult, EventStore, ExpectedRevision, NewEvent, RecordedEvent } from '#event-store';
import { WrongExpectedRevisionError } from '#event-store';
import type { Decider, EventMetadata, CommandMetadata } from '#domain';

/** Namespace for event ids derived from an `Idempotency-Key` (UUID v5): a retry makes the same ids. */
const IDEMPOTENT_EVENT_NAMESPACE = '6f1d3c1e-9b0a-4d55-8f43-2a7f1d0e7c11';

/** A domain event as deciders emit it: a `type` and its `data`. */
export interface DomainEvent {
  type: string;
  data: Record<string, unknown>;
}

/** What `handleCommand` needs to run one command against one stream. */
export interface CommandRequest<C extends { metadata: CommandMetadata }, S, E extends DomainEvent> {
  streamId: string;
  decider: Decider<C, S, E>;
  command: C;
  /** From `If-Match`: the revision the client read. Absent: the revision this handler reads (retried on a race). */
  expectedRevision?: ExpectedRevision;
  /** From `Idempotency-Key`: the event ids are derived from it so that a retry appends nothing. */
  idempotencyKey?: string;
  /** When the fact of each event happened in the world (ISO-8601), e.g. `discoveredAt` for HazardReported. */
  occurredAt(event: E): string;
  /**
   * Other streams the command is judged against (e.g. the enterprise a hazard is reported for), read
   * in the same statement as the command's stream on every attempt: `prepare` gets their histories
   * (in `streamIds` order) and returns the command to decide.
   */
  readAlso?: { streamIds: readonly string[]; prepare(histories: RecordedEvent[][], command: C): C };
}

/** How many times a command without `If-Match` is re-decided after losing a race for its stream. */
const MAX_ATTEMPTS = 10;

/**
 * Commands on one stream in one process run one after another: they would only race each other to
 * a conflict. Races with other processes remain, and are re-decided (MAX_ATTEMPTS, with back-off).
 */
const streamQueues = new WeakMap<EventStore, Map<string, Promise<unknown>>>();

function inStreamOrder<T>(store: EventStore, streamId: string, work: () => Promise<T>): Promise<T> {
  let queues = streamQueues.get(store);
  if (!queues) streamQueues.set(store, (queues = new Map()));
  const previous = queues.get(streamId) ?? Promise.resolve();
  const run = previous.then(work, work);
  const tail = run.catch(() => undefined);
  queues.set(streamId, tail);
  void tail.then(() => {
    if (queues.get(streamId) === tail) queues.delete(streamId);
  });
  return run;
}

/**
 * The one generic command handler: read the stream → fold → decide → append with the expected
 * revision. Without an explicit expected revision a lost race is retried on fresh state; with one,
 * the conflict is thrown.
 *
 * @returns the store's append result (revision and global positions as bigint)
 * @throws DomainError when the decider refuses (nothing is appended)
 * @throws WrongExpectedRevisionError when `expectedRevision` does not hold
 * @throws NoEventsDecidedError when the decider accepted the command but decided nothing
 */
export function handleCommand<C extends { metadata: CommandMetadata }, S, E extends DomainEvent>(
  store: EventStore,
  request: CommandRequest<C, S, E>,
): Promise<AppendResult> {
  return inStreamOrder(store, request.streamId, () => decideAndAppend(store, request));
}

async function decideAndAppend<C extends { metadata: CommandMetadata }, S, E extends DomainEvent>(
  store: EventStore,
  request: CommandRequest<C, S, E>,
): Promise<AppendResult> {
  const commandId = commandIdOf(request);
  for (let attempt = 1; ; attempt++) {
    let command = request.command;
    let history: RecordedEvent[];
    if (request.readAlso) {
      const [own, ...others] = await store.readStreams([request.streamId, ...request.readAlso.streamIds]);
      history = own!;
      command = request.readAlso.prepare(others, command);
    } else {
      history = await store.readStream(request.streamId);
    }
    if (request.idempotencyKey) {
      // A retry of an append that already committed: answer it as the first time, before the
      // decider judges the command again against the state that append produced.
      const earlier = alreadyAppended(history, request.streamId, request.idempotencyKey);
      if (earlier) return earlier;
    }
    const state = history.map(toDomainEvent<E>).reduce(request.decider.evolve, request.decider.initialState);
    const readRevision: ExpectedRevision = history.length === 0 ? 'no_stream' : history[history.length - 1]!.revision;
    const expected = request.expectedRevision ?? readRevision;
    if (request.expectedRevision !== undefined && request.expectedRevision !== readRevision && request.expectedRevision !== 'any') {
      // Judge the client's stale read before deciding: it saw another state than the one we hold.
      throw new WrongExpectedRevisionError(request.streamId, request.expectedRevision, history.length === 0 ? null : (readRevision as bigint));
    }
    const decided = request.decider.decide(command, state);
    if (decided.length === 0) throw new NoEventsDecidedError(request.streamId);
    const events = decided.map((event, index) => toNewEvent(event, index, { ...request, command }, commandId));
    try {
      return await store.append(request.streamId, events, expected);
    } catch (error) {
      if (error instanceof WrongExpectedRevisionError && request.expectedRevision === undefined && attempt < MAX_ATTEMPTS) {
        // Another process won the race: back off a little, with jitter, and decide again on fresh state.
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * attempt));
        continue;
      }
      throw error;
    }
  }
}

/** The decider accepted a command and decided no event: a bug in a decider, never a client's fault. */
export class NoEventsDecidedError extends Error {
  override readonly name = 'NoEventsDecidedError';
  constructor(readonly streamId: string) {
    super(`the decider decided no event for stream ${streamId}`);
  }
}

/** A stored event as the decider's `evolve` sees it. */
export function toDomainEvent<E extends DomainEvent>(recorded: RecordedEvent): E {
  return { type: recorded.type, data: recorded.data } as unknown as E;
}

/** The event id of the `index`-th event decided for a command sent with `idempotencyKey`. */
export function idempotentEventId(streamId: string, idempotencyKey: string, index: number): string {
  return uuidv5(`${streamId}:${idempotencyKey}:${index}`, IDEMPOTENT_EVENT_NAMESPACE);
}

/**
 * The id of the command a `handleCommand` call runs, which its events name as `causationId` when the
 * command's metadata names no cause: derived from the `Idempotency-Key` (UUID v5, the same on a retry),
 * else a new UUID v7.
 */
export function commandIdOf(request: { streamId: string; idempotencyKey?: string }): string {
  return request.idempotencyKey ? uuidv5(`${request.streamId}:${request.idempotencyKey}:command`, IDEMPOTENT_EVENT_NAMESPACE) : uuidv7();
}

/** The original result when the stream already holds the events derived from the key, else null. */
function alreadyAppended(history: RecordedEvent[], streamId: string, idempotencyKey: string): AppendResult | null {
  const byId = new Map(history.map((e) => [e.eventId, e]));
  const found: RecordedEvent[] = [];
  for (let index = 0; ; index++) {
    const event = byId.get(idempotentEventId(streamId, idempotencyKey, index));
    if (!event) break;
    found.push(event);
  }
  const last = found[found.length - 1];
  if (!last) return null;
  return { streamId, streamRevision: last.revision, positions: found.map((e) => e.position), position: last.position };
}

function toNewEvent<C extends { metadata: CommandMetadata }, S, E extends DomainEvent>(
  event: E,
  index: number,
  request: CommandRequest<C, S, E>,
  commandId: string,
): NewEvent {
  const { actor, correlationId, causationId } = request.command.metadata;
  // The cause the command names (the event a process manager reacted to), else the command itself.
  const metadata: EventMetadata = { actor, correlationId, causationId: causationId ?? commandId, occurredAt: request.occurredAt(event) };
  return {
    eventId: request.idempotencyKey ? idempotentEventId(request.streamId, request.idempotencyKey, index) : uuidv7(),
    type: event.type,
    schemaVersion: 1,
    data: event.data,
    metadata: metadata as unknown as Record<string, unknown>,
  };
}
