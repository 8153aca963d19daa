import type { RescueEvent } from './rescue.events.js';

/** When the fact a rescue event records happened in the world (ISO-8601), for `metadata.occurredAt`. */
export function rescueEventOccurredAt(event: RescueEvent): string {
  switch (event.type) {
    case 'RescueTeamEstablished':
      return event.data.establishedAt;
    case 'EquipmentDistributed':
      return event.data.distributedAt;
    default: {
      const unhandled: never = event;
      throw new Error(`no occurredAt for ${(unhandled as RescueEvent).type}`);
    }
  }
}
