import type { AppendResult } from '#event-store';

/** API.md's 201 body for a command: revision and position as decimal strings (they are 64-bit). */
export interface CommandAccepted {
  streamId: string;
  streamRevision: string;
  position: string;
  [extra: string]: string;
}

/** Turns an append result into the 201 body, with extra fields (e.g. `hazardId`). */
export function commandAccepted(result: AppendResult, extra: Record<string, string> = {}): CommandAccepted {
  return {
    streamId: result.streamId,
    streamRevision: result.streamRevision.toString(),
    position: result.position.toString(),
    ...extra,
  };
}
