import type { SqlExecutor } from '#database';
import type { RecordedEvent } from './event-store.port.js';
import { EVENT_COLUMNS, toRecordedEvent, type EventRow } from './postgres-event-store.js';

/** A page of events in global order, with the cursor for the next page (`null` when this was the last). */
export interface EventPage {
  events: RecordedEvent[];
  /** Pass as `after` to read on; `null` when fewer than `limit` events were left. */
  nextAfter: bigint | null;
}

/** Half-open interval of recording instants `[from, to)`; either end may be open (`null`). */
export interface RecordedRange {
  from: Date | null;
  to: Date | null;
}

/** Where an as-of read stops: at a global position (inclusive) or at a recording instant (inclusive). */
export type AsOf = { position: bigint } | { recordedAt: Date };

/**
 * The auditors' reads of the PostgreSQL/PGlite event store (`es_events`), beyond the store port: by
 * correlation, by acting subject, by case, by district, and a stream up to a point. Every read is in
 * global order, paged by an exclusive position cursor (`after`) with `limit` ≤ 1000. Uses the indexes of
 * `eventStoreAuditIndexSql`. Read-only; appends commit in position order (the append lock), so a cursor
 * never skips an event committed later.
 */
export class PostgresAuditLog {
  constructor(private readonly db: SqlExecutor) {}

  /** Every event whose `metadata.correlationId` is `correlationId`. */
  byCorrelation(correlationId: string, after: bigint, limit: number): Promise<EventPage> {
    return this.page(`metadata->>'correlationId' = $3`, [correlationId], after, limit);
  }

  /** Every event whose `metadata.actor.subject` is `subject`, recorded within `range`. */
  bySubject(subject: string, range: RecordedRange, after: bigint, limit: number): Promise<EventPage> {
    return this.page(
      `(metadata->'actor')->>'subject' = $3 AND ($4::timestamptz IS NULL OR recorded_at >= $4::timestamptz)
        AND ($5::timestamptz IS NULL OR recorded_at < $5::timestamptz)`,
      [subject, range.from, range.to],
      after,
      limit,
    );
  }

  /**
   * A hazard's case across streams: its own stream, its enterprise's stream, the self-inspections
   * (`hazardIds`) and supervisory inspections (`hazardsFound`) that name it, and every event of the
   * reports whose verification names it (`ReportVerified.hazardId`).
   */
  hazardCase(hazardStreamId: string, hazardId: string, enterpriseStreamId: string | null, after: bigint, limit: number): Promise<EventPage> {
    return this.page(
      `(stream_id = $3 OR stream_id = $4
        OR (type = 'SelfInspectionRecorded' AND data->'hazardIds' @> to_jsonb(ARRAY[$5::text]))
        OR (type = 'SupervisoryInspectionRecorded' AND data->'hazardsFound' @> to_jsonb(ARRAY[$5::text]))
        OR stream_id IN (SELECT r.stream_id FROM es_events r WHERE r.type = 'ReportVerified' AND r.data->>'hazardId' = $5))`,
      [hazardStreamId, enterpriseStreamId, hazardId],
      after,
      limit,
    );
  }

  /**
   * The events recorded within `range` that concern a district: those whose data names it as
   * `districtCode`, and — for events without a `districtCode` of their own (a hazard's plan, an
   * enterprise's grading, a report's verification) — those of a stream whose first event names it.
   */
  districtChanges(districtCode: string, range: RecordedRange, after: bigint, limit: number): Promise<EventPage> {
    return this.page(
      `($4::timestamptz IS NULL OR recorded_at >= $4::timestamptz) AND ($5::timestamptz IS NULL OR recorded_at < $5::timestamptz)
        AND CASE WHEN data ? 'districtCode' THEN data->>'districtCode' = $3
                 ELSE EXISTS (SELECT 1 FROM es_events f WHERE f.stream_id = es_events.stream_id AND f.revision = 0 AND f.data->>'districtCode' = $3) END`,
      [districtCode, range.from, range.to],
      after,
      limit,
    );
  }

  /** A stream's events up to `asOf` (inclusive), in revision order; `[]` when none was recorded by then. */
  async streamAsOf(streamId: string, asOf: AsOf): Promise<RecordedEvent[]> {
    const byPosition = 'position' in asOf;
    const { rows } = await this.db.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM es_events WHERE stream_id = $1 AND ${byPosition ? 'position <= $2::bigint' : 'recorded_at <= $2::timestamptz'} ORDER BY revision`,
      [streamId, byPosition ? asOf.position.toString() : asOf.recordedAt],
    );
    return rows.map(toRecordedEvent);
  }

  private async page(condition: string, params: unknown[], after: bigint, limit: number): Promise<EventPage> {
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new RangeError('limit must be an integer in 1..1000');
    const { rows } = await this.db.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM es_events WHERE position > $1::bigint AND ${condition} ORDER BY position LIMIT $2::bigint`,
      [after.toString(), limit, ...params],
    );
    const events = rows.map(toRecordedEvent);
    return { events, nextAfter: events.length === limit ? events[events.length - 1]!.position : null };
  }
}
