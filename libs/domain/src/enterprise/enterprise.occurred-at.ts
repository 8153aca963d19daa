import type { EnterpriseEvent } from './enterprise.events.js';

/** When the fact an enterprise event records happened in the world (ISO-8601), for `metadata.occurredAt`. */
export function enterpriseEventOccurredAt(event: EnterpriseEvent): string {
  switch (event.type) {
    case 'EnterpriseRegistered':
      return event.data.registeredAt;
    case 'StandardizationGraded':
      return event.data.gradedAt;
    case 'ResponsibilitySystemEstablished':
      return event.data.establishedAt;
    case 'EnterpriseClosed':
      return event.data.closedAt;
    default: {
      const unhandled: never = event;
      throw new Error(`no occurredAt for ${(unhandled as EnterpriseEvent).type}`);
    }
  }
}
