import type { HazardEvent } from './hazard.events.js';

/**
 * When the fact an event records happened in the world (ISO-8601), for `metadata.occurredAt`:
 * statistics count a hazard found on Friday and entered on Monday on Friday.
 */
export function hazardEventOccurredAt(event: HazardEvent): string {
  switch (event.type) {
    case 'HazardReported':
      return event.data.discoveredAt;
    case 'RectificationPlanned':
      return event.data.plannedAt;
    case 'DeadlineExtended':
      return event.data.extendedAt;
    case 'RectificationCompleted':
      return event.data.completedAt;
    case 'RectificationVerified':
      return event.data.verifiedAt;
    case 'RectificationRejected':
      return event.data.rejectedAt;
    case 'HazardClosed':
      return event.data.closedAt;
    case 'HazardReopened':
      return event.data.reopenedAt;
    case 'HazardEscalated':
      return event.data.decidedAt;
    case 'ListedSupervisionOrdered':
      return event.data.orderedAt;
    case 'HazardListed':
      return event.data.listedAt;
    case 'DeadlineMissed':
      return event.data.detectedAt;
    default: {
      const unhandled: never = event;
      throw new Error(`no occurredAt for ${(unhandled as HazardEvent).type}`);
    }
  }
}
