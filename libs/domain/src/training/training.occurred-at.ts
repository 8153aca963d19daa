import type { TrainingEvent } from './training.events.js';

/** When the fact an event records happened in the world (ISO-8601), for `metadata.occurredAt`. */
export function trainingEventOccurredAt(event: TrainingEvent): string {
  switch (event.type) {
    case 'TrainingRecorded':
      return event.data.completedAt;
    case 'CertificateIssued':
      return event.data.issuedAt;
    case 'CertificateRevoked':
      return event.data.revokedAt;
    default: {
      const unhandled: never = event;
      throw new Error(`no occurredAt for ${(unhandled as TrainingEvent).type}`);
    }
  }
}
