import type { SelfInspectionEvent } from './self-inspection.events.js';

/** When the fact a self-inspection event records happened in the world (ISO-8601), for `metadata.occurredAt`. */
export function selfInspectionEventOccurredAt(event: SelfInspectionEvent): string {
  switch (event.type) {
    case 'SelfInspectionRecorded':
      return event.data.inspectedAt;
    default: {
      const unhandled: never = event.type;
      throw new Error(`no occurredAt for ${String(unhandled)}`);
    }
  }
}
