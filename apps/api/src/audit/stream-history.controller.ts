import { Controller, Get, Inject, NotFoundException, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { EVENT_STORE } from '#bootstrap';
import { toCstIso } from '../conventions/cst-time.js';
import type { EventStore } from '#event-store';

/** `GET /api/v1/audit/streams/{streamId}`: every event of a stream with metadata, revision, position, recordedAt, hash. */
@ApiTags('audit')
@Controller('api/v1/audit/streams')
export class StreamHistoryController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get(':streamId')
  @ApiOperation({ summary: "A stream's full history, straight from the store" })
  async history(@Param('streamId') streamId: string) {
    if (streamId.length > 200) throw new NotFoundException({ error: 'not_found', message: 'no such stream' });
    const events = await this.store.readStream(streamId);
    if (events.length === 0) throw new NotFoundException({ error: 'not_found', message: `no stream ${streamId}` });
    return {
      streamId,
      streamRevision: events[events.length - 1]!.revision.toString(),
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
