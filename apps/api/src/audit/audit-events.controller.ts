import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Access } from '#auth';
import { EVENT_STORE } from '#bootstrap';
import { enterpriseStreamId, hazardStreamId } from '#domain';
import type { EventPage, EventStore, PostgresAuditLog } from '#event-store';
import { AUDIT_LOG } from './audit-log.provider.js';
import { toAuditEventView } from './audit-event.view.js';
import { DEFAULT_AUDIT_PAGE, MAX_AUDIT_PAGE, parseCursor, parseLimit, parseRecordedRange } from './audit-query.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LIMIT_DOC = `events per page, 1–${MAX_AUDIT_PAGE} (default ${DEFAULT_AUDIT_PAGE})`;
const AFTER_DOC = 'cursor: only events with a global position greater than this (the previous page’s nextAfter; default 0)';

/** A page on the wire: events in global order and the cursor of the next page (`null` at the end). */
function pageView(page: EventPage) {
  return { events: page.events.map(toAuditEventView), nextAfter: page.nextAfter?.toString() ?? null };
}

/**
 * The auditors' event lists, each in global order and paged by position (`after`, `limit` ≤ 1000):
 * a hazard's case across streams, everything one subject did in a period, everything of one correlation.
 * Each event carries stream, revision, position, recordedAt, occurredAt, actor, correlationId,
 * causationId and hash.
 */
@ApiTags('audit')
@Access({ roles: ['auditor', 'city_admin'], scope: 'none' })
@Controller('api/v1/audit')
export class AuditEventsController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(AUDIT_LOG) private readonly log: PostgresAuditLog,
  ) {}

  /**
   * `GET /api/v1/audit/cases/hazard/{hazardId}`: the hazard's events, its enterprise's events, the
   * self-/supervisory inspections that name it, the reports verified with it (every event of each),
   * escalations and missed deadlines — merged in global order.
   * @throws NotFoundException (404) for a hazard that was never reported
   */
  @Get('cases/hazard/:hazardId')
  @ApiOperation({ summary: "A hazard's case across streams: hazard, enterprise, inspections naming it, reports verified with it — in global order" })
  @ApiQuery({ name: 'after', required: false, description: AFTER_DOC })
  @ApiQuery({ name: 'limit', required: false, description: LIMIT_DOC })
  async hazardCase(@Param('hazardId') hazardId: string, @Query('after') afterRaw?: unknown, @Query('limit') limitRaw?: unknown) {
    const after = parseCursor(afterRaw, 'after', 0n);
    const limit = parseLimit(limitRaw);
    if (!UUID.test(hazardId)) throw new NotFoundException({ error: 'not_found', message: `no hazard ${hazardId}` });
    const id = hazardId.toLowerCase();
    const [reported] = await this.store.readStream(hazardStreamId(id), { limit: 1 });
    if (!reported) throw new NotFoundException({ error: 'not_found', message: `no hazard ${hazardId}` });
    const uscc = reported.data.enterpriseUscc;
    const page = await this.log.hazardCase(hazardStreamId(id), id, typeof uscc === 'string' ? enterpriseStreamId(uscc) : null, after, limit);
    return { hazardId: id, enterpriseUscc: typeof uscc === 'string' ? uscc : null, ...pageView(page) };
  }

  /** `GET /api/v1/audit/subjects/{subject}/events?from=&to=`: what one subject did, recorded in `[from, to)`. */
  @Get('subjects/:subject/events')
  @ApiOperation({
    summary: 'Everything one subject (metadata.actor.subject) did, recorded in [from, to)',
    description: 'from/to: CST dates (a date `to` includes its whole day) or ISO-8601 times with an offset; both optional.',
  })
  @ApiQuery({ name: 'from', required: false })
  @ApiQuery({ name: 'to', required: false })
  @ApiQuery({ name: 'after', required: false, description: AFTER_DOC })
  @ApiQuery({ name: 'limit', required: false, description: LIMIT_DOC })
  async bySubject(
    @Param('subject') subject: string,
    @Query('from') from?: unknown,
    @Query('to') to?: unknown,
    @Query('after') afterRaw?: unknown,
    @Query('limit') limitRaw?: unknown,
  ) {
    const range = parseRecordedRange({ from, to }, false);
    const after = parseCursor(afterRaw, 'after', 0n);
    const limit = parseLimit(limitRaw);
    if (subject.length > 256) return { subject, events: [], nextAfter: null };
    return { subject, ...pageView(await this.log.bySubject(subject, range, after, limit)) };
  }

  /** `GET /api/v1/audit/correlations/{correlationId}/events`: every event of one correlation (one request and what it caused). */
  @Get('correlations/:correlationId/events')
  @ApiOperation({ summary: 'Every event of one correlation (X-Correlation-Id of the request, or the id made for it)' })
  @ApiQuery({ name: 'after', required: false, description: AFTER_DOC })
  @ApiQuery({ name: 'limit', required: false, description: LIMIT_DOC })
  async byCorrelation(@Param('correlationId') correlationId: string, @Query('after') afterRaw?: unknown, @Query('limit') limitRaw?: unknown) {
    const after = parseCursor(afterRaw, 'after', 0n);
    const limit = parseLimit(limitRaw);
    if (correlationId.length > 128) return { correlationId, events: [], nextAfter: null };
    return { correlationId, ...pageView(await this.log.byCorrelation(correlationId, after, limit)) };
  }
}
