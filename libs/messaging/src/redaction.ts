import type { RecordedEvent } from '#event-store';

/** What analysts receive of an event: its place in the order and its facts, without personal data. */
export interface AnalystEvent {
  position: string;
  streamId: string;
  /** The stream's category: the part of the stream id before the first '-' (`hazard`, `enterprise`). */
  category: string;
  revision: string;
  eventId: string;
  type: string;
  schemaVersion: number;
  recordedAt: string;
  occurredAt: string | null;
  correlationId: string | null;
  causationId: string | null;
  /** The acting role and organisation; never the person (the subject). */
  actor: { role: string | null; organisation: string | null };
  data: Record<string, unknown>;
}

/** The stream category of a stream id: `hazard-0193…` → `hazard`. */
export function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
}

/**
 * Personal data fields by event type, removed before an event leaves for analysts (SSE, Kafka):
 * people are named in a rectification plan's responsible person; a whistle-blower report carries the
 * reporter's encrypted identity (replaced by `hasReporterIdentity`). The acting person (`actor.subject`)
 * is never passed on for any event.
 */
const PERSONAL_DATA: Record<string, (data: Record<string, unknown>) => Record<string, unknown>> = {
  RectificationPlanned: ({ responsiblePerson: _person, ...rest }) => rest,
  // The whistle-blower's identity is confidential (保密): not even its envelope leaves for analysts.
  ReportReceived: ({ reporterIdentity, ...rest }) => ({ ...rest, hasReporterIdentity: reporterIdentity !== null && reporterIdentity !== undefined }),
};

/** The analysts' view of a stored event: personal data removed, positions as decimal strings. */
export function redactForAnalysts(event: RecordedEvent): AnalystEvent {
  const metadata = event.metadata as {
    occurredAt?: unknown;
    correlationId?: unknown;
    causationId?: unknown;
    actor?: { role?: unknown; organisation?: unknown };
  };
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  const strip = PERSONAL_DATA[event.type];
  return {
    position: event.position.toString(),
    streamId: event.streamId,
    category: categoryOf(event.streamId),
    revision: event.revision.toString(),
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    recordedAt: event.recordedAt.toISOString(),
    occurredAt: text(metadata.occurredAt),
    correlationId: text(metadata.correlationId),
    causationId: text(metadata.causationId),
    actor: { role: text(metadata.actor?.role), organisation: text(metadata.actor?.organisation) },
    data: strip ? strip(event.data) : event.data,
  };
}
