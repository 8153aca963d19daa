import { Controller, Get, HttpException, HttpStatus, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import { CONFIG, DATABASE, EVENT_STORE, PROJECTION_RUNNER, READ_MODELS, type ZhibenConfig } from '#bootstrap';
import type { Database } from '#database';
import type { EventStore } from '#event-store';
import { parkedEventsSummary, type ProjectionRunner } from '#projections';
import { Public } from '#auth';
import { toParkedEventView } from '../admin/parked-event.view.js';

/** Parked events named on /health (the admin route lists them all). */
const PARKED_SHOWN = 5;

/**
 * `GET /health`: 200 when the store and the read models answer, with each projection's lag; `status`
 * is `ok`, or `degraded` while any event is parked (a projection threw on it and went on without it):
 * then `parkedEvents` gives their count and names the first five (projection, position, event id and
 * type, error, parkedAt). 503 when the store or the read models do not answer.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CONFIG) private readonly config: ZhibenConfig,
    @Inject(READ_MODELS) private readonly readModels: DataSource,
  ) {}

  @Public()
  @Get()
  @ApiOperation({
    summary: 'Store and read models reachable; projection lag in events; `degraded` while events are parked',
    description:
      'status: `ok`, or `degraded` while a projection has parked events (still 200: the store and the read models answer). ' +
      'parkedEvents: { count, first: up to 5 of them in global order: projection, position, eventId, eventType, error, parkedAt } — ' +
      'all of them at GET /api/v1/admin/parked-events (city_admin).',
  })
  async health() {
    try {
      const head = await this.store.headPosition();
      const projections = (await this.runner.status()).map((p) => ({
        name: p.name,
        position: p.position.toString(),
        lag: (head > p.position ? head - p.position : 0n).toString(),
        lastError: p.lastError,
      }));
      const parked = await parkedEventsSummary(this.readModels, PARKED_SHOWN);
      return {
        status: parked.count > 0 ? 'degraded' : 'ok',
        mode: this.db.kind === 'pglite' ? 'embedded' : 'server',
        workerInProcess: this.config.workerInProcess,
        headPosition: head.toString(),
        projections,
        parkedEvents: { count: parked.count, first: parked.first.map(toParkedEventView) },
      };
    } catch (error) {
      throw new HttpException(
        { error: 'unavailable', message: `store or read models unreachable: ${error instanceof Error ? error.message : String(error)}` },
        HttpStatus.SERVICE_UNAVAILABLE,
      );
    }
  }
}
