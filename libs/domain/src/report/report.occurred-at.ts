import type { ReportEvent } from './report.events.js';

/** When the fact a report event records happened in the world (ISO-8601), for `metadata.occurredAt`. */
export function reportEventOccurredAt(event: ReportEvent): string {
  switch (event.type) {
    case 'ReportReceived':
      return event.data.receivedAt;
    case 'ReportVerified':
      return event.data.verifiedAt;
    case 'RewardPaid':
      return event.data.paidAt;
    case 'ReporterIdentityRead':
      return event.data.readAt;
    case 'ReporterIdentityShredded':
      return event.data.shreddedAt;
    default: {
      const unhandled: never = event;
      throw new Error(`no occurredAt for ${(unhandled as ReportEvent).type}`);
    }
  }
}
