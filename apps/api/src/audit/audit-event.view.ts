import type { RecordedEvent } from '#event-store';
import { toCstIso } from '../conventions/cst-time.js';

/** An event as auditors read it: where it is, when it was recorded and happened, who did it, why, its hash. */
export interface AuditEventView {
  eventId: string;
  streamId: string;
  type: string;
  schemaVersion: number;
  /** Decimal strings. */
  revision: string;
  position: string;
  /** When the store recorded it (CST ISO-8601). */
  recordedAt: string;
  /** When the fact happened in the world (`metadata.occurredAt`), `null` if absent. */
  occurredAt: string | null;
  /** Who issued the command: subject, role, district or enterprise scope, organisation. */
  actor: unknown;
  correlationId: string | null;
  causationId: string | null;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  hash: string;
  previousHash: string | null;
}

/** The auditors' view of a stored event (no field dropped: the audit routes are for auditors and city administrators). */
export function toAuditEventView(e: RecordedEvent): AuditEventView {
  const m = e.metadata;
  return {
    eventId: e.eventId,
    streamId: e.streamId,
    type: e.type,
    schemaVersion: e.schemaVersion,
    revision: e.revision.toString(),
    position: e.position.toString(),
    recordedAt: toCstIso(e.recordedAt),
    occurredAt: typeof m.occurredAt === 'string' ? m.occurredAt : null,
    actor: m.actor ?? null,
    correlationId: typeof m.correlationId === 'string' ? m.correlationId : null,
    causationId: typeof m.causationId === 'string' ? m.causationId : null,
    data: e.data,
    metadata: m,
    hash: e.hash,
    previousHash: e.previousHash,
  };
}
