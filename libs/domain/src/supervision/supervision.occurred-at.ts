import type { SupervisionEvent } from './supervision.events.js';

/** When the fact a supervision event records happened in the world (ISO-8601), for `metadata.occurredAt`. */
export function supervisionEventOccurredAt(event: SupervisionEvent): string {
  switch (event.type) {
    case 'SupervisoryInspectionRecorded':
      return event.data.inspectedAt;
    case 'EnforcementActionRecorded':
      return event.data.decidedAt;
    default: {
      const unhandled: never = event;
      throw new Error(`no occurredAt for ${String((unhandled as SupervisionEvent).type)}`);
    }
  }
}
