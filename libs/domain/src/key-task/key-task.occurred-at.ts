import type { KeyTaskEvent } from './key-task.events.js';

/** When the fact a key-task event records happened in the world (ISO-8601), for `metadata.occurredAt`. */
export function keyTaskEventOccurredAt(event: KeyTaskEvent): string {
  switch (event.type) {
    case 'TaskProgressReported':
      return event.data.reportedAt;
    case 'TaskItemCompleted':
      return event.data.completedAt;
    default: {
      const unhandled: never = event;
      throw new Error(`no occurredAt for ${(unhandled as KeyTaskEvent).type}`);
    }
  }
}
