import { Controller, Get, Inject, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Access } from '#auth';
import { EVENT_STORE } from '#bootstrap';
import type { EventStore } from '#event-store';
import { toCstIso } from '../conventions/cst-time.js';
import { MAX_AUDIT_PAGE, parseCursor, parseLimit } from './audit-query.js';

/**
 * `GET /api/v1/audit/streams/{streamId}?fromRevision=&limit=`: a stream's events in revision order
 * with metadata, revision, position, recordedAt and hash; pages of at most 1000 (default 1000) from
 * `fromRevision` (default 0), `nextFromRevision` naming the next page (`null` at the end).
 * @throws NotFoundException (404) for a stream that does not exist
 */
@ApiTags('audit')
@Access({ roles: ['auditor', 'city_admin'], scope: 'none' })
@Controller('api/v1/audit/streams')
export class StreamHistoryController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get(':streamId')
  @ApiOperation({ summary: "A stream's history, straight from the store, in pages of revisions" })
  @ApiQuery({ name: 'fromRevision', required: false, description: 'first revision of the page (default 0)' })
  @ApiQuery({ name: 'limit', required: false, description: `events per page, 1–${MAX_AUDIT_PAGE} (default ${MAX_AUDIT_PAGE})` })
  async history(@Param('streamId') streamId: string, @Query('fromRevision') fromRevisionRaw?: unknown, @Query('limit') limitRaw?: unknown) {
    const fromRevision = parseCursor(fromRevisionRaw, 'fromRevision', 0n);
    const limit = parseLimit(limitRaw, MAX_AUDIT_PAGE);
    if (streamId.length > 200) throw new NotFoundException({ error: 'not_found', message: 'no such stream' });
    const head = await this.store.streamRevision(streamId);
    if (head === null) throw new NotFoundException({ error: 'not_found', message: `no stream ${streamId}` });
    const events = fromRevision > head ? [] : await this.store.readStream(streamId, { fromRevision, limit });
    const last = events[events.length - 1];
    return {
      streamId,
      streamRevision: head.toString(),
      nextFromRevision: last && last.revision < head ? (last.revision + 1n).toString() : null,
      events: events.map((e) => ({
        eventId: e.eventId,
        type: e.type,
        schemaVersion: e.schemaVersion,
        revision: e.revision.toString(),
        position: e.position.toString(),
        recordedAt: toCstIso(e.recordedAt),
        data: e.data,
        metadata: e.metadata,
        hash: e.hash,
        previousHash: e.previousHash,
      })),
    };
  }
}
