import type { EngineeringEvent } from './engineering.events.js';

/** When the fact an engineering event records happened in the world (ISO-8601), for `metadata.occurredAt`. */
export function engineeringEventOccurredAt(event: EngineeringEvent): string {
  switch (event.type) {
    case 'ElevatorSpotChecked':
      return event.data.checkedAt;
    case 'EngineeringProgressRecorded':
      return event.data.completedAt;
    default: {
      const unhandled: never = event;
      throw new Error(`no occurredAt for ${(unhandled as EngineeringEvent).type}`);
    }
  }
}
