import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Access } from '#auth';
import { REFERENCE_DATA } from '#bootstrap';
import type { PostgresAuditLog } from '#event-store';
import type { ReferenceData } from '#reference-data';
import { toCstIso } from '../conventions/cst-time.js';
import { AUDIT_LOG } from './audit-log.provider.js';
import { toAuditEventView, type AuditEventView } from './audit-event.view.js';
import { MAX_AUDIT_PAGE, parseCursor, parseLimit, parseRecordedRange } from './audit-query.js';
import { NO_FIGURE, topicsFed } from './district-topics.js';

/**
 * `GET /api/v1/audit/districts/{code}/changes?from=&to=`: the facts recorded in `[from, to)` that
 * concern a district — events whose data names it as `districtCode`, and events of a stream whose first
 * event names it (a hazard's plan and closure, an enterprise's grading, a report's verification) —
 * grouped by the statistics topic they feed (an enterprise's registration feeds drills, inspections,
 * standardization and training), events that feed no figure under `none`. Paged by position.
 */
@ApiTags('audit')
@Access({ roles: ['auditor', 'city_admin'], scope: 'none' })
@Controller('api/v1/audit/districts')
export class DistrictChangesController {
  constructor(
    @Inject(AUDIT_LOG) private readonly log: PostgresAuditLog,
    @Inject(REFERENCE_DATA) private readonly reference: ReferenceData,
  ) {}

  /**
   * @returns `{ districtCode, from, to, topics: [{ topic, route, events }], nextAfter }`, topics in code order
   * @throws NotFoundException (404) for a district not in the reference data; BadRequestException (400) for bad bounds
   */
  @Get(':code/changes')
  @ApiOperation({
    summary: "The facts recorded between two instants that changed a district's figures, grouped by statistics topic",
    description:
      'from and to (both required): CST dates (`from` at its 00:00 CST, a date `to` including its whole day) or ISO-8601 times with an offset; the interval is [from, to) of recordedAt — the facts the system learned in that span, which is what makes the as-of figures at `to` differ from those at `from`.',
  })
  @ApiQuery({ name: 'from', required: true })
  @ApiQuery({ name: 'to', required: true })
  @ApiQuery({ name: 'after', required: false, description: 'cursor: only events with a global position greater than this (default 0)' })
  @ApiQuery({ name: 'limit', required: false, description: `events per page, 1–${MAX_AUDIT_PAGE} (default ${MAX_AUDIT_PAGE})` })
  async changes(
    @Param('code') code: string,
    @Query('from') from?: unknown,
    @Query('to') to?: unknown,
    @Query('after') afterRaw?: unknown,
    @Query('limit') limitRaw?: unknown,
  ) {
    const range = parseRecordedRange({ from, to }, true);
    const after = parseCursor(afterRaw, 'after', 0n);
    const limit = parseLimit(limitRaw, MAX_AUDIT_PAGE);
    if (!this.reference.districtCodes.has(code)) throw new NotFoundException({ error: 'not_found', message: `no district ${code}` });
    const page = await this.log.districtChanges(code, range, after, limit);
    const groups = new Map<string, AuditEventView[]>();
    for (const event of page.events) {
      const view = toAuditEventView(event);
      const topics = topicsFed(event.type);
      for (const topic of topics.length > 0 ? topics : [NO_FIGURE]) groups.set(topic, [...(groups.get(topic) ?? []), view]);
    }
    const topics = [...groups.keys()].sort().map((topic) => ({
      topic,
      route: topic === NO_FIGURE ? null : `/api/v1/statistics/${topic}`,
      events: groups.get(topic)!,
    }));
    return {
      districtCode: code,
      from: toCstIso(range.from!),
      to: toCstIso(range.to!),
      events: page.events.length,
      topics,
      nextAfter: page.nextAfter?.toString() ?? null,
    };
  }
}
