import type { DrillEvent } from './drill.events.js';

/** When the fact a drill event records happened in the world (ISO-8601), for `metadata.occurredAt`. */
export function drillEventOccurredAt(event: DrillEvent): string {
  switch (event.type) {
    case 'DrillHeld':
      return event.data.heldAt;
    default: {
      const unhandled: never = event.type;
      throw new Error(`no occurredAt for ${String(unhandled)}`);
    }
  }
}
