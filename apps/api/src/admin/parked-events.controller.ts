import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { Access } from '#auth';
import { READ_MODELS } from '#bootstrap';
import { parkedEventsPage } from '#projections';
import { parseCursor, parseLimit } from '../audit/audit-query.js';
import { toParkedEventView } from './parked-event.view.js';

const DEFAULT_PAGE = 100;

/**
 * `GET /api/v1/admin/parked-events`: the events a projection threw on and set aside (issue 9, part 3),
 * so that the projection went on with the rest. City administrators only. `npm run cli -- retry-parked`
 * re-applies them after a fix.
 */
@ApiTags('admin')
@Access({ roles: ['city_admin'], scope: 'none' })
@Controller('api/v1/admin')
export class ParkedEventsController {
  constructor(@Inject(READ_MODELS) private readonly readModels: DataSource) {}

  /**
   * `{ count, parkedEvents: [{ projection, position, eventId, eventType, error, parkedAt }], nextAfter }`:
   * how many are parked in all, and a page of them in global order after the position `after` (default 0):
   * `limit` (1–1000, default 100), extended to every projection's row at the page's last position, so
   * a position is never split; `nextAfter` is the cursor of the next page (null at the end).
   * @throws BadRequestException (400) for a `limit` out of range or an `after` that is not a position
   */
  @Get('parked-events')
  @ApiOperation({
    summary: 'Events parked by a projection that threw on them (city_admin)',
    description:
      'count: how many (projection, event) pairs are parked in all; parkedEvents: a page of them in global order after `after` ' +
      '(`limit`, extended to every projection at the last position listed), each with its projection, ' +
      'position (decimal string), eventId, eventType, error (the projector’s message or the reference-data check’s reason) and parkedAt ' +
      '(CST ISO-8601). While any is parked, /health says `degraded`. `npm run cli -- retry-parked` re-applies them.',
  })
  @ApiQuery({ name: 'after', required: false, description: 'cursor: only events with a global position greater than this (the previous page’s nextAfter; default 0)' })
  @ApiQuery({ name: 'limit', required: false, description: `parked events per page, 1–1000 (default ${DEFAULT_PAGE})` })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: {
        count: { type: 'integer' },
        parkedEvents: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              projection: { type: 'string', example: 'hazard-ledger' },
              position: { type: 'string', example: '1024' },
              eventId: { type: 'string', format: 'uuid' },
              eventType: { type: 'string', example: 'HazardReported' },
              error: { type: 'string', example: 'RangeError: Invalid time value' },
              parkedAt: { type: 'string', example: '2025-03-01T09:30:00.000+08:00' },
            },
          },
        },
        nextAfter: { type: 'string', nullable: true, example: null },
      },
    },
  })
  async list(@Query('after') afterRaw?: unknown, @Query('limit') limitRaw?: unknown) {
    const after = parseCursor(afterRaw, 'after', 0n);
    const limit = parseLimit(limitRaw, DEFAULT_PAGE);
    const [{ count }]: { count: number }[] = await this.readModels.query('SELECT count(*)::int AS count FROM projection_parked_events');
    const page = await parkedEventsPage(this.readModels, after, limit);
    return { count, parkedEvents: page.events.map(toParkedEventView), nextAfter: page.nextAfter?.toString() ?? null };
  }
}
