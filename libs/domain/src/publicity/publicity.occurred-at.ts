import type { PublicityEvent } from './publicity.events.js';

/** When the fact a publicity event records happened in the world (ISO-8601), for `metadata.occurredAt`. */
export function publicityEventOccurredAt(event: PublicityEvent): string {
  switch (event.type) {
    case 'LectureHeld':
      return event.data.heldAt;
    case 'DemonstrationSiteBuilt':
      return event.data.builtAt;
    case 'ScienceHallEstablished':
      return event.data.establishedAt;
    default: {
      const unhandled: never = event;
      throw new Error(`no occurredAt for ${(unhandled as PublicityEvent).type}`);
    }
  }
}
