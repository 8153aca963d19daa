import type { ExpectedRevision } from './event-store.port.js';

/** The stream's revision was not what the caller expected (optimistic concurrency); the API answers 409. */
export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  /**
   * @param streamId the stream appended to
   * @param expected what the caller expected
   * @param actual the stream's revision, or `null` when the stream does not exist
   */
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | null,
  ) {
    super(
      `stream ${streamId}: expected revision ${String(expected)}, actual ${actual === null ? 'no_stream' : actual.toString()}`,
    );
  }
}

/** Some, but not all, of an append's event ids are already stored: not a retry of one append. */
export class DuplicateEventError extends Error {
  override readonly name = 'DuplicateEventError';
  constructor(readonly eventIds: string[]) {
    super(`events already stored in another append: ${eventIds.join(', ')}`);
  }
}
