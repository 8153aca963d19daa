import type { AccidentEvent } from './accident.events.js';

/** When the fact an event records happened in the world (ISO-8601), for `metadata.occurredAt`. */
export function accidentEventOccurredAt(event: AccidentEvent): string {
  switch (event.type) {
    case 'AccidentReported':
      return event.data.occurredAt;
    case 'AccidentTollRevised':
      return event.data.revisedAt;
    case 'InvestigationConcluded':
      return event.data.concludedAt;
    default: {
      const unhandled: never = event;
      throw new Error(`no occurredAt for ${(unhandled as AccidentEvent).type}`);
    }
  }
}
